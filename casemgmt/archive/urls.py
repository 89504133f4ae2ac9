"""Web pages of the archive app (mounted at /archive/)."""

from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("export.xlsx", views.search_export, name="export"),
    path("export.csv", views.search_export_csv, name="export_csv"),
    path("index/", views.index_page, name="index"),
    path("index/rebuild", views.index_rebuild, name="index_rebuild"),
    path("cases/<int:pk>/", views.record_detail, name="record"),
    path("cases/<int:pk>/case-file.pdf", views.case_file, name="case_file"),
    path("cases/<int:pk>/archive", views.archive_action, name="archive_action"),
]
