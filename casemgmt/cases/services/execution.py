"""After service: payment, deferment, remedies, reminder, court enforcement, disclosure, closing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt

from .base import (
    ConflictError,
    InputError,
    act_begin,
    actor_officer,
    gate,
    record_event,
    save_tracked,
    touch,
)

S = m.CaseStatus


@transaction.atomic
def payment_record(
    *,
    case: m.Case,
    actor,
    kind: str,
    amount,
    paid_on: dt.date,
    receipt_number: str = "",
    expected_version: int | None = None,
) -> m.Payment:
    """Fine or surcharge paid at the bank (APL Art. 67); a surcharge never above the law's (Art. 72)."""
    case = act_begin("record_payment", case=case, actor=actor, expected_version=expected_version)
    amount = Decimal(amount)
    if amount <= 0:
        raise InputError("金额须大于零", field="amount")
    if kind not in m.PaymentKind.values:
        raise InputError("款项类型不正确", field="kind")
    decision = case.decisions.order_by("-id").first()
    due = {
        m.PaymentKind.FINE: ("罚款", decision.fine_amount),
        m.PaymentKind.CONFISCATION: ("没收金额", decision.confiscation_amount),
    }
    if kind in due:
        label, amount_due = due[kind]
        paid = sum((p.amount for p in case.payments.filter(kind=kind)), Decimal(0))
        if paid + amount > amount_due:
            raise InputError(f"缴款合计{paid + amount}元超过{label}{amount_due}元", field="amount")
    data = {"kind": kind, "amount": amount, "dates": {"paid_on": paid_on}}
    gate(case, Attempt("record_payment", paid_on, actor=actor_officer(actor), data=data))
    payment = m.Payment(
        case=case, recorded_by=actor, kind=kind, amount=amount, paid_on=paid_on, receipt_number=receipt_number
    )
    save_tracked(payment, reason="缴款")
    touch(case, status=S.EXECUTION, reason="缴款")
    record_event(
        case,
        action="payment",
        summary=f"{payment.get_kind_display()}缴纳{amount}元",
        actor=actor,
        payload={"payment": payment.pk, "kind": kind, "amount": amount, "paid_on": paid_on},
    )
    return payment


@transaction.atomic
def deferment_approve(
    *,
    case: m.Case,
    actor,
    on: dt.date,
    until: dt.date,
    instalments: int,
    reason: str,
    expected_version: int | None = None,
) -> m.Deferment:
    """延期/分期缴纳 on the party's written application (APL Art. 66)."""
    case = act_begin("deferment", case=case, actor=actor, expected_version=expected_version)
    approver = actor_officer(actor)
    if until <= on or instalments < 1:
        raise InputError("延期截止日期或分期数不正确", field="until")
    gate(case, Attempt("deferment", on, actor=approver, data={"dates": {"on": on, "until": until}}))
    deferment = m.Deferment(
        case=case,
        recorded_by=actor,
        approved_by=approver,
        approved_on=on,
        until=until,
        instalments=instalments,
        reason=reason,
    )
    save_tracked(deferment, reason="延期分期")
    touch(case, reason="延期分期缴纳")
    record_event(
        case, action="deferment", summary=f"批准{'分期' if instalments > 1 else '延期'}缴纳至{until}", actor=actor
    )
    return deferment


def _challenge_payload(challenge: m.RemedyChallenge) -> dict:
    """What the statistics read back from the log: the challenge as it stood when the event was recorded."""
    return {
        "challenge": challenge.pk,
        "kind": challenge.kind,
        "filed_on": challenge.filed_on,
        "ended_on": challenge.ended_on,
        "result": challenge.result,
    }


def _check_result(ended_on: dt.date | None, result: str) -> None:
    if result and result not in m.RemedyResult.values:
        raise InputError("审结结果不正确", field="result")
    if result and ended_on is None:
        raise InputError("登记审结结果须填写审结日期", field="ended_on")
    if ended_on is not None and not result:
        raise InputError("填写审结日期的，须选择审结结果", field="result")


@transaction.atomic
def challenge_record(
    *,
    case: m.Case,
    actor,
    kind: str,
    filed_on: dt.date,
    ended_on: dt.date | None = None,
    result: str = "",
    outcome: str = "",
) -> m.RemedyChallenge:
    """The party's 复议/诉讼; the surcharge pauses meanwhile (APL Art. 73). One already decided is recorded with
    its end and result; a pending one is concluded later with ``challenge_conclude``."""
    case = act_begin("challenge", case=case, actor=actor)
    if kind not in m.RemedyKind.values:
        raise InputError("复议/诉讼类型不正确", field="kind")
    if ended_on is not None and ended_on < filed_on:
        raise InputError("审结日期早于提起日期", field="ended_on")
    _check_result(ended_on, result)
    data = {"kind": kind, "dates": {"filed_on": filed_on, "ended_on": ended_on}}
    gate(case, Attempt("challenge", filed_on, actor=actor_officer(actor), data=data))
    challenge = m.RemedyChallenge(
        case=case, recorded_by=actor, kind=kind, filed_on=filed_on, ended_on=ended_on, result=result, outcome=outcome
    )
    save_tracked(challenge, reason="复议诉讼")
    touch(case, reason="复议诉讼")
    record_event(
        case,
        action="challenge",
        summary=f"当事人{challenge.get_kind_display()}（{filed_on}）",
        actor=actor,
        payload=_challenge_payload(challenge),
    )
    return challenge


@transaction.atomic
def challenge_conclude(
    *, challenge: m.RemedyChallenge, actor, ended_on: dt.date, result: str, outcome: str = ""
) -> m.RemedyChallenge:
    """The end and result of a pending 复议/诉讼 (行政复议决定书、判决书或裁定书); the surcharge resumes the day
    after (APL Art. 73). Recorded once: a later appeal is a new challenge."""
    case = act_begin("conclude_challenge", case=challenge.case, actor=actor)
    challenge = m.RemedyChallenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.ended_on is not None:
        raise ConflictError("该复议/诉讼已登记审结结果")
    if ended_on < challenge.filed_on:
        raise InputError("审结日期早于提起日期", field="ended_on")
    if result not in m.RemedyResult.values:
        raise InputError("审结结果不正确", field="result")
    data = {"kind": challenge.kind, "dates": {"filed_on": challenge.filed_on, "ended_on": ended_on}}
    gate(case, Attempt("conclude_challenge", ended_on, actor=actor_officer(actor), data=data))
    challenge.ended_on, challenge.result, challenge.outcome = ended_on, result, outcome
    save_tracked(challenge, reason="复议诉讼审结")
    touch(case, reason="复议诉讼审结")
    record_event(
        case,
        action="conclude_challenge",
        summary=f"{challenge.get_kind_display()}审结：{challenge.get_result_display()}（{ended_on}）",
        actor=actor,
        payload=_challenge_payload(challenge),
    )
    return challenge


@transaction.atomic
def reminder_issue(*, case: m.Case, actor, issued_on: dt.date, served_on: dt.date | None, content: str) -> m.Reminder:
    """履行催告书 before court enforcement (行政强制法 Art. 54)."""
    case = act_begin("reminder", case=case, actor=actor)
    if served_on and served_on < issued_on:
        raise InputError("送达日期早于催告日期", field="served_on")
    data = {"dates": {"issued_on": issued_on, "served_on": served_on}}
    gate(case, Attempt("reminder", issued_on, actor=actor_officer(actor), data=data))
    reminder = m.Reminder(case=case, recorded_by=actor, issued_on=issued_on, served_on=served_on, content=content)
    save_tracked(reminder, reason="催告")
    touch(case, reason="催告")
    record_event(case, action="reminder", summary=f"履行催告（{issued_on}）", actor=actor)
    return reminder


@transaction.atomic
def court_apply(*, case: m.Case, actor, on: dt.date, court: str) -> m.CourtApplication:
    """申请人民法院强制执行 (行政强制法 Arts. 53–55)."""
    case = act_begin("apply_court", case=case, actor=actor)
    head = actor_officer(actor)
    if case.courtapplications.exists():
        raise ConflictError("已申请强制执行")
    gate(case, Attempt("apply_court", on, actor=head, data={"dates": {"on": on}}))
    application = m.CourtApplication(case=case, recorded_by=actor, applied_on=on, court=court, signed_by=head)
    save_tracked(application, reason="申请强制执行")
    touch(case, status=S.EXECUTION, reason="申请强制执行")
    record_event(case, action="apply_court", summary=f"申请{court}强制执行", actor=actor)
    return application


@transaction.atomic
def disclosure_publish(
    *, case: m.Case, actor, on: dt.date, channel: str, content: str, late_reason: str = ""
) -> m.Disclosure:
    """Publish the penalty decision (APL Art. 48; 国办发〔2018〕118号)."""
    case = act_begin("publish", case=case, actor=actor)
    if case.disclosures.filter(withdrawn_on__isnull=True).exists():
        raise ConflictError("该决定已公示")
    data = {"late_reason": late_reason, "dates": {"on": on}}
    gate(case, Attempt("publish", on, actor=actor_officer(actor), data=data))
    disclosure = m.Disclosure(case=case, recorded_by=actor, published_on=on, channel=channel, content=content)
    save_tracked(disclosure, reason="公示")
    touch(case, reason="公示")
    record_event(case, action="publish", summary=f"处罚决定公示（{channel}）", actor=actor, reason=late_reason)
    return disclosure


@transaction.atomic
def disclosure_withdraw(
    *, disclosure: m.Disclosure, actor, change_recorded_on: dt.date, on: dt.date, reason: str, late_reason: str = ""
) -> m.Disclosure:
    """Withdraw a published decision within 3 working days of its change or revocation (APL Art. 48)."""
    case = act_begin("withdraw_disclosure", case=disclosure.case, actor=actor)
    disclosure = m.Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    gate(
        case,
        Attempt(
            "withdraw_disclosure",
            on,
            actor=actor_officer(actor),
            data={
                "disclosure": disclosure,
                "change_recorded_on": change_recorded_on,
                "late_reason": late_reason,
                "dates": {"change_recorded_on": change_recorded_on, "on": on},
            },
        ),
    )
    disclosure.change_recorded_on, disclosure.withdrawn_on = change_recorded_on, on
    save_tracked(disclosure, reason=reason)
    touch(case, reason="撤下公示")
    record_event(
        case, action="withdraw_disclosure", summary=f"撤下公示：{reason[:80]}", actor=actor, reason=late_reason
    )
    return disclosure


@transaction.atomic
def case_close(
    *,
    case: m.Case,
    actor,
    ground: str,
    ground_on: dt.date,
    on: dt.date,
    summary: str = "",
    late_reason: str = "",
    expected_version: int | None = None,
) -> m.Closing:
    """结案 with a listed ground and head approval within 15 working days of it (SAMR Art. 77)."""
    case = act_begin("close", case=case, actor=actor, expected_version=expected_version)
    approver = actor_officer(actor)
    if ground not in m.ClosingGround.values:
        raise InputError("结案事由不在法定情形之列", field="ground")
    gate(
        case,
        Attempt(
            "close",
            on,
            actor=approver,
            data={
                "ground": ground,
                "ground_on": ground_on,
                "approved_by": approver,
                "late_reason": late_reason,
                "summary": summary,
                "dates": {"ground_on": ground_on, "on": on},
            },
        ),
    )
    closing = m.Closing(
        case=case,
        recorded_by=actor,
        ground=ground,
        ground_on=ground_on,
        approved_by=approver,
        approved_on=on,
        summary=summary,
    )
    save_tracked(closing, reason="结案")
    touch(case, status=S.CLOSED, reason="结案", closed_on=on)
    record_event(
        case,
        action="close",
        summary=f"结案：{closing.get_ground_display()}",
        actor=actor,
        reason=late_reason,
        payload={"closing": closing.pk, "ground": ground, "on": on},
    )
    return closing
