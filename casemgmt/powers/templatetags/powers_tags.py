"""The powers card on the case page: the matter, who holds it, transfers, referrals and assistance requests."""

from __future__ import annotations

from django import template
from django.utils import timezone

from casemgmt.cases.rulebook import case_facts
from casemgmt.org.tree import unit_tree
from casemgmt.powers.holders import catalogue_snapshot
from casemgmt.powers.models import AssistanceRequest, CriminalReferral, Transfer

register = template.Library()


@register.simple_tag
def case_powers(case) -> dict:
    """Only called for a case the user may already see (case_get_for_user)."""
    snapshot = catalogue_snapshot()
    matter = snapshot.matters.get(case.matter_id) if case.matter_id else None
    holding = None
    if matter is not None:
        township = case.locality_id or unit_tree().township_of(case.handling_unit_id)
        holding = snapshot.describe(snapshot.holder(matter.pk, township, timezone.localdate()))
    return {
        "matter": matter,
        "holding": holding,
        "assisting": list(case.assisting_units.all()),
        # The page's facts (loaded once per request) say whether there is any transfer: none, no query.
        "transfers": list(Transfer.objects.filter(case=case).select_related("from_unit", "to_unit"))
        if case_facts(case).transfers
        else [],
        "referrals": list(CriminalReferral.objects.filter(case=case)),
        "assistance": list(AssistanceRequest.objects.filter(case=case).select_related("to_unit")),
    }
