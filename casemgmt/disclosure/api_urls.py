"""JSON API of the disclosure export (mounted at /api/disclosure/)."""

from django.urls import path

from . import api

app_name = "disclosure"
urlpatterns = [
    path("records/", api.DisclosureExportView.as_view(), name="records"),
]
