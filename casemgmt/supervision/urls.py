from django.urls import path

from . import annual_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.board, name="board"),
    path("sweep/", views.sweep, name="sweep"),
    path("statistics.xlsx", views.statistics_export, name="export"),
    path("annual/", annual_views.annual_page, name="annual"),
    path("annual/download", annual_views.annual_download, name="annual_download"),
]
