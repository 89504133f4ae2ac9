"""Background work of supervision: the dashboard refresh deferred by every act (``snapshots.schedule_refresh``)."""

from __future__ import annotations

from casemgmt.jobs import JobContext, job

from .snapshots import REFRESH_JOB, refresh_cases


@job(REFRESH_JOB, title="刷新监督看板")
def refresh_changed_cases(ctx: JobContext, *, case_ids: list[int]) -> dict:
    """The snapshots, clocks, problems and statistics cells of the cases changed by one committed transaction.

    Idempotent (everything is recomputed from the stored case), so a redelivered or retried task is harmless;
    a failure raises, so a Celery worker retries it (the nightly sweep repairs whatever still fails)."""
    tally = refresh_cases(case_ids)
    return {"cases": tally.cases}
