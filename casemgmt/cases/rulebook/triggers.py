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


def hearing_reasons(facts, *, types, fine, confiscation, on: dt.date) -> list[str]:
    """Why the intended penalty opens the right to a hearing (APL Art. 63); empty when it does not."""
    reasons: list[str] = []
    heavy = set(types) & HEARING_PENALTIES
    if heavy:
        reasons.append(f"拟作出{penalty_labels(sorted(heavy))}")
    field = facts.case.enforcement_subject.field
    citizen = facts.party_is_citizen
    for trigger in facts.hearing_triggers:
        if not _in_force(trigger, on, field):
            continue
        for label, amount in (("罚款", fine), ("没收", confiscation)):
            if amount and trigger.matches(amount=Decimal(amount), is_citizen=citizen):
                reasons.append(f"拟{label}{money(amount)}达到较大数额标准（{trigger.source}）")
    return reasons


def legal_review_reasons(facts, *, types, fine, confiscation, is_reduction: bool, on: dt.date) -> list[str]:
    """Why the decision needs 法制审核 (APL Art. 58; the county's 目录清单); empty when it does not."""
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
    field = case.enforcement_subject.field
    citizen = facts.party_is_citizen
    for trigger in facts.review_triggers:
        if not _in_force(trigger, on, field):
            continue
        if trigger.includes_licence_revocation and set(types) & LICENCE_PENALTIES:
            reasons.append(f"拟作出{penalty_labels(sorted(set(types) & LICENCE_PENALTIES))}（{trigger.source}）")
        for label, amount in (("罚款", fine), ("没收", confiscation)):
            if amount and trigger.matches(amount=Decimal(amount), is_citizen=citizen):
                reasons.append(f"拟{label}{money(amount)}达到法制审核标准（{trigger.source}）")
    return list(dict.fromkeys(reasons))
