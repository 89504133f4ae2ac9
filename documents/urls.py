"""Web pages of the documents app (mounted at /documents/)."""

from django.urls import path  # noqa: F401

app_name = "documents"
urlpatterns: list = []
