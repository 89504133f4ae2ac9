"""JSON API of the archive app (mounted at /api/archive/)."""

from django.urls import path  # noqa: F401

app_name = "archive"
urlpatterns: list = []
