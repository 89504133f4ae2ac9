"""JSON API of the powers app (mounted at /api/powers/)."""

from django.urls import path  # noqa: F401

app_name = "powers"
urlpatterns: list = []
