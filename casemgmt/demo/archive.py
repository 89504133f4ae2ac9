"""Demo: archive most closed cases (as their brigade head would, some working days after closing) and make sure
every case is in the search index."""

from __future__ import annotations

import datetime as dt
import random

from casemgmt.archive import store
from casemgmt.archive.assembly import assemble_record_case_file
from casemgmt.archive.indexing import index_now
from casemgmt.archive.models import SearchDoc
from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.services.base import acting_at
from casemgmt.org.models import LEADER_ROLES, Membership
from casemgmt.org.tree import unit_tree

from .timeline import ActClock, Days

KEEP_CLOSED = 0.25  # the most recently closed quarter of each procedure waits for archiving


def _leader_user(case: m.Case):
    """A 负责人 of the handling unit, else of the unit above it, else of the enforcement subject."""
    units = [*unit_tree().chain(case.handling_unit_id)[:2], case.enforcement_subject_id]
    for unit in units:
        ms = Membership.objects.filter(unit_id=unit, role__in=LEADER_ROLES).select_related("officer__user")
        for membership in ms.order_by("role", "id"):
            if membership.officer.user_id:
                return membership.officer.user
    return None


def clear_stale_index() -> None:
    """Before loading into an empty database: drop search-index rows a ``manage.py flush`` left behind (the
    full-text tables are not Django's, so ``flush`` does not empty them, and new rows would collide with them)."""
    if not SearchDoc.objects.exists():
        store.clear_all()


def archive_demo_cases(*, seed: int, today: dt.date) -> int:
    """Archive the closed cases but the most recent quarter of each procedure; returns how many. Each case file is
    built in the loader right after its archiving (no background job: the demo must be complete when the command
    ends)."""
    rng = random.Random(f"{seed}:archive")
    clock_rng = random.Random(f"{seed}:archive:clock")
    archived = 0
    closed = m.Case.objects.filter(status=m.CaseStatus.CLOSED, closed_on__isnull=False).select_related("handling_unit")
    for procedure in m.ProcedureType.values:
        cases = list(closed.filter(procedure=procedure).order_by("closed_on", "pk"))
        keep = max(1, round(len(cases) * KEEP_CLOSED)) if cases else 0
        for case in cases[: len(cases) - keep]:
            on = min(Days.roll(case.closed_on + dt.timedelta(days=rng.randint(3, 20))), today)
            actor = _leader_user(case)
            if actor is None:
                continue
            # Archived and bound on a working day, after the case's last act (its log reads forward).
            clock = ActClock(clock_rng, last=case.events.order_by("-seq").values_list("at", flat=True).first())
            try:
                with acting_at(clock.tick(on)):
                    record = archive_case(case=case, actor=actor, on=on, acknowledge_defects=True, case_file_job=False)
                with acting_at(clock.tick(on)):
                    assemble_record_case_file(case_id=case.pk, officer_id=record.archived_by_id)
                archived += 1
            except RuleViolation:
                continue  # a file the rulebook refuses to archive stays closed, as in real life
    return archived


def index_unindexed() -> int:
    """Index every case the search index lacks (one whose indexing failed is retried here); returns how many."""
    indexed = set(SearchDoc.objects.values_list("case_id", flat=True))
    missing = list(m.Case.objects.exclude(pk__in=indexed).values_list("pk", flat=True))
    for start in range(0, len(missing), 200):
        index_now(missing[start : start + 200])
    return len(missing)
