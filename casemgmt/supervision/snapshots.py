"""Computing and storing the dashboard snapshots: the sweep over open cases and the refresh of a changed case.

Nothing here decides what is late or unlawful: the clocks come from ``casemgmt.cases.clocks.case_clocks`` (the
working-day calendar), the problems from the rulebook's self-check (``check_case``) and the score from the active
evaluation rubric (``casemgmt.evaluation.scoring``), exactly as the case page shows them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.clocks import ClockStatus, case_clocks
from casemgmt.cases.rulebook import check_case, load_facts_many
from casemgmt.evaluation.rubrics import active_rubric
from casemgmt.evaluation.scoring import score_findings
from casemgmt.jobs import defer

from .models import CaseClock, CaseProblem, CaseSnapshot, StatCell, SweepRun, SweepState
from .stats import STAT_FIELDS, figures

log = logging.getLogger(__name__)

CHUNK = 200


@dataclass
class Tally:
    cases: int = 0
    problems: int = 0
    red: int = 0
    yellow: int = 0


def _cases(ids: Iterable[int]) -> QuerySet[m.Case]:
    # the same related rows the self-check of supervision loads (casemgmt.evaluation.selfcheck)
    return m.Case.objects.filter(pk__in=list(ids)).select_related(
        "enforcement_subject__parent", "handling_unit__parent", "filing_approved_by"
    )


def store_snapshots(
    case_ids: Iterable[int], *, today: dt.date, sweep: SweepRun | None = None, cells: bool = True
) -> Tally:
    """Recompute and replace the snapshot, clocks and problems of each case, and (``cells``) the statistics cells
    of the cases' units and matters (one transaction per call)."""
    rubric = active_rubric()
    now = timezone.now()
    tally = Tally()
    snapshots, clocks, problems = [], [], []
    cases = list(_cases(case_ids))
    facts_by_case = load_facts_many(cases, today=today)  # one query per table per 500 cases, not per case
    for case in cases:
        facts = facts_by_case[case.pk]
        findings = check_case(facts)
        case_clock_list = case_clocks(facts)
        score = score_findings(rubric, findings, case_pk=case.pk) if rubric is not None else None
        snapshots.append(
            CaseSnapshot(
                case_id=case.pk,
                as_of=today,
                computed_at=now,
                sweep=sweep,
                score=score.total if score else None,
                grade=score.grade if score else "",
                vetoed=bool(score and score.vetoed),
                problem_count=len(findings),
                unit_id=case.enforcement_subject_id,
                matter_id=case.matter_id,
            )
        )
        for c in case_clock_list:
            clocks.append(
                CaseClock(
                    case_id=case.pk,
                    code=c.code[:40],
                    label=c.label[:100],
                    deadline=c.deadline.date,
                    provisional=c.deadline.provisional,
                    done_on=c.done_on,
                    status=c.status,
                    remaining_working_days=c.remaining_working_days,
                )
            )
            if c.done_on is None and case.status in m.OPEN_STATUSES:
                tally.red += c.status == ClockStatus.RED
                tally.yellow += c.status == ClockStatus.YELLOW
        for f in findings:
            problems.append(
                CaseProblem(
                    case_id=case.pk,
                    rule=f.rule,
                    number=f.number,
                    message=f.message,
                    article=f.article[:300],
                    detail=f.detail,
                )
            )
        tally.cases += 1
        if case.status in m.OPEN_STATUSES:  # the run reports what the dashboard shows: open cases
            tally.problems += len(findings)
    ids = [c.pk for c in cases]
    with transaction.atomic():
        groups = {(c.enforcement_subject_id, c.matter_id) for c in cases}
        if cells:  # where the cases counted before (a transfer changes the unit, a correction the matter)
            groups |= set(
                CaseSnapshot.objects.filter(case_id__in=ids, unit__isnull=False).values_list("unit", "matter")
            )
        CaseClock.objects.filter(case_id__in=ids).delete()
        CaseProblem.objects.filter(case_id__in=ids).delete()
        CaseSnapshot.objects.filter(case_id__in=ids).delete()
        CaseSnapshot.objects.bulk_create(snapshots)
        CaseClock.objects.bulk_create(clocks, batch_size=1000)
        CaseProblem.objects.bulk_create(problems, batch_size=1000)
        if cells:
            rebuild_cells(groups)
    return tally


def rebuild_cells(groups: set[tuple[int, int | None]] | None = None) -> int:
    """Recompute the statistics cells of these (unit, matter) groups, or of everything, from the cases."""
    cases = m.Case.objects.all()
    stored = StatCell.objects.all()
    if groups is not None:
        if not groups:
            return 0
        match = Q()
        for unit, matter in groups:
            match |= Q(enforcement_subject_id=unit, matter_id=matter)
        cases = cases.filter(match)
        stored = stored.filter(reduce(or_, (Q(unit_id=unit, matter_id=matter) for unit, matter in groups)))
    rows = [
        StatCell(unit_id=unit, matter_id=matter, year=year, month=month, **{n: getattr(s, n) for n in STAT_FIELDS})
        for (unit, matter, year, month), s in figures(cases).items()
    ]
    with transaction.atomic():
        stored.delete()
        StatCell.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def sweep_cases(base: QuerySet[m.Case] | None = None) -> QuerySet[m.Case]:
    """What a sweep looks at: every open case, and every other case whose snapshot is missing or older than its
    last change (a case closed or archived since; after the first run that is only the few changed ones)."""
    base = m.Case.objects.all() if base is None else base
    return base.filter(
        Q(status__in=m.OPEN_STATUSES) | Q(snapshot__isnull=True) | Q(snapshot__computed_at__lt=F("updated_at"))
    )


def sweep_run(
    *,
    trigger: str,
    actor=None,
    today: dt.date | None = None,
    base: QuerySet[m.Case] | None = None,
    scope: str = "全部单位",
    progress=None,
) -> SweepRun:
    """Run the rulebook and the clocks over the cases of ``base`` (default: all) and store the snapshots.

    The run is recorded first (so a second one can see it is under way) and closed with its counts, or with the
    error that stopped it; snapshots already stored by then stay (each chunk is its own transaction)."""
    today = today or timezone.localdate()
    full = base is None
    run = SweepRun.objects.create(
        trigger=trigger, triggered_by=actor, scope=scope[:200], full=full, as_of=today, started_at=timezone.now()
    )
    ids = list(sweep_cases(base).order_by("pk").values_list("pk", flat=True))
    total = Tally()
    try:
        for start in range(0, len(ids), CHUNK):
            t = store_snapshots(ids[start : start + CHUNK], today=today, sweep=run, cells=not full)
            total.cases += t.cases
            total.problems += t.problems
            total.red += t.red
            total.yellow += t.yellow
            if progress is not None:
                progress(total.cases, len(ids))
        if full:
            rebuild_cells()
    except Exception as exc:
        run.state, run.error = SweepState.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.cases_checked = total.cases
        run.save()
        raise
    run.state = SweepState.DONE
    run.finished_at = timezone.now()
    run.cases_checked, run.problems_found = total.cases, total.problems
    run.clocks_red, run.clocks_yellow = total.red, total.yellow
    run.save()
    return run


# --- after-commit refresh of a changed case -------------------------------------------------------------------
# The refresh is not the request's work: after the commit it is handed to the jobs layer (``defer``), a Celery task
# with retries when a broker is configured, in-process otherwise. ``supervision.refresh_cases`` (jobs.py) runs it.

REFRESH_JOB = "supervision.refresh_cases"


def refresh_now(case_ids: Iterable[int], *, today: dt.date | None = None) -> None:
    """Refresh the snapshots of these cases; a failure is logged, never raised into the caller (the next sweep
    recomputes the case anyway). The deferred job calls ``refresh_cases``, which raises so that it is retried."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    try:
        refresh_cases(ids, today=today)
    except Exception:  # noqa: BLE001 - the action has committed; the nightly sweep repairs the snapshot
        log.exception("refreshing dashboard snapshots of cases %s failed", ids)


def refresh_cases(case_ids: Iterable[int], *, today: dt.date | None = None) -> Tally:
    """Recompute the snapshots (and statistics cells) of these cases from what is stored now. Idempotent: running
    it twice, or late, stores the same rows; a case deleted since is skipped."""
    ids = sorted(set(case_ids))
    if not ids:
        return Tally()
    return store_snapshots(ids, today=today or timezone.localdate())


def schedule_refresh(case_id: int) -> None:
    """Refresh the case after the current transaction commits: one deferred job per transaction for every case
    changed in it (a service touches its case several times, a batch touches many cases)."""
    if not connection.in_atomic_block:
        defer(REFRESH_JOB, case_ids=[case_id])
        return
    pending = getattr(connection, "_dashboard_pending_refresh", None)
    # Reuse this transaction's callback while it is registered (a rolled-back savepoint takes it with it).
    if pending is None or pending[0] not in [entry[1] for entry in connection.run_on_commit]:
        ids: set[int] = set()

        def run():
            connection._dashboard_pending_refresh = None
            # After the commit, outside any transaction: defer hands the job over at once.
            defer(REFRESH_JOB, case_ids=sorted(ids))

        pending = connection._dashboard_pending_refresh = (run, ids)
        transaction.on_commit(run)
    pending[1].add(case_id)
