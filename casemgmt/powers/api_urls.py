"""JSON API of the powers app (mounted at /api/powers/, namespace api:powers)."""

from django.urls import path

from . import api

app_name = "powers"
urlpatterns = [
    path("matters/", api.MatterListView.as_view(), name="matter-list"),
    path("grants/", api.GrantListView.as_view(), name="grant-list"),
    path("holder/", api.HolderView.as_view(), name="holder"),
    path("transfers/", api.TransferListView.as_view(), name="transfer-list"),
    path("transfers/<int:pk>/<slug:action>/", api.TransferActionView.as_view(), name="transfer-action"),
    path("cases/<int:pk>/transfer/", api.CaseTransferView.as_view(), name="case-transfer"),
    path("cases/<int:pk>/referral/", api.CaseReferralView.as_view(), name="case-referral"),
    path("cases/<int:pk>/assistance/", api.CaseAssistanceView.as_view(), name="case-assistance"),
    path("assistance/<int:pk>/reply/", api.AssistanceReplyView.as_view(), name="assistance-reply"),
]
