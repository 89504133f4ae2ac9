"""Web pages of the discretion app (mounted at /discretion/)."""

from django.urls import path

from . import views

app_name = "discretion"
urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
    path("benchmarks/", views.benchmark_list, name="benchmarks"),
    path("benchmarks/<int:pk>/", views.benchmark_detail, name="benchmark"),
    path("benchmarks/import/", views.benchmark_import, name="import"),
    path("benchmarks/export/", views.benchmark_export, name="export"),
    path("cases/<int:pk>/rationale/", views.rationale, name="rationale"),
    path("cases/<int:pk>/no-penalty-review/", views.no_penalty_review, name="no_penalty_review"),
]
