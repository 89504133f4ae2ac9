"""Keeping the search index current: after commit, never inside the case's transaction.

A failure never reaches the user's action: the case id is left in ``IndexTask`` (visible in the admin) and
``manage.py reindex --pending`` retries it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from casemgmt.cases import models as m

from .backends import get_backend
from .entries import build_entry
from .models import IndexTask, IndexTaskState

log = logging.getLogger(__name__)


def schedule_index(case_id: int) -> None:
    """Index the case once the current transaction commits: one callback per transaction indexes every case
    scheduled in it, however often each changed."""
    if not connection.in_atomic_block:
        index_now([case_id])
        return
    pending = getattr(connection, "_archive_pending_index", None)
    # The callback leaves run_on_commit at commit or rollback (also of the savepoint it was added in).
    if pending is None or pending[1] is None or pending[0] not in [entry[1] for entry in connection.run_on_commit]:
        ids: set[int] = set()

        def run():
            connection._archive_pending_index = None
            index_now(sorted(ids))

        pending = connection._archive_pending_index = (run, ids)
        transaction.on_commit(run)
    pending[1].add(case_id)


def index_now(case_ids: Iterable[int]) -> tuple[int, int]:
    """Index (or remove, when the case is gone) each case; returns (indexed, failed)."""
    ids = list(case_ids)
    existing = {c.pk: c for c in m.Case.objects.filter(pk__in=ids)}
    backend = get_backend()
    done = failed = 0
    gone = [pk for pk in ids if pk not in existing]
    try:
        if gone:
            backend.delete(gone)
        entries = [build_entry(existing[pk]) for pk in ids if pk in existing]
        with transaction.atomic():
            backend.index(entries)
        done = len(ids)
        IndexTask.objects.filter(case_id__in=ids).delete()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded for the retry, never raised to the action
        log.exception("indexing cases %s failed", ids)
        failed = len(ids)
        _record_failure(ids, exc)
    return done, failed


def _record_failure(ids: list[int], exc: Exception) -> None:
    try:
        for pk in ids:
            task, _ = IndexTask.objects.get_or_create(case_id=pk)
            task.state = IndexTaskState.FAILED
            task.attempts += 1
            task.last_error = f"{timezone.now():%Y-%m-%d %H:%M:%S} {type(exc).__name__}: {exc}"[:2000]
            task.save()
    except Exception:  # noqa: BLE001 - the database itself may be what failed; the log keeps the ids
        log.exception("could not record indexing failure for %s", ids)


def on_case_deleted(sender, instance: m.Case, **kwargs) -> None:
    """A deleted case (administration, demo reset) leaves the index after commit."""
    if kwargs.get("raw"):
        return
    schedule_index(instance.pk)
