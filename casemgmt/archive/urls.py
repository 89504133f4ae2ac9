"""Web pages of the archive app (mounted at /archive/)."""

from django.urls import path  # noqa: F401

app_name = "archive"
urlpatterns: list = []
