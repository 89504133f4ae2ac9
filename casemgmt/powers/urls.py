"""Web pages of the powers app (mounted at /powers/)."""

from django.urls import path

from . import views

app_name = "powers"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("holder/", views.holder, name="holder"),
    path("cases/<int:pk>/transfer/", views.case_transfer, name="case_transfer"),
    path("cases/<int:pk>/referral/", views.case_referral, name="case_referral"),
    path("cases/<int:pk>/assistance/", views.case_assistance, name="case_assistance"),
    path("transfers/<int:pk>/<slug:action>/", views.transfer_action, name="transfer_action"),
    path("assistance/<int:pk>/reply/", views.assistance_reply, name="assistance_reply"),
]
