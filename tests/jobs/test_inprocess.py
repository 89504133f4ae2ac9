"""Without a broker the same job functions run in-process: state, progress, result, locks, failures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casemgmt.jobs import JobBusy, defer, start_job
from casemgmt.jobs.models import Job, JobState
from casemgmt.jobs.runner import GENERIC_FAILURE, execute, reap_stale
from tests.jobs import sample_jobs

pytestmark = pytest.mark.django_db


def test_job_runs_after_commit_and_records_progress_and_result(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = start_job("tests.count", user=world.officer.user, unit=world.brigade, unit_id=world.brigade.pk, n=4)
        assert Job.objects.get(pk=row.pk).state == JobState.QUEUED  # nothing runs before the commit
    row.refresh_from_db()
    assert row.state == JobState.DONE
    assert (row.progress_done, row.progress_total) == (4, 4)
    assert row.message == "正在处理第 4/4 项"
    assert row.result == {"counted": 4, "url": "/done/"}
    assert row.started_by == world.officer.user and row.unit == world.brigade
    assert row.started_at and row.finished_at and row.finished_at >= row.started_at
    assert row.as_status()["result_url"] == "/done/"


def test_second_start_with_same_lock_is_refused_while_first_is_live(world):
    first = start_job("tests.count", user=world.officer.user, unit_id=1)  # queued: on_commit never fires here
    with pytest.raises(JobBusy) as refused:
        start_job("tests.count", user=world.colleague.user, unit_id=1)
    assert refused.value.job == first
    assert "「测试计数」正在进行" in str(refused.value)
    assert start_job("tests.count", user=world.colleague.user, unit_id=2).lock_key == "count:2"  # other key: free


def test_lock_is_free_again_once_the_job_finished(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start_job("tests.count", user=world.officer.user, unit_id=1)
    with django_capture_on_commit_callbacks(execute=True):
        again = start_job("tests.count", user=world.officer.user, unit_id=1)
    again.refresh_from_db()
    assert again.state == JobState.DONE


def test_refusal_inside_a_job_fails_it_with_the_chinese_reason(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = start_job("tests.refuse", why="本单位没有在办案件")
    row.refresh_from_db()
    assert (row.state, row.reason) == (JobState.FAILED, "本单位没有在办案件")


def test_unexpected_error_fails_the_job_without_leaking_details(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = start_job("tests.crash")
    row.refresh_from_db()
    assert (row.state, row.reason) == (JobState.FAILED, GENERIC_FAILURE)
    assert "internal" not in row.reason


def test_delivering_a_finished_job_again_does_nothing(django_capture_on_commit_callbacks):
    sample_jobs.CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        row = start_job("tests.count", unit_id=7, n=1)
    assert len(sample_jobs.CALLS) == 1
    execute(row.pk)  # the broker delivers the same task a second time
    assert len(sample_jobs.CALLS) == 1
    row.refresh_from_db()
    assert row.state == JobState.DONE


def test_job_without_heartbeat_is_failed_and_its_lock_released(world, settings):
    settings.JOBS_STALE_AFTER = 180
    dead = start_job("tests.count", user=world.officer.user, unit_id=1)
    Job.objects.filter(pk=dead.pk).update(
        state=JobState.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(seconds=181)
    )
    fresh = start_job("tests.count", user=world.officer.user, unit_id=1)  # the lazy check reaps the dead one
    dead.refresh_from_db()
    assert dead.state == JobState.FAILED
    assert dead.reason.startswith("执行进程已中止（超过 3 分钟没有心跳）")
    assert fresh.state == JobState.QUEUED


def test_job_with_a_recent_heartbeat_is_not_reaped(settings):
    settings.JOBS_STALE_AFTER = 180
    alive = start_job("tests.count", unit_id=1)
    Job.objects.filter(pk=alive.pk).update(
        state=JobState.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(seconds=170)
    )
    assert reap_stale() == 0
    alive.refresh_from_db()
    assert alive.state == JobState.RUNNING


def test_job_never_picked_up_is_cancelled_after_the_queue_limit(settings):
    settings.JOBS_QUEUED_STALE_AFTER = 1800
    waiting = start_job("tests.count", unit_id=1)
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - dt.timedelta(minutes=31))
    assert reap_stale() == 1
    waiting.refresh_from_db()
    assert waiting.state == JobState.FAILED and "排队超过 30 分钟" in waiting.reason


def test_deferred_work_runs_after_commit_without_a_job_row(tmp_path, django_capture_on_commit_callbacks):
    target = tmp_path / "effect.txt"
    with django_capture_on_commit_callbacks(execute=True):
        defer("tests.touch", path=str(target), text="已索引")
        assert not target.exists()
    assert target.read_text() == "已索引"
    assert not Job.objects.exists()


def test_unknown_kind_is_refused_in_the_caller():
    with pytest.raises(LookupError):
        defer("tests.no_such_job")
    with pytest.raises(LookupError):
        start_job("tests.no_such_job")
