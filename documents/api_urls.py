"""JSON API of the documents app (mounted at /api/documents/)."""

from django.urls import path

from . import api

app_name = "documents"
urlpatterns = [
    path("", api.DocumentListView.as_view(), name="list"),
    path("<int:pk>/", api.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/pdf/", api.DocumentPdfView.as_view(), name="pdf"),
    path("<int:pk>/<slug:action>/", api.DocumentActionView.as_view(), name="action"),
]
