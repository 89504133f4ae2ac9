"""Reads of the discretion app: the benchmark in force, the prior-record lookup and the same-violation
distribution (类案不同罚)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce

from casemgmt.cases import models as m
from casemgmt.powers.models import Matter

from .models import Benchmark, DiscretionRationale


def benchmark_in_force(*, matter: Matter, on: dt.date) -> Benchmark | None:
    """The benchmark version in force on ``on`` (the violation date), with its tiers and circumstances."""
    return (
        Benchmark.objects.in_force(on)
        .filter(matter=matter)
        .select_related("matter")
        .prefetch_related("tiers", "circumstances")
        .order_by("-effective_from")
        .first()
    )


def violation_date(case: m.Case) -> dt.date | None:
    """The date whose benchmark applies: the end of a continuing act, else its start (APL Art. 36 para 2)."""
    return case.violation_end or case.violation_start


def party_identifiers(case: m.Case) -> list[str]:
    return sorted({p.id_number.strip().upper() for p in case.parties.all() if p.id_number.strip()})


# Outcomes that establish an earlier violation of the party. A case that is still open proves nothing yet.
VIOLATION_KINDS = (m.DecisionKind.PENALTY, m.DecisionKind.NO_PENALTY_FIRST, m.DecisionKind.NO_PENALTY_MINOR)


def prior_violations(
    *,
    identifiers: list[str],
    since: dt.date,
    until: dt.date,
    exclude_case_id: int | None,
    matter: Matter | None = None,
) -> list[dict]:
    """Earlier violations of the party (by ID number / credit code) across **all units**, with the violation dated
    in [``since``, ``until``] (both days included).

    What is revealed is deliberately small: the case number, the deciding unit, the matter and the violation and
    decision dates. The deciding officer needs exactly that to decide whether 首违不罚 applies and to cite the
    earlier decision (or ask the other unit for its file); the facts, the party's other data and the amounts of
    another unit's case stay with that unit (unit scoping, PRODUCT.md).
    """
    if not identifiers:
        return []
    qs = (
        m.Decision.objects.filter(kind__in=VIOLATION_KINDS, case__parties__id_number__in=identifiers)
        .annotate(violated_on=Coalesce("case__violation_end", "case__violation_start", "decided_on"))
        .filter(violated_on__gte=since, violated_on__lte=until)
    )
    if exclude_case_id is not None:
        qs = qs.exclude(case_id=exclude_case_id)
    if matter is not None:
        qs = qs.filter(Q(case__matter_code=matter.code))
    rows = qs.values(
        "case_id", "case__number", "case__enforcement_subject__name", "case__cause", "violated_on", "decided_on"
    ).distinct()
    found = {}
    for row in rows.order_by("violated_on", "case_id"):
        found[row["case_id"]] = {
            "number": row["case__number"] or "（无案号）",
            "unit": row["case__enforcement_subject__name"],
            "cause": row["case__cause"],
            "violation_on": row["violated_on"].isoformat(),
            "decided_on": row["decided_on"].isoformat(),
        }
    return list(found.values())


# --- same-violation distribution (类案不同罚) -----------------------------------------------------------------------

#: Fewer decided cases than this and no amount is called an outlier: the spread of two or three fines says nothing.
OUTLIER_MIN_COUNT = 5
#: Tukey's fences: an amount is an outlier below Q1 − 1.5 × IQR or above Q3 + 1.5 × IQR of the decided amounts.
TUKEY_K = Decimal("1.5")


@dataclass(frozen=True)
class Distribution:
    matter_id: int
    tier: str
    count: int
    minimum: Decimal | None
    q1: Decimal | None
    median: Decimal | None
    q3: Decimal | None
    maximum: Decimal | None

    @property
    def fences(self) -> tuple[Decimal, Decimal] | None:
        if self.count < OUTLIER_MIN_COUNT:
            return None
        iqr = self.q3 - self.q1
        return self.q1 - TUKEY_K * iqr, self.q3 + TUKEY_K * iqr

    def is_outlier(self, amount) -> bool:
        """Whether ``amount`` lies outside Tukey's fences of the decided amounts (never with < 5 cases)."""
        fences = self.fences
        if fences is None or amount is None:
            return False
        return not (fences[0] <= Decimal(amount) <= fences[1])


def _quantile(qs, count: int, fraction: Decimal) -> Decimal:
    """The quantile by linear interpolation between closest ranks, read by OFFSET along the (matter, tier,
    amount) index: at most two rows are fetched, on SQLite and PostgreSQL alike."""
    position = (count - 1) * fraction
    lower = int(position)
    values = list(qs.order_by("decided_amount").values_list("decided_amount", flat=True)[lower : lower + 2])
    if len(values) == 1 or position == lower:
        return values[0]
    return values[0] + (values[1] - values[0]) * (position - lower)


def distribution(*, matter_id: int, tier: str) -> Distribution:
    """How this matter and tier were fined across all units: aggregates only, no case identities."""
    qs = DiscretionRationale.objects.filter(matter_id=matter_id, tier=tier, decided_amount__isnull=False)
    agg = qs.aggregate(count=Count("decided_amount"), low=Min("decided_amount"), high=Max("decided_amount"))
    count = agg["count"]
    if not count:
        return Distribution(matter_id, tier, 0, None, None, None, None, None)
    return Distribution(
        matter_id=matter_id,
        tier=tier,
        count=count,
        minimum=agg["low"],
        q1=_quantile(qs, count, Decimal("0.25")),
        median=_quantile(qs, count, Decimal("0.5")),
        q3=_quantile(qs, count, Decimal("0.75")),
        maximum=agg["high"],
    )


def naive_distribution(*, matter_id: int, tier: str) -> tuple[int, Decimal | None]:
    """Baseline for the benchmark: every amount loaded into Python and sorted there."""
    import statistics

    amounts = sorted(
        DiscretionRationale.objects.filter(matter_id=matter_id, tier=tier, decided_amount__isnull=False).values_list(
            "decided_amount", flat=True
        )
    )
    return len(amounts), (statistics.median(amounts) if amounts else None)
