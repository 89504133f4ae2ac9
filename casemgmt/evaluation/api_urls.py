"""JSON API of case-file evaluation (案卷评查, mounted at /api/supervision/)."""

from django.urls import path

from . import api

app_name = "evaluation"
urlpatterns = [
    path("rubric/", api.RubricView.as_view(), name="rubric"),
    path("cases/<int:pk>/selfcheck/", api.SelfCheckView.as_view(), name="selfcheck"),
    path("rounds/", api.RoundListView.as_view(), name="round-list"),
    path("rounds/<int:pk>/", api.RoundDetailView.as_view(), name="round-detail"),
    path("rounds/<int:pk>/publish/", api.RoundPublishView.as_view(), name="round-publish"),
    path("rounds/<int:pk>/bands/", api.RoundBandsView.as_view(), name="round-bands"),
    path("rounds/<int:pk>/close/", api.RoundCloseView.as_view(), name="round-close"),
    path("rounds/<int:pk>/results/", api.RoundResultsView.as_view(), name="round-results"),
    path(
        "rounds/<int:pk>/units/<int:unit_pk>/self-score/", api.UnitSelfScoreView.as_view(), name="round-unit-self-score"
    ),
    path("rounds/<int:pk>/files/<int:file_pk>/", api.FileView.as_view(), name="round-file"),
    path("rounds/<int:pk>/files/<int:file_pk>/self-score/", api.SelfScoreView.as_view(), name="round-self-score"),
]
