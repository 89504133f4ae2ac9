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
    """Index the case after the current transaction commits, as a deferred job (``archive.index_cases``: a
    Celery task with retries when a broker is configured, in-process otherwise): one job per transaction indexes
    every case scheduled in it, however often each changed."""
    if not connection.in_atomic_block:
        _defer([case_id])
        return
    pending = getattr(connection, "_archive_pending_index", None)
    # The callback leaves run_on_commit at commit or rollback (also of the savepoint it was added in).
    if pending is None or pending[1] is None or pending[0] not in [entry[1] for entry in connection.run_on_commit]:
        ids: set[int] = set()

        def run():
            connection._archive_pending_index = None
            _defer(sorted(ids))

        pending = connection._archive_pending_index = (run, ids)
        transaction.on_commit(run)
    pending[1].add(case_id)


def _defer(case_ids: list[int]) -> None:
    """Hand the cases to the job queue; when even that fails (the broker is down), keep them in ``IndexTask``
    so that ``reindex --pending`` (or the admin) indexes them later — the action itself never fails for it."""
    try:
        from casemgmt.jobs import defer

        defer("archive.index_cases", case_ids=case_ids)
    except Exception as exc:  # noqa: BLE001 - recorded for the retry, never raised to the action
        log.exception("could not queue indexing of cases %s", case_ids)
        _record_failure(case_ids, exc)


class IndexingFailed(Exception):
    """Some cases could not be indexed (they are recorded in ``IndexTask``); raised so the job is retried."""


def index_cases(case_ids: Iterable[int]) -> int:
    """The deferred job's work. Idempotent: each case is replaced from its current state. A failure is recorded
    in ``IndexTask``; on a Celery worker it is also raised, so that the task is retried with backoff (a retry
    that succeeds clears the record). In-process there is no queue to retry it: the record waits for
    ``reindex --pending`` or the admin's retry, and the act that caused it is not disturbed."""
    done, failed = index_now(case_ids)
    if failed and _on_worker():
        raise IndexingFailed(f"{failed} 件案件索引失败，已记录待重试")
    return done


def _on_worker() -> bool:
    try:
        from celery import current_task
    except ImportError:  # pragma: no cover - celery is a dependency; embedded installs may still lack it
        return False
    return bool(current_task and current_task.request.id)


def index_now(case_ids: Iterable[int]) -> tuple[int, int]:
    """Index (or remove, when the case is gone) each case; returns (indexed, failed). The live index and — while
    a rebuild runs — its journal change in one transaction, so the rebuild replays exactly what was indexed."""
    from .generations import journal

    ids = list(dict.fromkeys(case_ids))
    if not ids:
        return 0, 0
    backend = get_backend()
    try:
        existing = {c.pk: c for c in m.Case.objects.filter(pk__in=ids)}
        gone = [pk for pk in ids if pk not in existing]
        entries = [build_entry(existing[pk]) for pk in ids if pk in existing]
        with transaction.atomic():
            if gone:
                backend.delete(gone)
            if entries:
                backend.index(entries)
            journal(ids)
        IndexTask.objects.filter(case_id__in=ids).delete()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded for the retry, never raised to the action
        log.exception("indexing cases %s failed", ids)
        _record_failure(ids, exc)
        return 0, len(ids)
    return len(ids), 0


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
