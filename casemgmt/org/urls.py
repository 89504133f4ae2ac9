"""Administrators' pages for people (mounted at /org/)."""

from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("people/import/", views.people_import, name="people_import"),
    path("people/import/<str:token>/", views.people_import_plan, name="people_import_plan"),
    path("people/export/", views.people_export, name="people_export"),
    path("certificates/expiry/", views.certificate_expiry_report, name="certificate_expiry"),
]
