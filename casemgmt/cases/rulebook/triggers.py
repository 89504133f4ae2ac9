"""Hearing and legal-review triggers: built-in ones from the law plus the administrator's tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.cases.models.penalty import HEARING_PENALTIES, PenaltyType, penalty_labels

from ._util import money

LICENCE_PENALTIES = frozenset(
    {PenaltyType.REVOKE_LICENCE, PenaltyType.SUSPEND_BUSINESS, PenaltyType.CLOSE, PenaltyType.LOWER_QUALIFICATION}
)


def _in_force(trigger, on: dt.date, field: str) -> bool:
    if trigger.field and trigger.field != field:
        return False
    return trigger.effective_from <= on and (trigger.effective_to is None or on <= trigger.effective_to)


def case_field(facts) -> str:
    """The sector (领域) a trigger row is matched against: the case's matter's field (a township handles many
    sectors), else the field of a county department acting as subject."""
    matter = getattr(facts, "matter", None)
    if matter is not None and matter.field:
        return matter.field
    return facts.case.enforcement_subject.field


def hearing_reasons(facts, *, types, fine, confiscation, on: dt.date) -> list[str]:
    """Why the intended penalty opens the right to a hearing (APL Art. 63); empty when it does not."""
    reasons: list[str] = []
    heavy = set(types) & HEARING_PENALTIES
    if heavy:
        reasons.append(f"拟作出{penalty_labels(sorted(heavy))}")
    field = case_field(facts)
    citizen = facts.party_is_citizen
    for trigger in facts.hearing_triggers:
        if not _in_force(trigger, on, field):
            continue
        for label, amount in (("罚款", fine), ("没收", confiscation)):
            if amount and trigger.matches(amount=Decimal(amount), is_citizen=citizen):
                reasons.append(f"拟{label}{money(amount)}达到较大数额标准（{trigger.source}）")
    return reasons


AGGRAVATED_TIERS = frozenset({"从重", "aggravated", "heavier"})


def is_aggravated(facts, data: dict | None) -> bool:
    """Whether the intended (gate) or recorded (self-check) decision is in the 从重 tier."""
    tier = (data or {}).get("discretion_tier")
    if tier is None and facts.decision is not None:
        tier = facts.decision.discretion_tier
    return (tier or "").strip() in AGGRAVATED_TIERS


def legal_review_reasons(
    facts, *, types, fine, confiscation, is_reduction: bool, on: dt.date, is_aggravation: bool = False
) -> list[str]:
    """Why the decision needs 法制审核 (APL Art. 58; the county's 目录清单); empty when it does not.

    Built in (the law itself): major public interest, a hearing held (item 2), complex cases (item 3) and, per
    legal-brief §2.1, 减轻处罚. The administrator's 目录 rows add amounts, penalty types and 从重 (and may repeat
    减轻 / 听证 with their own source)."""
    case = facts.case
    reasons: list[str] = []
    if case.major_public_interest:
        reasons.append("涉及重大公共利益")
    if facts.held_hearing is not None:
        reasons.append("经过听证程序")
    if case.multiple_legal_relations:
        reasons.append("案件情况疑难复杂、涉及多个法律关系")
    if is_reduction:
        reasons.append("减轻处罚")
    if facts.policy.legal_review_all_ordinary and case.procedure == "ordinary":
        reasons.append("本机关规定普通程序案件一律法制审核")
    field = case_field(facts)
    citizen = facts.party_is_citizen
    for trigger in facts.review_triggers:
        if not _in_force(trigger, on, field):
            continue
        if trigger.includes_licence_revocation and set(types) & LICENCE_PENALTIES:
            reasons.append(f"拟作出{penalty_labels(sorted(set(types) & LICENCE_PENALTIES))}（{trigger.source}）")
        listed = set(types) & set(trigger.penalty_types or [])
        if listed:
            reasons.append(f"拟作出{penalty_labels(sorted(listed))}（{trigger.source}）")
        if is_aggravation and trigger.on_aggravation:
            reasons.append(f"从重处罚（{trigger.source}）")
        for label, amount in (("罚款", fine), ("没收", confiscation)):
            if amount and trigger.matches(amount=Decimal(amount), is_citizen=citizen):
                reasons.append(f"拟{label}{money(amount)}达到法制审核标准（{trigger.source}）")
    from .discretion import discretion_review_reasons  # discretion issue: a fine outside the benchmark tier's band

    reasons += discretion_review_reasons(facts, fine=fine)
    return list(dict.fromkeys(reasons))
