"""The discretion block of the case page: rationale, same-violation distribution and the 首违不罚 review."""

from __future__ import annotations

from django import template

from casemgmt.cases.rulebook import case_facts
from casemgmt.discretion.models import DiscretionRationale, NoPenaltyAssessment
from casemgmt.discretion.selectors import distribution

register = template.Library()


@register.simple_tag
def case_discretion(case) -> dict:
    """What the case page shows (the case was fetched through ``case_get_for_user``). The distribution is
    aggregate data across units without case identities, so every reviewer may see it. The page's facts (loaded
    once per request) say whether the case has a rationale or a review at all: none, no query."""
    facts = case_facts(case)
    rationale = None
    if facts.rationales:
        rationale = (
            DiscretionRationale.objects.filter(case=case).select_related("matter", "benchmark").order_by("-pk").first()
        )
    dist = distribution(matter_id=rationale.matter_id, tier=rationale.tier) if rationale else None
    amount = None
    if rationale is not None:
        amount = rationale.decided_amount if rationale.decided_amount is not None else rationale.chosen_amount
    return {
        "rationale": rationale,
        "distribution": dist,
        "amount": amount,
        "outlier": bool(dist and dist.is_outlier(amount)),
        "review": NoPenaltyAssessment.objects.filter(case=case).select_related("item__matter").order_by("-pk").first()
        if facts.no_penalty_assessments
        else None,
    }
