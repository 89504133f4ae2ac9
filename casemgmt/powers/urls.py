"""Web pages of the powers app (mounted at /powers/)."""

from django.urls import path  # noqa: F401

app_name = "powers"
urlpatterns: list = []
