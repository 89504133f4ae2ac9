"""Demo data for 示范县: the county's units and people, and several hundred cases at every stage, each built
through the real case services with a seeded random generator (the same seed and date give the same data).

A few cases are deliberately overdue (no decision after 90 days, a decision not served or not published in
time) so that supervision and the self-check have something to find; every other case passes the rulebook.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.org.models import Certificate, CertificateStatus, Unit

from .discretion import build_discretion
from .documents import demo_gap_omit, file_gaps
from .driver import Driver
from .org import COUNTY_NAME, DEMO_PASSWORD, LOGINS, build_county, build_policies
from .powers import build_powers
from .scenarios import SCENARIOS, Planner, quotas
from .timeline import ActClock, Days

__all__ = [
    "COUNTY_NAME",
    "DEMO_PASSWORD",
    "LOGINS",
    "SCENARIO_LABELS",
    "DemoResult",
    "database_in_use",
    "demo_present",
    "load_demo",
]

WINDOW_DAYS = 320  # cases are spread over the ~10½ months before today


@dataclass
class DemoResult:
    today: dt.date
    units: int
    people: int
    cases: int
    by_status: Counter
    by_scenario: Counter
    overdue: dict[int, tuple[str, ...]] = field(default_factory=dict)  # case id -> the rules a self-check reports
    # case id -> the rules a self-check reports for a file deliberately lacking a document the evaluation expects
    gaps: dict[int, tuple[str, ...]] = field(default_factory=dict)
    seconds: float = 0.0
    evaluation: object = None  # the demo evaluation rounds (demo.evaluation.DemoEvaluation)


def demo_present() -> bool:
    return Unit.objects.filter(name=COUNTY_NAME).exists()


def database_in_use() -> bool:
    """Units, cases or user accounts exist: loading would mix the demo with other data."""
    return Unit.objects.exists() or m.Case.objects.exists() or get_user_model().objects.exists()


def load_demo(
    *,
    cases: int = 300,
    seed: int = 2026,
    today: dt.date | None = None,
    files: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Create 示范县 and ``cases`` cases on dates before ``today`` (at most the real today). Expects an empty
    database (see :func:`database_in_use`)."""
    started = time.monotonic()
    with _no_query_log():
        result = _load(cases=cases, seed=seed, today=today, files=files, progress=progress)
    result.seconds = time.monotonic() - started
    return result


def _load(*, cases: int, seed: int, today: dt.date | None, files: bool, progress) -> DemoResult:
    today = min(today or timezone.localdate(), timezone.localdate())
    rng = random.Random(seed)
    with transaction.atomic():
        county = build_county(rng)
        build_policies()
        build_powers()
        build_discretion()  # discretion issue: benchmarks for the catalogue's matters loaded above

    certificates: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for cert in Certificate.objects.filter(status=CertificateStatus.VALID):
        certificates.setdefault(cert.officer_id, []).append((cert.valid_from, cert.valid_to))
    days = Days(today=today, window_start=today - dt.timedelta(days=WINDOW_DAYS))
    planner = Planner(rng=rng, county=county, days=days, certificates=certificates)
    plans = [planner.plan(index, scenario) for index, scenario in enumerate(_scenario_list(cases))]
    # Cases are recorded in the order they arose, so case numbers (立〔2026〕N号) follow the filing dates.
    plans.sort(key=lambda p: (p.first_day, p.index))

    overdue: dict[int, tuple[str, ...]] = {}
    gaps: dict[int, tuple[str, ...]] = {}
    by_scenario: Counter = Counter()
    from .archive import archive_demo_cases, clear_stale_index, index_unindexed  # archive issue
    from .evaluation import build_evaluation  # evaluation issue: a published round and an open one

    clear_stale_index()
    # Bulk loading allocates many short-lived ORM objects: fewer young-generation collections save ~10 %.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    # Each case changes dozens of times (acts, documents, archiving): its search entry and dashboard snapshot are
    # computed once, from its final state, when the batch ends — not after each of its commits.
    try:
        with hooks.case_changes_batched():
            for done, plan in enumerate(plans, start=1):
                # Every closed case's file: its documents and 送达回证, drawn up as the case goes (a few lack one
                # the evaluation expects). Each act is recorded at a time on its legal date (the clock).
                closes = plan.steps[-1].action == "close"
                omit = demo_gap_omit(random.Random(f"{seed}:{plan.index}:documents")) if closes else None
                driver = Driver(
                    plan,
                    rng=random.Random(f"{seed}:{plan.index}"),
                    files=files,
                    flow=plan.with_flow,
                    clock=ActClock(random.Random(f"{seed}:{plan.index}:clock")),
                    case_file=omit,
                )
                case = driver.run()
                gap = file_gaps(case) if closes else ()
                by_scenario[plan.scenario] += 1
                if plan.overdue_rules:
                    overdue[case.pk] = plan.overdue_rules
                if gap:
                    gaps[case.pk] = gap
                if progress:
                    progress(done, len(plans))
            archive_demo_cases(seed=seed, today=today)
    finally:
        gc.set_threshold(*thresholds)
    index_unindexed()
    evaluation = build_evaluation(seed=seed, today=today)
    by_status = Counter(m.Case.objects.values_list("status", flat=True))
    return DemoResult(
        today=today,
        units=Unit.objects.count(),
        people=county.people,
        cases=len(plans),
        by_status=by_status,
        by_scenario=by_scenario,
        overdue=overdue,
        gaps=gaps,
        evaluation=evaluation,
    )


@contextmanager
def _no_query_log():
    """Keep no log of the load's SQL statements, whatever DEBUG says. DEBUG keeps every statement for the
    debug pages (and on SQLite runs a second statement per statement, to quote its parameters for the log):
    worth it for a request, about a sixth of a bulk load's time for nothing."""
    if not settings.DEBUG:
        yield
        return
    with override_settings(DEBUG=False):
        yield


def _scenario_list(cases: int) -> list[str]:
    names: list[str] = []
    for name, count in quotas(cases).items():
        names += [name] * count
    return names


SCENARIO_LABELS = {name: label for name, (_, label) in SCENARIOS.items()}
