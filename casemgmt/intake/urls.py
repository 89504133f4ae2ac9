from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("attachments/<int:pk>/", views.attachment_file, name="attachment"),
]
