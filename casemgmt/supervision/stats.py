"""Statistics of the dashboard by unit, matter and month, by SQL aggregates over the user's visible cases.

Each figure has one definition, used by the page, the API and the yearly .xlsx:

- 立案数: cases filed (``filed_on``) in the period; 结案数: cases closed (``closed_on``) in the period;
- 平均办案天数: mean of 结案日期 − 立案日期 over the cases closed in the period that were filed (当场处罚 has no
  filing);
- 决定数: decisions made (``Decision.decided_on``) in the period; 罚款决定金额: their fines (penalty decisions);
- 罚款收缴金额: fine payments (``Payment``, kind 罚款) received in the period;
- 法制审核率 / 听证率: of the ordinary-procedure decisions in the period, the share with a legal review
  (法制审核) / with a hearing held (举行听证); 不予处罚率: of all decisions, the share of 不予行政处罚 decisions;
- 自查平均分: the mean self-check score (active rubric) of the cases closed in the period, from their snapshots.

A case counts for its 执法主体 (the township or department in whose name it is handled) and its matter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Sum

from casemgmt.cases import models as m
from casemgmt.cases.rulebook.closing import NO_PENALTY_KINDS
from casemgmt.org.models import Unit
from casemgmt.powers.models import Matter

NO_MATTER = "（未关联执法事项）"
ZERO = Decimal("0")


class Month(Func):
    """The month (1–12) of a date, in the database's own SQL (Django's ExtractMonth calls back into Python for
    every row on SQLite, where a date is stored as the text YYYY-MM-DD)."""

    output_field = IntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(substr(%(expressions)s, 6, 2) AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(MONTH FROM %(expressions)s)::integer")


class Year(Func):
    """The year of a date, in the database's own SQL."""

    output_field = IntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(substr(%(expressions)s, 1, 4) AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(YEAR FROM %(expressions)s)::integer")


class DaysBetween(Func):
    """Whole days from the first date to the second."""

    output_field = IntegerField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )

    def as_postgresql(self, compiler, connection, **extra):
        # date - date is an integer number of days; the order is (later) - (earlier)
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")


@dataclass
class Stat:
    filed: int = 0
    closed: int = 0
    handling_days: int = 0
    handled: int = 0  # closed cases with a filing date (the denominator of the mean handling time)
    decided: int = 0
    ordinary_decided: int = 0
    fines_decided: Decimal = ZERO
    fines_collected: Decimal = ZERO
    reviewed: int = 0
    heard: int = 0
    no_penalty: int = 0
    score_sum: Decimal = ZERO
    scored: int = 0

    def add(self, other: Stat) -> None:
        mine, theirs = self.__dict__, other.__dict__  # plain attributes: the roll-up's inner loop
        for name in STAT_FIELDS:
            mine[name] += theirs[name]

    @staticmethod
    def _ratio(part, whole, places: str = "0.1") -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places))

    @property
    def average_days(self) -> Decimal | None:
        return (Decimal(self.handling_days) / self.handled).quantize(Decimal("0.1")) if self.handled else None

    @property
    def review_rate(self) -> Decimal | None:
        return self._ratio(self.reviewed, self.ordinary_decided)

    @property
    def hearing_rate(self) -> Decimal | None:
        return self._ratio(self.heard, self.ordinary_decided)

    @property
    def no_penalty_rate(self) -> Decimal | None:
        return self._ratio(self.no_penalty, self.decided)

    @property
    def mean_score(self) -> Decimal | None:
        return (self.score_sum / self.scored).quantize(Decimal("0.1")) if self.scored else None

    def as_dict(self) -> dict:
        def s(v):
            return None if v is None else str(v)

        return {
            "filed": self.filed,
            "closed": self.closed,
            "average_handling_days": s(self.average_days),
            "decided": self.decided,
            "ordinary_decided": self.ordinary_decided,
            "fines_decided": f"{self.fines_decided:.2f}",
            "fines_collected": f"{self.fines_collected:.2f}",
            "legal_review_rate": s(self.review_rate),
            "hearing_rate": s(self.hearing_rate),
            "no_penalty_rate": s(self.no_penalty_rate),
            "mean_selfcheck_score": s(self.mean_score),
            "selfcheck_scored": self.scored,
        }


STAT_FIELDS = tuple(f.name for f in fields(Stat))


@dataclass
class Statistics:
    year: int
    month: int | None
    total: Stat = field(default_factory=Stat)
    by_unit: list[tuple[int, str, Stat]] = field(default_factory=list)
    by_matter: list[tuple[int | None, str, Stat]] = field(default_factory=list)
    by_month: list[tuple[int, Stat]] = field(default_factory=list)
    by_unit_month: dict[tuple[int, int], Stat] = field(default_factory=dict)


def period(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    """First and last day of the year, or of one month of it."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = dt.date(year, month, 1)
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


def by_visible_case(qs: QuerySet, visible: QuerySet[m.Case], path: str = "case") -> QuerySet:
    """Rows of a case's related table limited to the visible cases (no filter when everything is visible)."""
    if not visible.query.where:
        return qs
    return qs.filter(**{f"{path}__in": visible.values("pk")})


Key = tuple[int, "int | None", int, int]  # (unit, matter, year, month)


def figures(cases: QuerySet[m.Case], *, first: dt.date | None = None, last: dt.date | None = None) -> dict[Key, Stat]:
    """The figures of ``cases`` by (unit, matter, year, month), in four grouped queries; limited to the period
    when ``first``/``last`` are given."""
    cells: dict[Key, Stat] = defaultdict(Stat)

    def key(row) -> Key:
        return row["g_unit"], row["g_matter"], row["g_year"], row["g_month"]

    def group(qs: QuerySet, prefix: str, date: str) -> QuerySet:
        qs = qs.filter(**{f"{date}__isnull": False})
        if first is not None:
            qs = qs.filter(**{f"{date}__range": (first, last)})
        return qs.values(
            g_unit=F(f"{prefix}enforcement_subject_id"),
            g_matter=F(f"{prefix}matter_id"),
            g_year=Year(date),
            g_month=Month(date),
        )

    for row in group(cases, "", "filed_on").annotate(n=Count("pk")).order_by():
        cells[key(row)].filed += row["n"]

    handling = DaysBetween("closed_on", "filed_on")
    for row in (
        group(cases, "", "closed_on")
        .annotate(
            n=Count("pk"),
            handled=Count("pk", filter=Q(filed_on__isnull=False)),
            days=Sum(handling, filter=Q(filed_on__isnull=False)),
            score_sum=Sum("snapshot__score"),
            scored=Count("snapshot__score"),
        )
        .order_by()
    ):
        cell = cells[key(row)]
        cell.closed += row["n"]
        cell.handled += row["handled"]
        cell.handling_days += row["days"] or 0
        cell.score_sum += row["score_sum"] or ZERO
        cell.scored += row["scored"]

    legal_review = m.ReviewOpinion.objects.filter(case_id=OuterRef("case_id"), kind=m.ReviewKind.LEGAL)
    hearing = m.Hearing.objects.filter(case_id=OuterRef("case_id"), held_on__isnull=False, party_absent=False)
    ordinary = Q(case__procedure=m.ProcedureType.ORDINARY)
    decisions = group(by_visible_case(m.Decision.objects.all(), cases), "case__", "decided_on")
    for row in decisions.annotate(
        n=Count("pk"),
        ordinary=Count("pk", filter=ordinary),
        fines=Sum("fine_amount", filter=Q(kind=m.DecisionKind.PENALTY)),
        reviewed=Count("pk", filter=ordinary & Q(Exists(legal_review))),
        heard=Count("pk", filter=ordinary & Q(Exists(hearing))),
        no_penalty=Count("pk", filter=Q(kind__in=NO_PENALTY_KINDS)),
    ).order_by():
        cell = cells[key(row)]
        cell.decided += row["n"]
        cell.ordinary_decided += row["ordinary"]
        cell.fines_decided += row["fines"] or ZERO
        cell.reviewed += row["reviewed"]
        cell.heard += row["heard"]
        cell.no_penalty += row["no_penalty"]

    payments = group(by_visible_case(m.Payment.objects.filter(kind=m.PaymentKind.FINE), cases), "case__", "paid_on")
    for row in payments.annotate(amount=Sum("amount")).order_by():
        cells[key(row)].fines_collected += row["amount"] or ZERO
    return cells


def cells_current() -> bool:
    """The stored cells cover every case once a full sweep has finished (and are kept current after that)."""
    from .models import SweepRun, SweepState

    return SweepRun.objects.filter(state=SweepState.DONE, full=True).exists()


def statistics(*, visible: QuerySet[m.Case], year: int, month: int | None = None) -> Statistics:
    """The figures of ``visible`` for the period by unit, matter and month. When everything is visible (justice
    bureau) they are read from the stored cells; otherwise aggregated live over the visible cases."""
    from .models import StatCell

    if not visible.query.where and cells_current():
        rows = StatCell.objects.filter(year=year)
        if month is not None:
            rows = rows.filter(month=month)
        cells = {
            (unit, matter, y, mon): Stat(*values)
            for unit, matter, y, mon, *values in rows.values_list("unit_id", "matter_id", "year", "month", *STAT_FIELDS)
        }
    else:
        first, last = period(year, month)
        cells = figures(visible, first=first, last=last)
    return _roll_up(cells, year=year, month=month)


def _roll_up(cells: dict[Key, Stat], *, year: int, month: int | None) -> Statistics:
    result = Statistics(year=year, month=month)
    units: dict[int, Stat] = defaultdict(Stat)
    matters: dict[int | None, Stat] = defaultdict(Stat)
    months: dict[int, Stat] = defaultdict(Stat)
    unit_months: dict[tuple[int, int], Stat] = defaultdict(Stat)
    for (unit, matter, _, mon), cell in cells.items():
        unit_months[(unit, mon)].add(cell)
        matters[matter].add(cell)
    for (unit, mon), cell in unit_months.items():
        units[unit].add(cell)
        months[mon].add(cell)
    for cell in units.values():
        result.total.add(cell)
    unit_names = dict(Unit.objects.filter(pk__in=list(units)).values_list("pk", "name"))
    matter_names = dict(Matter.objects.filter(pk__in=[k for k in matters if k]).values_list("pk", "name"))
    result.by_unit = sorted(((pk, unit_names.get(pk, ""), s) for pk, s in units.items()), key=lambda r: r[1])
    result.by_matter = sorted(
        ((pk, matter_names.get(pk, "") if pk else NO_MATTER, s) for pk, s in matters.items()),
        key=lambda r: (r[0] is None, r[1]),
    )
    result.by_month = sorted(months.items())
    result.by_unit_month = dict(unit_months)
    return result
