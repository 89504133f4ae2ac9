"""Direct counts for the dashboard tests: plain Python over every row, written without the dashboard's queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from casemgmt.cases import models as m
from casemgmt.cases.clocks import case_clocks
from casemgmt.cases.rulebook import check_case, load_facts
from casemgmt.evaluation.scoring import score_facts

NO_PENALTY = {m.DecisionKind.NO_PENALTY_MINOR, m.DecisionKind.NO_PENALTY_FIRST, m.DecisionKind.NOT_ESTABLISHED}


def units_of(world, persona) -> set[int] | None:
    """The units whose cases the persona sees (None: every unit), as the tests' world defines them."""
    if persona in (world.evaluator,):
        return None
    if persona in (world.officer, world.colleague, world.third, world.head, world.mayor, world.reviewer):
        return {world.township.pk, world.brigade.pk}
    if persona is world.outsider:
        return {world.other_township.pk, world.other_brigade.pk}
    if persona is world.county_officer:
        return {world.county_dept.pk}
    raise AssertionError(persona)


def visible_cases(world, persona) -> list[m.Case]:
    units = units_of(world, persona)
    cases = list(m.Case.objects.order_by("pk"))
    if units is None:
        return cases
    return [c for c in cases if c.enforcement_subject_id in units or c.handling_unit_id in units]


def in_period(day, year: int, month: int | None) -> bool:
    return day is not None and day.year == year and (month is None or day.month == month)


def pct(part: int, whole: int) -> str | None:
    return None if not whole else str((Decimal(part) * 100 / whole).quantize(Decimal("0.1")))


def statistics(cases: list[m.Case], *, year: int, month: int | None = None, today: dt.date) -> dict:
    ids = {c.pk for c in cases}
    by_pk = {c.pk: c for c in cases}
    filed = [c for c in cases if in_period(c.filed_on, year, month)]
    closed = [c for c in cases if in_period(c.closed_on, year, month)]
    timed = [c for c in closed if c.filed_on]
    decisions = [d for d in m.Decision.objects.all() if d.case_id in ids and in_period(d.decided_on, year, month)]
    ordinary = [d for d in decisions if by_pk[d.case_id].procedure == m.ProcedureType.ORDINARY]
    legal = {r.case_id for r in m.ReviewOpinion.objects.all() if r.kind == m.ReviewKind.LEGAL}
    heard = {h.case_id for h in m.Hearing.objects.all() if h.held_on and not h.party_absent}
    payments = [
        p
        for p in m.Payment.objects.all()
        if p.case_id in ids and p.kind == m.PaymentKind.FINE and in_period(p.paid_on, year, month)
    ]
    scores = [s.total for s in (score_facts(load_facts(c, today=today)) for c in closed) if s is not None]
    return {
        "filed": len(filed),
        "closed": len(closed),
        "average_handling_days": str(
            (Decimal(sum((c.closed_on - c.filed_on).days for c in timed)) / len(timed)).quantize(Decimal("0.1"))
        )
        if timed
        else None,
        "decided": len(decisions),
        "ordinary_decided": len(ordinary),
        "fines_decided": f"{sum((d.fine_amount for d in decisions if d.kind == m.DecisionKind.PENALTY), Decimal(0)):.2f}",
        "fines_collected": f"{sum((p.amount for p in payments), Decimal(0)):.2f}",
        "legal_review_rate": pct(len([d for d in ordinary if d.case_id in legal]), len(ordinary)),
        "hearing_rate": pct(len([d for d in ordinary if d.case_id in heard]), len(ordinary)),
        "no_penalty_rate": pct(len([d for d in decisions if d.kind in NO_PENALTY]), len(decisions)),
        "mean_selfcheck_score": str((sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1")))
        if scores
        else None,
        "selfcheck_scored": len(scores),
    }


def open_board(cases: list[m.Case], *, today: dt.date) -> dict:
    """Stages, clocks, overdue clocks and problems of the open cases, from the calendar and the rulebook directly."""
    open_cases = [c for c in cases if c.status in m.OPEN_STATUSES]
    clocks: Counter = Counter()
    overdue, disclosure = set(), Counter()
    problems: Counter = Counter()
    for c in open_cases:
        facts = load_facts(c, today=today)
        for clock in case_clocks(facts):
            if clock.done_on is None:
                clocks[clock.status] += 1
                if clock.status == "red":
                    overdue.add((c.pk, clock.code))
            if clock.code == "disclosure":
                if clock.done_on is None and clock.status in ("green", "yellow"):
                    disclosure["due"] += 1
                elif clock.status == "red":
                    disclosure["late_pending" if clock.done_on is None else "late_published"] += 1
        for f in check_case(facts):
            problems[f.rule] += 1
    return {
        "total": len(open_cases),
        "by_stage": Counter(c.status for c in open_cases),
        "clocks": clocks,
        "overdue": overdue,
        "problems": problems,
        "disclosure": disclosure,
    }
