"""The Celery tasks behind every job: one generic task per kind of dispatch, not one per job function."""

from celery import shared_task
from django.core.management import call_command

from . import runner


@shared_task(name="casemgmt.jobs.run", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int) -> None:
    runner.execute(job_id)


@shared_task(
    name="casemgmt.jobs.deferred",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def run_deferred(kind: str, params: dict) -> None:
    runner.run_deferred(kind, params)


@shared_task(name="casemgmt.jobs.reap_stale")
def reap_stale_jobs() -> int:
    return runner.reap_stale()


# The scheduled work of the system (celery beat, schedules editable in the admin) is a set of management commands,
# so the embedded default runs the very same code from cron. Only these may be scheduled: an admin editing a
# schedule must not be able to run an arbitrary command (flush, loaddata…).
SCHEDULED_COMMANDS = frozenset(
    {
        "reap_jobs",  # jobs whose worker died: failed, locks released
        "supervision_sweep",  # nightly: clocks, rulebook problems and self-check scores of open cases
        "sweep_deadlines",  # nightly: lapsed preservation measures released, clocks due listed
        "anchor_case_logs",  # nightly: the event-log anchor
        "reindex",  # with --pending: retry failed search indexing
        "close_evaluation_rounds",  # nightly: rounds past their deadline closed, read grants revoked
    }
)


@shared_task(name="casemgmt.jobs.command")
def run_command(name: str, *args: str) -> None:
    if name not in SCHEDULED_COMMANDS:
        raise ValueError(f"{name!r} is not a schedulable command (SCHEDULED_COMMANDS)")
    call_command(name, *args)
