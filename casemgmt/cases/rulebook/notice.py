"""Prior notice (事先告知) and the statement/defence period before a decision."""

from __future__ import annotations

from casemgmt.cases import models as m
from casemgmt.cases.models.penalty import is_heavier, penalty_labels

from ._util import fmt, money
from .core import LawFamily, rule

DECIDE = "decide"


def intended(facts, attempt):
    """The decision being tried (gate) or the one recorded (self-check), as a dict; None if not applicable."""
    if attempt is not None:
        return attempt.data if attempt.get("kind") == m.DecisionKind.PENALTY else None
    d = facts.decision
    if d is None or not d.is_penalty or facts.case.procedure != m.ProcedureType.ORDINARY:
        return None
    return {
        "kind": d.kind,
        "penalty_types": d.penalty_types,
        "fine_amount": d.fine_amount,
        "confiscation_amount": d.confiscation_amount,
        "is_reduction": d.is_reduction,
        "_on": d.decided_on,
    }


def decision_date(facts, attempt):
    return attempt.on if attempt is not None else facts.decision.decided_on


@rule(
    code="APL-62-NOTICE-SERVED",
    name="处罚前告知",
    family=LawFamily.APL,
    number=6,
    message="作出行政处罚决定前，须书面告知拟作出的处罚内容及事实、理由、依据和陈述申辩权利；未告知的，不得作出处罚决定",
    article="《行政处罚法》第四十四条、第六十二条",
    gates={DECIDE},
)
def notice_served(facts, attempt):
    if intended(facts, attempt) is None:
        return
    on = decision_date(facts, attempt)
    notice = facts.latest_notice
    if notice is None:
        yield "尚未制作行政处罚事先告知书"
    elif notice.served_on is None:
        yield "行政处罚事先告知书尚无送达日期"
    elif notice.served_on > on:
        yield f"告知书于{fmt(notice.served_on)}送达，晚于决定日期{fmt(on)}"


@rule(
    code="SAMR-57-STATEMENT-PERIOD",
    name="陈述申辩期限",
    family=LawFamily.APL,
    number=7,
    message="陈述申辩期限届满前不得作出处罚决定，但当事人书面放弃或已提出陈述申辩并经复核的除外；告知听证权利的，听证申请期限届满前亦不得作出，但当事人书面放弃听证的除外",
    article="《行政处罚法》第四十五条、第六十二条；《市场监督管理行政处罚程序规定》第五十七条",
    gates={DECIDE},
)
def statement_period(facts, attempt):
    from casemgmt.cases.clocks import hearing_request_end, statement_period_end

    if intended(facts, attempt) is None:
        return
    notice = facts.latest_notice
    if notice is None or notice.served_on is None:
        return  # APL-62-NOTICE-SERVED reports it
    on = decision_date(facts, attempt)
    statements = facts.statements_on(notice)
    waivers = [s for s in statements if s.kind == m.StatementKind.WAIVER and s.received_on <= on]
    waived = any(s.waives_statement for s in waivers)
    waived_hearing = any(s.waives_hearing for s in waivers)
    rechecked = [
        s
        for s in statements
        if s.kind == m.StatementKind.STATEMENT and s.rechecked_on is not None and s.rechecked_on <= on
    ]
    pending = [
        s for s in statements if s.kind == m.StatementKind.STATEMENT and (s.rechecked_on is None or s.rechecked_on > on)
    ]
    if pending:
        yield f"当事人{fmt(pending[0].received_on)}提出的陈述申辩尚未复核"
        return
    if not (waived or rechecked):
        end = statement_period_end(facts, notice)
        if on <= end.date:
            yield f"告知书于{fmt(notice.served_on)}送达，陈述申辩期限至{end}届满，{fmt(on)}不得作出决定"
            return
    # A waiver of the statement or a rechecked statement ends the statement period only: the party keeps the right
    # to ask for a hearing until its own period ends (APL Art. 64(1)), unless a hearing was already requested or
    # the party has waived the hearing in writing too.
    if notice.includes_hearing_right and not facts.hearing_requests(notice) and not waived_hearing:
        hearing_end = hearing_request_end(facts, notice)
        if on <= hearing_end.date:
            note = (
                "（放弃或已复核陈述申辩不等于放弃听证；当事人书面放弃听证的，登记书面放弃）"
                if (waived or rechecked)
                else ""
            )
            yield (
                f"告知书于{fmt(notice.served_on)}送达并告知听证权利，听证申请期限至{hearing_end}届满，"
                f"{fmt(on)}不得作出决定{note}"
            )


# 申诫罚: the lightest penalties of APL Art. 9.
REPRIMANDS = frozenset({m.PenaltyType.WARNING, m.PenaltyType.CRITICISM})


def _compared_types(types, notified) -> list[str]:
    """The decided types to compare with the notice. A warning/通报批评 that *replaces* a notified heavier penalty
    (e.g. a warning instead of the fine, after the party's statement was adopted) makes the decision lighter, not
    heavier; one added on top of the notified penalties is an extra penalty."""
    types, notified = set(types), set(notified)
    extra, dropped = types - notified, notified - types
    if extra and extra <= REPRIMANDS and dropped - REPRIMANDS:
        types -= extra
    return sorted(types)


@rule(
    code="APL-45-NO-HEAVIER-PENALTY",
    name="不因申辩加重处罚",
    family=LawFamily.APL,
    number=9,
    message="不得因当事人陈述、申辩或申请听证而给予更重的处罚；拟加重处罚的，须重新告知并给予新的陈述申辩期限",
    article="《行政处罚法》第四十四条、第四十五条；《市场监督管理行政处罚程序规定》第五十八条",
    gates={DECIDE},
)
def no_heavier(facts, attempt):
    data = intended(facts, attempt)
    notice = facts.latest_notice
    if data is None or notice is None:
        return
    if is_heavier(
        types=_compared_types(data.get("penalty_types") or [], notice.penalty_types),
        fine=data.get("fine_amount"),
        confiscation=data.get("confiscation_amount"),
        than_types=notice.penalty_types,
        than_fine=notice.fine_amount,
        than_confiscation=notice.confiscation_amount,
    ):
        stated = bool(facts.statements_on(notice))
        cause = "当事人已陈述申辩或申请听证，" if stated else ""
        yield (
            f"{cause}拟决定（{penalty_labels(data.get('penalty_types') or [])}，罚款{money(data.get('fine_amount'))}）"
            f"重于告知书所告知的处罚（{penalty_labels(notice.penalty_types)}，罚款{money(notice.fine_amount)}），须重新告知"
        )
