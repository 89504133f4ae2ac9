"""JSON API of the documents app (mounted at /api/documents/)."""

from django.urls import path  # noqa: F401

app_name = "documents"
urlpatterns: list = []
