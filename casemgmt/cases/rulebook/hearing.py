"""Hearings (听证): the right in the notice, the request period, the notice period and the presider."""

from __future__ import annotations

from casemgmt.cases import models as m
from casemgmt.cases.legaltext import working_days

from ._util import fmt
from .core import LawFamily, rule
from .notice import decision_date, intended
from .triggers import hearing_reasons

ISSUE_NOTICE = "issue_notice"
REQUEST = "request_hearing"
SCHEDULE = "schedule_hearing"
DECIDE = "decide"


@rule(
    code="APL-63-HEARING-RIGHT-IN-NOTICE",
    name="告知听证权利",
    family=LawFamily.APL,
    number=8,
    message="拟作出较大数额罚款、吊销许可证件、责令停产停业等处罚的，告知书须告知当事人有要求听证的权利",
    article="《行政处罚法》第四十四条、第六十三条",
    gates={ISSUE_NOTICE},
)
def hearing_right(facts, attempt):
    if attempt is not None:
        notices = [attempt.data]
        on = attempt.on
    else:
        notices = [
            {
                "penalty_types": n.penalty_types,
                "fine_amount": n.fine_amount,
                "confiscation_amount": n.confiscation_amount,
                "includes_hearing_right": n.includes_hearing_right,
                "_on": n.issued_on,
            }
            for n in facts.notices
        ]
        on = None
    for data in notices:
        reasons = hearing_reasons(
            facts,
            types=data.get("penalty_types") or [],
            fine=data.get("fine_amount"),
            confiscation=data.get("confiscation_amount"),
            on=on or data["_on"],
        )
        if reasons and not data.get("includes_hearing_right"):
            yield f"{'；'.join(reasons)}，告知书未载明听证权利"


@rule(
    code="APL-64-HEARING-REQUEST-PERIOD",
    name="听证申请期限",
    family=LawFamily.APL,
    number=8,
    message="当事人要求听证的，应当在行政机关告知后五个工作日内提出",
    article="《行政处罚法》第六十四条第一项、第八十五条",
    gates={REQUEST},
)
def hearing_request_period(facts, attempt):
    from casemgmt.cases.clocks import hearing_request_end

    if attempt is None:
        return  # a late request is refused at the gate, so it is never recorded
    notice = attempt.get("notice") or facts.latest_notice
    if notice is None or notice.served_on is None:
        yield "尚无已送达的告知书"
        return
    if not notice.includes_hearing_right:
        yield "该告知书未告知听证权利（如应告知，须重新告知）"
        return
    end = hearing_request_end(facts, notice)
    if attempt.on > end.date:
        yield f"告知书于{fmt(notice.served_on)}送达，听证申请期限至{end}届满，{fmt(attempt.on)}提出已逾期"


@rule(
    code="APL-64-HEARING-NOTICE-PERIOD",
    name="听证通知期限",
    family=LawFamily.APL,
    number=8,
    message="行政机关应当在举行听证的七个工作日前，通知当事人举行听证的时间、地点",
    article="《行政处罚法》第六十四条第二项、第八十五条",
    gates={SCHEDULE},
)
def hearing_notice_period(facts, attempt):
    from casemgmt.cases.clocks import earliest_hearing_date

    items = (
        [(attempt.get("notice_served_on"), attempt.get("scheduled_on"))]
        if attempt is not None
        else [(h.notice_served_on, h.held_on or h.scheduled_on) for h in facts.hearings]
    )
    for served, scheduled in items:
        if served is None or scheduled is None:
            yield "未填写听证通知送达日期或听证日期"
            continue
        earliest = earliest_hearing_date(facts, served)
        if scheduled < earliest.date:
            yield f"听证通知于{fmt(served)}送达，听证最早应在{earliest}举行，安排在{fmt(scheduled)}不足{working_days(facts.policy.hearing_notice_working_days)}"


@rule(
    code="APL-64-PRESIDER-NOT-INVESTIGATOR",
    name="听证主持人回避",
    family=LawFamily.APL,
    number=8,
    message="听证由行政机关指定的非本案调查人员主持",
    article="《行政处罚法》第六十四条第四项",
    gates={SCHEDULE},
)
def presider(facts, attempt):
    presiders = [attempt.get("presider")] if attempt is not None else [h.presider for h in facts.hearings]
    for p in presiders:
        if p is not None and p.pk in facts.handler_ids:
            yield f"{p.name}是本案承办（调查）人员，不能主持听证"


@rule(
    code="APL-64-HEARING-BEFORE-DECISION",
    name="听证结束后决定",
    family=LawFamily.APL,
    number=8,
    message="当事人依法要求听证的，须在听证结束后方可作出决定",
    article="《行政处罚法》第六十二条、第六十五条",
    gates={DECIDE},
)
def hearing_before_decision(facts, attempt):
    if intended(facts, attempt) is None:
        return
    requests = facts.hearing_requests(facts.latest_notice)
    if not requests:
        return
    on = decision_date(facts, attempt)
    for request in requests:
        hearing = next((h for h in facts.hearings if h.request_id == request.pk), None)
        if hearing is None:
            yield f"当事人于{fmt(request.received_on)}申请听证，尚未安排听证"
        elif hearing.party_absent:
            continue  # unjustified absence is a waiver (APL Art. 64(8))
        elif hearing.ended_on is None:
            yield "听证尚未结束"
        elif hearing.ended_on > on:
            yield f"听证于{fmt(hearing.ended_on)}结束，不能在{fmt(on)}作出决定"


__all__ = ["m"]
