"""JSON API of the discretion app (mounted at /api/discretion/)."""

from django.urls import path

from . import api

app_name = "discretion"
urlpatterns = [
    path("calculate/", api.CalculateView.as_view(), name="calculate"),
    path("distribution/", api.DistributionView.as_view(), name="distribution"),
    path("cases/<int:pk>/rationale/", api.RationaleView.as_view(), name="rationale"),
    path("cases/<int:pk>/no-penalty-review/", api.NoPenaltyReviewView.as_view(), name="no-penalty-review"),
    path("benchmarks/import/", api.ImportView.as_view(), name="import"),
    path("benchmarks/export/", api.ExportView.as_view(), name="export"),
]
