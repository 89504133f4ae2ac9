"""Web pages of the discretion app (mounted at /discretion/)."""

from django.urls import path  # noqa: F401

app_name = "discretion"
urlpatterns: list = []
