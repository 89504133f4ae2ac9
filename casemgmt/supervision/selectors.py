"""The supervision dashboard (监督看板) of one user: everything read from the user's visible cases.

The justice bureau and administrators see every unit; anyone else the cases ``cases_visible_to`` gives them (their
units', assisted ones, granted ones) — every count, list and export starts from that one selector. The number of
queries does not depend on the number of cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.clocks import ClockStatus
from casemgmt.cases.rulebook import RULES
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import InputError
from casemgmt.evaluation.rectification import overdue_rectifications
from casemgmt.evaluation.selfcheck import FINISHED_STATUSES
from casemgmt.org.models import LEADER_ROLES
from casemgmt.org.selectors import role_unit_ids, scope_unit_ids, sees_everything

from .models import CaseClock, CaseProblem, CaseSnapshot, SweepRun, SweepState
from .stats import Statistics, by_visible_case, statistics

LIST_LIMIT = 50
DISCLOSURE = "disclosure"  # the clock of 处罚决定公示 (casemgmt.cases.clocks); its rule is APL-48-DISCLOSURE
DISCLOSURE_RULE = "APL-48-DISCLOSURE"
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Filters:
    year: int
    month: int | None = None


def parse_filters(params, *, today: dt.date, strict: bool = False) -> Filters:
    """``year`` (default this year) and ``month`` (1–12, optional) from a query string; clear errors otherwise.
    ``strict`` (the API): a parameter sent empty is an error too, not the default."""
    if strict:
        for name, label in (("year", "年份"), ("month", "月份")):
            if name in params and not (params.get(name) or "").strip():
                raise InputError(f"{label}不能为空", field=name)
    raw_year = (params.get("year") or "").strip()
    raw_month = (params.get("month") or "").strip()
    if raw_year:
        try:
            year = int(raw_year)
        except ValueError:
            raise InputError(
                f"年份“{raw_year[:20]}”不是有效的年份，应为四位数字，如 {today.year}", field="year"
            ) from None
        if not FIRST_YEAR <= year <= today.year + 1:
            raise InputError(f"年份应在 {FIRST_YEAR} 至 {today.year + 1} 之间", field="year")
    else:
        year = today.year
    month = None
    if raw_month:
        try:
            month = int(raw_month)
        except ValueError:
            raise InputError(f"月份“{raw_month[:20]}”无效，应为 1 至 12", field="month") from None
        if not 1 <= month <= 12:
            raise InputError(f"月份“{month}”无效，应为 1 至 12", field="month")
    return Filters(year=year, month=month)


def can_run_sweep(user) -> bool:
    """The justice bureau and administrators (whole county) and unit leaders (their own cases) may start a check."""
    return sees_everything(user) or bool(role_unit_ids(user, LEADER_ROLES))


def require_sweep_permission(user) -> None:
    if not can_run_sweep(user):
        raise PermissionDenied("只有司法局监督人员和单位负责人可以发起立即检查")


@dataclass
class Freshness:
    """How current the snapshots behind the dashboard are."""

    oldest: dt.datetime | None
    newest: dt.datetime | None
    unchecked: int  # open cases never checked yet
    last_run: SweepRun | None


@dataclass
class Dashboard:
    filters: Filters
    today: dt.date
    everything: bool
    freshness: Freshness
    open_total: int
    open_by_stage: list[tuple[str, str, int]]
    clocks: dict[str, int]
    overdue: list[CaseClock]
    due_soon: list[CaseClock]
    problems_by_rule: list[dict]
    problems: list[CaseProblem]
    problem_total: int
    disclosure: dict[str, int]
    disclosure_late: list[CaseClock]
    rectifications: list
    stats: Statistics
    vetoed_open: int = 0
    # the self-check average of finished files only (closed or archived): an open case has no score yet
    finished_mean_score: Decimal | None = None
    finished_scored: int = 0


def _one_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def _open(qs: QuerySet, visible: QuerySet[m.Case]) -> QuerySet:
    return by_visible_case(qs, visible).filter(case__status__in=m.OPEN_STATUSES)


def rectifications_visible_to(*, user, today: dt.date) -> QuerySet:
    """Overdue rectification tasks: all for the justice bureau; a unit its own (as in the evaluation pages)."""
    tasks = overdue_rectifications(today=today)
    if sees_everything(user):
        return tasks
    return tasks.filter(unit_id__in=scope_unit_ids(user))


def dashboard_for(*, user, filters: Filters, today: dt.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    visible = cases_visible_to(user=user)
    open_cases = visible.filter(status__in=m.OPEN_STATUSES)

    stages = dict(open_cases.values_list("status").annotate(n=Count("pk")).order_by())
    labels = dict(m.CaseStatus.choices)
    open_by_stage = [(s, labels[s], stages.get(s, 0)) for s in m.OPEN_STATUSES]

    snap = _open(CaseSnapshot.objects.all(), visible).aggregate(
        oldest=Min("computed_at"),
        newest=Max("computed_at"),
        n=Count("pk"),
        vetoed=Count("pk", filter=Q(vetoed=True)),
    )
    finished = (
        by_visible_case(CaseSnapshot.objects.all(), visible)
        .filter(case__status__in=FINISHED_STATUSES)
        .aggregate(mean=Avg("score"), n=Count("score"))
    )
    open_total = sum(stages.values())
    last_run = SweepRun.objects.filter(state=SweepState.DONE, full=True).order_by("-finished_at", "-pk").first()
    freshness = Freshness(snap["oldest"], snap["newest"], max(open_total - snap["n"], 0), last_run)

    running = _open(CaseClock.objects.filter(done_on__isnull=True), visible)
    counts = dict(running.values_list("status").annotate(n=Count("pk")).order_by())
    clocks = {s: counts.get(s, 0) for s in (ClockStatus.RED, ClockStatus.YELLOW, ClockStatus.GREEN)}
    listed = running.select_related("case__enforcement_subject", "case__handling_unit")
    overdue = list(listed.filter(status=ClockStatus.RED).order_by("deadline", "case_id", "pk")[:LIST_LIMIT])
    due_soon = list(listed.filter(status=ClockStatus.YELLOW).order_by("deadline", "case_id", "pk")[:LIST_LIMIT])

    problems_qs = _open(CaseProblem.objects.all(), visible)
    # Grouped by the code only; the message and article come from the rulebook (cheaper than grouping by text).
    counts = problems_qs.values_list("rule").annotate(n=Count("pk")).order_by()
    by_rule = []
    for code, n in sorted(counts, key=lambda r: (-r[1], r[0])):
        r = RULES.get(code)
        by_rule.append(
            {
                "rule": code,
                "number": r.number if r else None,
                "message": r.message if r else "",
                "article": r.article if r else "",
                "n": n,
            }
        )
    # the newest cases' problems first (walks the case index instead of sorting every problem)
    problems = list(problems_qs.select_related("case__enforcement_subject").order_by("-case_id", "-pk")[:LIST_LIMIT])

    disclosure_clocks = _open(CaseClock.objects.filter(code=DISCLOSURE), visible)
    dc = disclosure_clocks.aggregate(
        due=Count("pk", filter=Q(done_on__isnull=True, status__in=(ClockStatus.GREEN, ClockStatus.YELLOW))),
        late_pending=Count("pk", filter=Q(done_on__isnull=True, status=ClockStatus.RED)),
        late_published=Count("pk", filter=Q(done_on__isnull=False, status=ClockStatus.RED)),
    )
    disclosure_late = list(
        disclosure_clocks.filter(status=ClockStatus.RED)
        .select_related("case__enforcement_subject")
        .order_by("deadline", "case_id")[:LIST_LIMIT]
    )
    disclosure = {**dc, "problems": sum(r["n"] for r in by_rule if r["rule"] == DISCLOSURE_RULE)}

    return Dashboard(
        filters=filters,
        today=today,
        everything=sees_everything(user),
        freshness=freshness,
        open_total=open_total,
        open_by_stage=open_by_stage,
        clocks=clocks,
        overdue=overdue,
        due_soon=due_soon,
        problems_by_rule=by_rule,
        problems=problems,
        problem_total=sum(r["n"] for r in by_rule),
        disclosure=disclosure,
        disclosure_late=disclosure_late,
        rectifications=list(rectifications_visible_to(user=user, today=today)),
        stats=statistics(visible=visible, year=filters.year, month=filters.month),
        vetoed_open=snap["vetoed"],
        finished_mean_score=_one_decimal(finished["mean"]),
        finished_scored=finished["n"],
    )
