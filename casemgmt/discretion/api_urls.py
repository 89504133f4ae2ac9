"""JSON API of the discretion app (mounted at /api/discretion/)."""

from django.urls import path  # noqa: F401

app_name = "discretion"
urlpatterns: list = []
