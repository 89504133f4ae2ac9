"""JSON API of the archive app (mounted at /api/archive/)."""

from django.urls import path

from . import api

app_name = "archive"
urlpatterns = [
    path("search/", api.SearchView.as_view(), name="search"),
    path("search/export.xlsx", api.ExportView.as_view(), name="export"),
    path("search/export.csv", api.CsvExportView.as_view(), name="export_csv"),
    path("cases/<int:pk>/", api.RecordView.as_view(), name="record"),
    path("cases/<int:pk>/unarchive/", api.UnarchiveView.as_view(), name="unarchive"),
    path("cases/<int:pk>/case-file.pdf", api.CaseFileView.as_view(), name="case_file"),
]
