from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/status.json", views.status, name="status"),
]
