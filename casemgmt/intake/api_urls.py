from django.urls import path

from . import api

app_name = "intake"

urlpatterns = [
    path("clues/", api.IntakeClueView.as_view(), name="clue-deliver"),
    path("clues/<str:source_id>/", api.IntakeClueDetailView.as_view(), name="clue-detail"),
]
