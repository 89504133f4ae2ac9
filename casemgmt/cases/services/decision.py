"""The decision (ordinary and summary procedure) and its service."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt
from casemgmt.org.models import Officer

from .base import (
    ConflictError,
    InputError,
    act_begin,
    act_now,
    actor_officer,
    gate,
    record_event,
    save_tracked,
    touch,
)
from .procedure import _penalty, _public_grounds

S = m.CaseStatus


@transaction.atomic
def decision_make(
    *,
    case: m.Case,
    actor,
    kind: str,
    on: dt.date,
    facts: str,
    legal_basis: str,
    penalty_types: list[str] | None = None,
    fine_amount=0,
    confiscation_amount=0,
    performance: str = "",
    remedy: str = "",
    statement_handling: str = "",
    discretion_tier: str = "",
    benchmark_ref: str = "",
    is_reduction: bool = False,
    reduction_ground: str = "",
    handed_over_on_announcement: bool = False,
    transfer_to: str = "",
    discretion: dict | None = None,
    correction_order: str = "",
    correction_notice_on: dt.date | None = None,
    correction_exemption: str = "",
    correction_exemption_reason: str = "",
    expected_version: int | None = None,
) -> m.Decision:
    """The agency head's decision (APL Art. 57). Gates: notice served, statement period, hearing, legal review,
    collective discussion, no heavier penalty, 90-day limit (APL Arts. 44–45, 57–62)."""
    case = act_begin("decide", case=case, actor=actor, expected_version=expected_version)
    head = actor_officer(actor)
    if kind not in m.DecisionKind.values:
        raise InputError("决定类型不正确", field="kind")
    if on < case.filed_on:
        raise InputError("决定日期早于立案日期", field="on")
    if on > timezone.localdate():
        raise InputError("决定日期不能晚于今天", field="on")
    if kind == m.DecisionKind.PENALTY:
        penalty = _penalty(penalty_types or [], fine_amount, confiscation_amount)
        if not penalty["penalty_types"]:
            raise InputError("须选择处罚种类", field="penalty_types")
    else:
        penalty = _penalty([], 0, 0)
    if kind in (m.DecisionKind.TRANSFER, m.DecisionKind.CRIMINAL_REFERRAL) and not transfer_to.strip():
        raise InputError("须填写移送机关", field="transfer_to")
    if correction_exemption and correction_exemption not in m.CorrectionExemption.values:
        raise InputError("不责令改正的情形不正确", field="correction_exemption")
    if kind != m.DecisionKind.PENALTY:
        correction_order, correction_notice_on, correction_exemption, correction_exemption_reason = "", None, "", ""
    correction = {
        "correction_order": correction_order.strip(),
        "correction_notice_on": correction_notice_on,
        "correction_exemption": correction_exemption,
        "correction_exemption_reason": correction_exemption_reason.strip(),
    }
    if is_reduction and not reduction_ground.strip():
        raise InputError("减轻处罚须写明法定依据（行政处罚法第三十二条）", field="reduction_ground")
    from casemgmt.discretion.services import decision_attach, decision_discretion  # discretion issue

    # The discretion rationale given with the decision (or recorded before) fills the tier and benchmark reference.
    discretion_tier, benchmark_ref = decision_discretion(
        case=case,
        actor=actor,
        on=on,
        kind=kind,
        discretion_tier=discretion_tier,
        benchmark_ref=benchmark_ref,
        rationale=discretion,
    )
    gate(
        case,
        Attempt(
            "decide",
            on,
            actor=head,
            data={
                "kind": kind,
                "is_reduction": is_reduction,
                "reduction_ground": reduction_ground,
                "discretion_tier": discretion_tier,
                "legal_basis": legal_basis,
                "dates": {"on": on, "correction_notice_on": correction_notice_on},
                **correction,
                **penalty,
            },
        ),
    )
    decision = m.Decision(
        case=case,
        recorded_by=actor,
        kind=kind,
        decided_on=on,
        decided_by=head,
        facts=facts,
        legal_basis=legal_basis,
        performance=performance,
        remedy=remedy,
        statement_handling=statement_handling,
        discretion_tier=discretion_tier,
        benchmark_ref=benchmark_ref,
        is_reduction=is_reduction,
        reduction_ground=reduction_ground,
        handed_over_on_announcement=handed_over_on_announcement,
        transfer_to=transfer_to,
        **correction,
        **penalty,
    )
    save_tracked(decision, reason="作出决定")
    decision_attach(decision)
    status = S.SERVED if handed_over_on_announcement else S.DECIDED
    touch(case, status=status, reason="作出决定", decided_on=on)
    record_event(
        case,
        action="decide",
        summary=f"{decision.get_kind_display()}（{on}）",
        actor=actor,
        payload={"decision": decision.pk},
    )
    return decision


@transaction.atomic
def summary_decide(
    *,
    case: m.Case,
    actor,
    officers: list[Officer],
    on: dt.date,
    violation_start: dt.date,
    facts: str,
    legal_basis: str,
    penalty_types: list[str],
    fine_amount=0,
    statement_heard: str = "",
    collected_on_spot: bool = False,
    on_spot_ground: str = "",
    receipt_number: str = "",
    expected_version: int | None = None,
) -> m.Decision:
    """当场处罚 (APL Arts. 51–52): warning or a small fine, decided and handed over on the spot."""
    case = act_begin("summary_decide", case=case, actor=actor, expected_version=expected_version)
    officer = actor_officer(actor)
    if not case.parties.exists():
        raise ConflictError("须先登记当事人")
    penalty = _penalty(penalty_types, fine_amount, 0)
    data = {
        **penalty,
        "officers": officers,
        "collected_on_spot": collected_on_spot,
        "on_spot_ground": on_spot_ground,
        "receipt_number": receipt_number,
        "legal_basis": legal_basis,
        "dates": {"on": on, "violation_start": violation_start},
    }
    case.violation_start = violation_start
    case.violation_end = violation_start
    gate(case, Attempt("summary_decide", on, actor=officer, data=data))
    now = act_now()
    for person in dict.fromkeys(officers):
        m.CaseOfficer.objects.create(
            case=case,
            officer=person,
            unit=case.handling_unit,
            role=m.OfficerRole.LEAD if person == officer else m.OfficerRole.ASSIST,
            certificate_number=person.valid_certificate(on).number,
            assigned_at=now,
        )
    decision = m.Decision(
        case=case,
        recorded_by=actor,
        kind=m.DecisionKind.PENALTY,
        decided_on=on,
        decided_by=officer,
        facts=facts,
        legal_basis=legal_basis,
        statement_handling=statement_heard,
        handed_over_on_announcement=True,
        collected_on_spot=collected_on_spot,
        on_spot_ground=on_spot_ground,
        receipt_number=receipt_number,
        **penalty,
    )
    save_tracked(decision, reason="当场处罚")
    status = S.SERVED
    payment = None
    if collected_on_spot and decision.fine_amount:
        payment = m.Payment.objects.create(
            case=case,
            recorded_by=actor,
            kind=m.PaymentKind.FINE,
            amount=decision.fine_amount,
            paid_on=on,
            receipt_number=receipt_number,
        )
        status = S.EXECUTION
    from .filing import _case_number

    touch(case, status=status, reason="当场处罚", decided_on=on, number=_case_number(case, on, "简"), facts=facts)
    record_event(
        case,
        action="summary_decide",
        summary=f"当场处罚：{facts[:60]}",
        actor=actor,
        payload={"decision": decision.pk, "payment": payment.pk if payment else None},
    )
    return decision


@transaction.atomic
def decision_serve(
    *,
    case: m.Case,
    actor,
    method: str,
    recipient: str,
    delivered_on: dt.date,
    witness: str = "",
    media_reference: str = "",
    note: str = "",
    late_reason: str = "",
    public_reason: str = "",
    public_process: str = "",
    expected_version: int | None = None,
) -> m.ServiceRecord:
    """Serve the decision within 7 working days (APL Art. 61); 公告 is served 30 days after publication."""
    from casemgmt.cases.clocks import deemed_service_date

    case = act_begin("serve_decision", case=case, actor=actor, expected_version=expected_version)
    if method not in m.ServiceMethod.values:
        raise InputError("送达方式不正确", field="method")
    if method == m.ServiceMethod.LEFT and not (witness or media_reference):
        raise InputError("留置送达须有见证人或音像记录", field="witness")
    public_reason, public_process = _public_grounds(method, public_reason, public_process)
    gate(
        case,
        Attempt(
            "serve_decision",
            delivered_on,
            actor=actor_officer(actor),
            data={
                "method": method,
                "delivered_on": delivered_on,
                "late_reason": late_reason,
                "public_reason": public_reason,
                "public_process": public_process,
                "dates": {"delivered_on": delivered_on},
            },
        ),
    )
    record = m.ServiceRecord(
        case=case,
        recorded_by=actor,
        document=m.ServiceDocument.DECISION,
        document_ref="行政处罚决定书",
        method=method,
        recipient=recipient,
        delivered_on=delivered_on,
        witness=witness,
        media_reference=media_reference,
        note="；".join(x for x in (note, late_reason and f"逾期原因：{late_reason}") if x),
        public_reason=public_reason,
        public_process=public_process,
        served_on=deemed_service_date(
            method=method, delivered_on=delivered_on, policy=m.ProcedurePolicy.for_unit(case.enforcement_subject)
        ),
    )
    save_tracked(record, reason="送达决定书")
    touch(case, status=S.SERVED, reason="送达决定书")
    record_event(
        case,
        action="serve_decision",
        summary=f"决定书送达（{record.get_method_display()}）",
        actor=actor,
        reason=late_reason,
    )
    return record
