from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.board, name="board"),
    path("sweep/", views.sweep, name="sweep"),
    path("statistics.xlsx", views.statistics_export, name="export"),
]
