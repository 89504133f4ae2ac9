"""Closing (结案) with a listed ground and approval within 15 working days (SAMR Art. 77)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.cases import models as m
from casemgmt.cases.models.procedure import ClosingGround

from ._util import fmt, is_case_leader
from .core import LOCAL_SOURCE, LawFamily, rule

CLOSE = "close"

NO_PENALTY_KINDS = (m.DecisionKind.NO_PENALTY_MINOR, m.DecisionKind.NO_PENALTY_FIRST, m.DecisionKind.NOT_ESTABLISHED)
TRANSFER_KINDS = (m.DecisionKind.TRANSFER, m.DecisionKind.CRIMINAL_REFERRAL)


def _paid_in_full_on(facts, kind: str, amount: Decimal) -> dt.date | None:
    running = Decimal("0")
    for p in facts.payments:
        if p.kind == kind:
            running += p.amount
            if running >= amount:
                return p.paid_on
    return None


def ground_date(facts, ground: str) -> dt.date | None:
    """The day the ground occurred according to the file, where the file records it: full execution (service,
    the last instalment of the fine and of the confiscated income) or the date of a no-penalty/transfer decision.
    The 15-working-day limit runs from that day, so the approver cannot choose it (SAMR Art. 77)."""
    from casemgmt.cases.clocks import decision_served_on

    decision = facts.decision
    if decision is None:
        return None
    if ground == ClosingGround.EXECUTED and decision.is_penalty:
        dates = [decision_served_on(facts)]
        if decision.fine_amount:
            dates.append(_paid_in_full_on(facts, m.PaymentKind.FINE, decision.fine_amount))
        if decision.confiscation_amount:
            dates.append(_paid_in_full_on(facts, m.PaymentKind.CONFISCATION, decision.confiscation_amount))
        return None if None in dates else max(dates)
    if (ground == ClosingGround.NO_PENALTY and decision.kind in NO_PENALTY_KINDS) or (
        ground == ClosingGround.TRANSFERRED and decision.kind in TRANSFER_KINDS
    ):
        return decision.decided_on
    return None


def ground_defects(facts, ground: str):
    """Is the closing ground true of the case?"""
    decision = facts.decision
    case = facts.case
    if ground == ClosingGround.EXECUTED:
        if decision is None or not decision.is_penalty:
            yield "尚无行政处罚决定，不能以“执行完毕”结案"
        elif decision.fine_amount and facts.paid() < decision.fine_amount:
            yield f"罚款尚未缴清（已缴{facts.paid()}元，应缴{decision.fine_amount}元）"
        elif decision.confiscation_amount and facts.paid(m.PaymentKind.CONFISCATION) < decision.confiscation_amount:
            yield f"没收款项尚未缴清（已缴{facts.paid(m.PaymentKind.CONFISCATION)}元，应缴{decision.confiscation_amount}元）"
        elif facts.decision_services() == [] and not decision.handed_over_on_announcement:
            yield "决定书尚未送达"
    elif ground == ClosingGround.COURT_TERMINATED:
        if not facts.court_applications:
            yield "尚未申请法院强制执行"
    elif ground == ClosingGround.INVESTIGATION_TERMINATED:
        if case.status != m.CaseStatus.TERMINATED:
            yield "案件未终止调查"
    elif ground == ClosingGround.NO_PENALTY:
        if decision is None or decision.kind not in NO_PENALTY_KINDS:
            yield "尚无不予行政处罚决定"
    elif ground == ClosingGround.TRANSFERRED:
        if decision is None or decision.kind not in TRANSFER_KINDS:
            yield "尚无移送决定"
    elif ground != ClosingGround.OTHER:
        yield "结案事由不在法定情形之列"


@rule(
    code="SAMR-77-CLOSING",
    name="结案情形与审批",
    family=LawFamily.SAMR,
    number=23,
    message="结案须具备法定结案情形，并在该情形发生之日起十五个工作日内填写结案审批表，经负责人批准",
    article="《市场监督管理行政处罚程序规定》第七十七条",
    general=f"《行政处罚法》第四十七条；{LOCAL_SOURCE}",
    gates={CLOSE},
)
def closing(facts, attempt):
    from casemgmt.cases.clocks import closing_deadline

    case = facts.case
    if attempt is not None:
        items = [
            (
                attempt.get("ground"),
                attempt.get("ground_on"),
                attempt.on,
                attempt.get("approved_by"),
                attempt.get("late_reason"),
                attempt.get("summary"),
            )
        ]
    else:
        items = [(c.ground, c.ground_on, c.approved_on, c.approved_by, "", c.summary) for c in facts.closings]
    for ground, ground_on, approved_on, approver, late_reason, summary in items:
        if attempt is not None:
            defects = list(ground_defects(facts, ground))
            yield from defects
            actual = None if defects else ground_date(facts, ground)
            if actual is not None and ground_on is not None and ground_on != actual:
                yield f"依案卷记录，结案事由发生于{fmt(actual)}，填写的{fmt(ground_on)}不符"
                ground_on = actual
        if ground == ClosingGround.OTHER and not (summary or "").strip():
            yield "以“其他”事由结案须写明具体情形"
        if ground_on is None:
            yield "未填写结案事由发生日期"
            continue
        if approved_on < ground_on:
            yield "结案审批日期早于结案事由发生日期"
        deadline = closing_deadline(facts, ground_on)
        if deadline.certainly_passed(approved_on) and not late_reason:
            yield f"结案事由发生于{fmt(ground_on)}，结案审批期限至{deadline.at_latest}，{fmt(approved_on)}已逾期"
        if not is_case_leader(case, approver):
            yield "结案未经本机关负责人批准"
