"""What a platform may learn about a clue it delivered: where it stands, so the hotline can answer the citizen.

Only the outcome and its dates: 待核查, 已立案 (案件编号, 立案日期), 不予立案 (理由), 已移送 (移送机关), 已结案; never the
officers, the other parties, the evidence or the case's log.
"""

from __future__ import annotations

from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.models.procedure import DecisionKind

from .models import IntakeClue

PENDING, FILED, NOT_FILED, TRANSFERRED, CLOSED, TERMINATED, WITHDRAWN = (
    "pending",
    "filed",
    "not_filed",
    "transferred",
    "closed",
    "terminated",
    "withdrawn",
)
LABELS = {
    PENDING: "待核查",
    FILED: "已立案",
    NOT_FILED: "不予立案",
    TRANSFERRED: "已移送",
    CLOSED: "已结案",
    TERMINATED: "已终止调查",
    WITHDRAWN: "已撤销立案",
}
CLOSED_STATUSES = (m.CaseStatus.CLOSED, m.CaseStatus.ARCHIVED)


def _transfer(case: m.Case) -> tuple[str, object] | None:
    """To whom and when the case was transferred: to another unit (移送管辖), to the judicial organs (涉嫌犯罪), or
    by a decision to transfer."""
    transfer = case.transfers.select_related("to_unit").order_by("-sent_at", "-id").first()
    if transfer is not None:
        return transfer.to_unit.name, timezone.localtime(transfer.sent_at).date()
    referral = case.criminal_referrals.order_by("-sent_on", "-id").first()
    if referral is not None:
        return referral.organ, referral.sent_on
    decision = (
        case.decisions.filter(kind__in=(DecisionKind.TRANSFER, DecisionKind.CRIMINAL_REFERRAL))
        .order_by("-decided_on", "-id")
        .first()
    )
    if decision is not None:
        return decision.transfer_to or "司法机关", decision.decided_on
    return None


def outcome(intake: IntakeClue) -> dict:
    case = intake.case
    result = {
        "source_id": intake.source_id,
        "received_at": intake.received_at,
        "registered_at": intake.delivered_at,
        "status": PENDING,
        "status_label": "",
        "case_number": "",
        "filed_on": None,
        "not_filed_reason": "",
        "transferred_to": "",
        "transferred_on": None,
        "closed_on": None,
        "updated_on": timezone.localtime(case.updated_at).date(),
    }
    if case.filed_on is not None:
        result.update(case_number=case.number, filed_on=case.filed_on)
    transfer = _transfer(case)
    if case.status == m.CaseStatus.NOT_FILED:
        result.update(status=NOT_FILED, not_filed_reason=case.not_filed_reason, closed_on=case.closed_on)
    elif transfer is not None:
        result.update(status=TRANSFERRED, transferred_to=transfer[0], transferred_on=transfer[1])
    elif case.status in CLOSED_STATUSES:
        result.update(status=CLOSED, closed_on=case.closed_on)
    elif case.status == m.CaseStatus.TERMINATED:
        result.update(status=TERMINATED)
    elif case.status == m.CaseStatus.WITHDRAWN:
        result.update(status=WITHDRAWN, closed_on=case.closed_on)
    elif case.filed_on is not None:
        result.update(status=FILED)
    result["status_label"] = LABELS[result["status"]]
    return result
