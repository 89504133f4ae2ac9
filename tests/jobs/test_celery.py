"""The real Celery path: a worker subprocess on the local Redis runs the job; a killed worker's job is failed and
its lock released after the stale period; a stopped broker refuses cleanly and loses nothing."""

from __future__ import annotations

import pytest
from django.db import connections

from casemgmt.jobs import JobUnavailable, defer, start_job
from casemgmt.jobs.models import Job, JobState
from casemgmt.jobs.runner import UNAVAILABLE, reap_stale
from tests.jobs.conftest import wait_for

WORKER_START = 120  # seconds: Django and Celery start slowly on a loaded two-core box


def state_of(job_id: int) -> str:
    return Job.objects.values_list("state", flat=True).get(pk=job_id)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_job_with_progress_and_the_deferred_effect(world, start_worker, tmp_path):
    worker = start_worker()
    row = start_job("tests.count", user=world.officer.user, unit=world.brigade, unit_id=world.brigade.pk, n=5)
    target = tmp_path / "effect.txt"
    defer("tests.touch", path=str(target), text="已刷新")

    wait_for(lambda: state_of(row.pk) == JobState.DONE, timeout=WORKER_START, what="the job", log=worker.log)
    row.refresh_from_db()
    assert (row.progress_done, row.progress_total, row.result["counted"]) == (5, 5, 5)
    wait_for(lambda: target.exists(), timeout=30, what="the deferred effect", log=worker.log)
    assert target.read_text() == "已刷新"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_job_marked_failed_and_lock_released_when_worker_dies(world, start_worker, tmp_path, settings):
    settings.JOBS_STALE_AFTER = 3
    worker = start_worker(stale_after=3)
    marker = tmp_path / "started"
    row = start_job("tests.slow", user=world.officer.user, seconds=120, marker=str(marker))
    wait_for(marker.exists, timeout=WORKER_START, what="the job to start", log=worker.log)
    wait_for(lambda: Job.objects.get(pk=row.pk).progress_done > 0, timeout=30, what="progress", log=worker.log)
    assert state_of(row.pk) == JobState.RUNNING

    worker.kill()  # kill -9 of the whole worker, mid-job

    assert reap_stale() == 0  # within the stale period the job still counts as alive
    wait_for(lambda: reap_stale() == 1, timeout=20, what="the reaper to fail the dead job")
    row.refresh_from_db()
    assert row.state == JobState.FAILED
    assert row.reason.startswith("执行进程已中止（超过 3 秒没有心跳）")
    again = start_job("tests.slow", user=world.officer.user, seconds=0.1)  # the lock is free
    assert again.state == JobState.QUEUED
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_stopped_broker_refuses_the_job_in_chinese_and_leaves_nothing_queued(world, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/1"  # nothing listens there
    with pytest.raises(JobUnavailable) as refused:
        start_job("tests.count", user=world.officer.user, unit_id=1)
    assert str(refused.value) == UNAVAILABLE
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_broker_lost_between_check_and_commit_fails_the_job_instead_of_leaving_it_queued(world, settings, monkeypatch):
    from casemgmt.jobs import runner

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/1"
    monkeypatch.setattr(runner, "_check_broker", lambda: None)  # the broker went down after the check
    with pytest.raises(JobUnavailable):
        start_job("tests.count", user=world.officer.user, unit_id=1)
    row = Job.objects.get()
    assert (row.state, row.reason) == (JobState.FAILED, UNAVAILABLE)


@pytest.mark.django_db(transaction=True)
def test_deferred_work_runs_in_process_when_the_broker_is_down(settings, tmp_path):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/1"
    target = tmp_path / "effect.txt"
    defer("tests.touch", path=str(target), text="已索引")  # autocommit: runs at once
    assert target.read_text() == "已索引"
