"""JSON API of the supervision dashboard (mounted at /api/dashboard/)."""

from django.urls import path

from . import api

app_name = "dashboard"
urlpatterns = [
    path("", api.DashboardView.as_view(), name="board"),
    path("sweep/", api.SweepView.as_view(), name="sweep"),
    path("statistics.xlsx", api.StatisticsExportView.as_view(), name="export"),
]
