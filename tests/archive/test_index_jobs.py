"""Index updates after an act are deferred jobs (retried on a worker, recorded when they fail); a full rebuild is
a job started from the archive's index page, with progress."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from casemgmt.archive import backends
from casemgmt.archive.backends.db import EmbeddedBackend
from casemgmt.archive.models import BuildState, IndexBuild, IndexTask, IndexTaskState, SearchDoc
from casemgmt.jobs import JobBusy
from casemgmt.jobs.models import Job, JobState
from casemgmt.jobs.tasks import run_deferred
from tests.builders import clue


class FlakyBackend(EmbeddedBackend):
    """The embedded backend, failing its first ``failures`` writes (as a database or cluster hiccup would)."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls = 0

    def index(self, entries):
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("检索库暂时不可用")
        super().index(entries)


@pytest.fixture
def flaky(monkeypatch):
    def install(failures: int) -> FlakyBackend:
        backend = FlakyBackend(failures)
        monkeypatch.setattr(backends, "_cache", {"embedded": backend})
        return backend

    return install


def test_an_act_indexes_its_case_through_the_deferred_job(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = clue(world)
    assert callbacks  # the index update ran after the commit, not inside the act's transaction
    assert SearchDoc.objects.filter(case_id=case.pk).exists()
    assert not IndexTask.objects.exists()


def test_a_failing_update_in_process_is_recorded_and_the_act_still_succeeds(
    world, flaky, django_capture_on_commit_callbacks
):
    flaky(failures=100)
    with django_capture_on_commit_callbacks(execute=True):
        case = clue(world)
    assert case.pk and not SearchDoc.objects.filter(case_id=case.pk).exists()
    task = IndexTask.objects.get(case_id=case.pk)
    assert task.state == IndexTaskState.FAILED and "检索库暂时不可用" in task.last_error
    flaky(failures=0)
    call_command("reindex", "--pending", stdout=StringIO())
    assert SearchDoc.objects.filter(case_id=case.pk).exists() and not IndexTask.objects.exists()


def test_a_failing_update_on_the_worker_is_recorded_and_retried_until_it_succeeds(world, flaky):
    case = clue(world)
    IndexTask.objects.all().delete()
    backend = flaky(failures=2)
    # The Celery task that carries deferred work, applied here (eagerly: its retries run at once, backoff aside).
    result = run_deferred.apply(args=("archive.index_cases", {"case_ids": [case.pk]}))
    assert result.successful(), result.traceback
    assert backend.calls == 3
    assert SearchDoc.objects.filter(case_id=case.pk).exists()
    assert not IndexTask.objects.exists()  # recorded at each failure, cleared by the retry that succeeded


def test_an_update_failing_every_retry_stays_recorded_for_reindex_pending(world, flaky):
    case = clue(world)
    flaky(failures=1000)
    result = run_deferred.apply(args=("archive.index_cases", {"case_ids": [case.pk]}))
    assert result.failed()
    task = IndexTask.objects.get(case_id=case.pk)
    assert task.attempts == run_deferred.max_retries + 1 and task.state == IndexTaskState.FAILED


def admin_client(django_user_model) -> tuple[Client, object]:
    user = django_user_model.objects.create_superuser("index_admin", password="x")
    client = Client()
    client.force_login(user)
    return client, user


def test_an_administrator_starts_a_rebuild_job_and_follows_its_progress(
    world, django_user_model, django_capture_on_commit_callbacks
):
    cases = [clue(world) for _ in range(3)]
    client, user = admin_client(django_user_model)
    page = client.get(reverse("archive:index"))
    assert page.status_code == 200 and "重建检索索引" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:index_rebuild"))
    job = Job.objects.get(kind="archive.reindex")
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.started_by == user
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result["cases"] == 3 and job.result["build"] == IndexBuild.objects.get(state=BuildState.LIVE).pk
    assert set(SearchDoc.objects.values_list("case_id", flat=True)) == {c.pk for c in cases}
    assert "已启用" in client.get(reverse("archive:index")).content.decode()


def test_a_second_rebuild_is_refused_while_one_is_queued(world, django_user_model):
    client, _user = admin_client(django_user_model)
    client.post(reverse("archive:index_rebuild"))  # queued: this test's transaction never commits
    from casemgmt.archive.maintenance import reindex_start

    with pytest.raises(JobBusy):
        reindex_start(actor=_user)
    response = client.post(reverse("archive:index_rebuild"))
    assert response.status_code == 302 and response.url == reverse(
        "jobs:detail", args=[Job.objects.get(kind="archive.reindex").pk]
    )


def test_only_administrators_manage_the_index(world):
    client = Client()
    client.force_login(world.officer.user)
    assert client.get(reverse("archive:index")).status_code == 403
    assert client.post(reverse("archive:index_rebuild")).status_code == 403
    assert not Job.objects.filter(kind="archive.reindex").exists()
    assert "检索索引管理" not in client.get(reverse("archive:search")).content.decode()
