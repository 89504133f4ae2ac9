"""Execution: surcharge, court enforcement and disclosure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.cases import models as m
from casemgmt.cases.legaltext import working_days
from casemgmt.cases.models.penalty import PenaltyType

from ._util import fmt, money
from .core import LawFamily, rule

RECORD_PAYMENT = "record_payment"
APPLY_COURT = "apply_court"
PUBLISH = "publish"
WITHDRAW = "withdraw_disclosure"
CLOSE = "close"


@rule(
    code="APL-72-SURCHARGE",
    name="加处罚款",
    family=LawFamily.APL,
    number=20,
    message="到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额；复议、诉讼期间不予计算",
    article="《行政处罚法》第七十二条、第七十三条",
    gates={RECORD_PAYMENT},
)
def surcharge_rule(facts, attempt):
    from casemgmt.cases.clocks import surcharge

    decision = facts.decision
    if decision is None:
        if attempt is not None:
            yield "尚无处罚决定"
        return
    if attempt is not None:
        if attempt.get("kind") != m.PaymentKind.SURCHARGE:
            return
        owed = surcharge(facts, on=attempt.on) - facts.paid(m.PaymentKind.SURCHARGE)
        if Decimal(attempt.get("amount")) > owed:
            yield f"截至{fmt(attempt.on)}依法应加处罚款{money(max(owed, Decimal(0)))}，收取{money(attempt.get('amount'))}超出"
        return
    total = facts.paid(m.PaymentKind.SURCHARGE)
    if total > decision.fine_amount:
        yield f"已收加处罚款{money(total)}超过罚款数额{money(decision.fine_amount)}"


@rule(
    code="CE-53-COURT-APPLICATION",
    name="申请法院强制执行",
    family=LawFamily.CE,
    number=21,
    message="申请法院强制执行须在复议、诉讼期限届满且当事人未申请复议或起诉、又不履行之日起三个月内，并在催告书送达十个工作日后提出",
    article="《行政强制法》第五十三条、第五十四条；《行政处罚法》第七十二条",
    gates={APPLY_COURT},
)
def court_application(facts, attempt):
    from casemgmt.cases.clocks import court_application_window
    from casemgmt.legalcal.calendar import Binds, add_working_days

    if attempt is None:
        applications = facts.court_applications
        if not applications:
            return
        on = applications[0].applied_on
    else:
        on = attempt.on
    decision = facts.decision
    if decision is None or not decision.is_penalty:
        yield "尚无可执行的行政处罚决定"
        return
    if decision.fine_amount and facts.paid() >= decision.fine_amount:
        yield "罚款已缴清，无需申请强制执行"
    if facts.challenges:
        yield "当事人已申请行政复议或提起行政诉讼"
    window = court_application_window(facts)
    if window is None:
        yield "决定书尚未送达"
        return
    first, last = window
    if on < first:
        deferred = max((d.until for d in facts.deferments), default=None)
        if deferred is not None and deferred >= first - dt.timedelta(days=1):
            yield f"批准的延期（分期）缴纳期限至{fmt(deferred)}，届满后方可申请"
        else:
            yield f"复议、诉讼期限至{fmt(first - dt.timedelta(days=1))}届满，届满后方可申请"
    elif last.certainly_passed(on):
        yield f"申请期限已于{last.at_latest}届满"
    served = [r for r in facts.reminders if r.served_on is not None and r.served_on <= on]
    if not served:
        yield "尚未送达履行催告书"
    else:
        # The agency waits for the party: on a provisional year, the latest plausible end.
        earliest = add_working_days(served[-1].served_on, facts.policy.reminder_working_days, binds=Binds.PARTY)
        if on < earliest.date:
            yield f"催告书于{fmt(served[-1].served_on)}送达，须满{working_days(facts.policy.reminder_working_days)}（{earliest}后）方可申请"


def must_publish(decision) -> bool:
    """Penalty decisions are published; warning-only ones are not (SAMR 信息公示规定 Art. 9)."""
    return decision is not None and decision.is_penalty and set(decision.penalty_types) != {PenaltyType.WARNING}


@rule(
    code="APL-48-DISCLOSURE",
    name="处罚决定公示",
    family=LawFamily.APL,
    number=22,
    message="行政处罚决定信息应当在规定期限内公示；决定被变更、撤销、确认违法或无效的，应当在三个工作日内撤回公示",
    article="《行政处罚法》第四十八条；国办发〔2018〕118号",
    gates={PUBLISH, WITHDRAW, CLOSE},
)
def disclosure(facts, attempt):
    from casemgmt.cases.clocks import disclosure_deadline, withdrawal_deadline

    decision = facts.decision
    if attempt is not None and attempt.action == PUBLISH:
        if decision is None or not decision.is_penalty:
            yield "尚无行政处罚决定"
            return
        deadline = disclosure_deadline(facts, decision)
        if attempt.on < decision.decided_on:
            yield "公示日期早于决定日期"
        elif deadline.certainly_passed(attempt.on) and not attempt.get("late_reason"):
            yield f"公示期限至{deadline.at_latest}，{fmt(attempt.on)}公示已逾期；须填写逾期原因"
        return
    if attempt is not None and attempt.action == WITHDRAW:
        disclosure_row = attempt.get("disclosure")
        change_on = attempt.get("change_recorded_on")
        deadline = withdrawal_deadline(facts, change_on)
        if attempt.on < change_on:
            yield "撤下日期早于决定变更日期"
        elif deadline.certainly_passed(attempt.on) and not attempt.get("late_reason"):
            yield f"应于{deadline.at_latest}前撤下公示，{fmt(attempt.on)}已逾期；须填写逾期原因"
        if disclosure_row is not None and disclosure_row.withdrawn_on:
            yield "该公示已撤下"
        return
    if attempt is not None and attempt.action == CLOSE:
        if must_publish(decision) and not facts.disclosures:
            yield "行政处罚决定尚未公示，不能结案"
        return
    if not must_publish(decision):
        return
    deadline = disclosure_deadline(facts, decision)
    if not facts.disclosures:
        if deadline.certainly_passed(facts.today):
            yield f"决定于{fmt(decision.decided_on)}作出，至{deadline.at_latest}未公示"
    elif deadline.certainly_passed(facts.disclosures[0].published_on):
        yield f"于{fmt(facts.disclosures[0].published_on)}公示，超过期限{deadline.at_latest}"
    for d in facts.disclosures:
        if d.change_recorded_on is None:
            continue
        w = withdrawal_deadline(facts, d.change_recorded_on)
        if w.certainly_passed(d.withdrawn_on or facts.today):
            yield f"决定于{fmt(d.change_recorded_on)}变更或撤销，公示未在{w.at_latest}前撤下"
