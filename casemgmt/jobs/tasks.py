"""The Celery tasks behind every job: one generic task per kind of dispatch, not one per job function."""

from celery import shared_task

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
