"""The progress page and its JSON: the starter and those who may see the job's unit; everyone else gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casemgmt.jobs import start_job
from casemgmt.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db


def client_for(persona) -> Client:
    client = Client()
    client.force_login(persona.user)
    return client


@pytest.fixture
def township_job(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return start_job("tests.count", user=world.officer.user, unit=world.brigade, unit_id=world.brigade.pk, n=2)


def test_starter_sees_progress_json_of_a_finished_job(world, township_job):
    response = client_for(world.officer).get(reverse("jobs:status", args=[township_job.pk]))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert response.json() | {"id": 0} == {
        "id": 0,
        "kind": "tests.count",
        "title": "测试计数",
        "state": "done",
        "state_label": "已完成",
        "finished": True,
        "done": 2,
        "total": 2,
        "percent": 100,
        "message": "正在处理第 2/2 项",
        "reason": "",
        "summary": "",
        "result_url": "/done/",
    }


def test_colleague_of_the_unit_and_justice_bureau_see_it(world, township_job):
    for persona in (world.colleague, world.head, world.evaluator):
        assert client_for(persona).get(reverse("jobs:status", args=[township_job.pk])).status_code == 200


def test_outsider_gets_404_for_page_and_json(world, township_job):
    outsider = client_for(world.outsider)
    assert outsider.get(reverse("jobs:status", args=[township_job.pk])).status_code == 404
    assert outsider.get(reverse("jobs:detail", args=[township_job.pk])).status_code == 404
    assert client_for(world.county_officer).get(reverse("jobs:detail", args=[township_job.pk])).status_code == 404


def test_job_without_unit_is_visible_to_its_starter_only(world):
    own = start_job("tests.refuse", user=world.officer.user, why="x")
    assert client_for(world.officer).get(reverse("jobs:status", args=[own.pk])).status_code == 200
    assert client_for(world.colleague).get(reverse("jobs:status", args=[own.pk])).status_code == 404


def test_anonymous_is_sent_to_login(township_job):
    response = Client().get(reverse("jobs:status", args=[township_job.pk]))
    assert response.status_code == 302 and reverse("login") in response.url


def test_progress_page_has_the_bar_and_loads_the_script_without_inline_code(world):
    queued = start_job("tests.count", user=world.officer.user, unit_id=1, n=5)
    page = client_for(world.officer).get(reverse("jobs:detail", args=[queued.pk])).content.decode()
    assert '<progress class="job-bar" max="100" value="0">' in page
    assert f'data-status-url="{reverse("jobs:status", args=[queued.pk])}"' in page
    assert 'data-state="queued"' in page and "排队中" in page
    assert '<script src="/static/jobs/progress.js" defer></script>' in page
    assert "<script>" not in page


def test_polling_a_job_whose_worker_died_shows_it_failed(world, settings):
    settings.JOBS_STALE_AFTER = 180
    stuck = start_job("tests.count", user=world.officer.user, unit_id=1)
    Job.objects.filter(pk=stuck.pk).update(
        state=JobState.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(minutes=4)
    )
    body = client_for(world.officer).get(reverse("jobs:status", args=[stuck.pk])).json()
    assert body["state"] == "failed" and body["finished"] and body["reason"].startswith("执行进程已中止")


def test_my_jobs_lists_only_my_jobs(world):
    mine = start_job("tests.refuse", user=world.officer.user, why="x")
    theirs = start_job("tests.refuse", user=world.colleague.user, why="y")
    page = client_for(world.officer).get(reverse("jobs:mine")).content.decode()
    assert reverse("jobs:detail", args=[mine.pk]) in page
    assert reverse("jobs:detail", args=[theirs.pk]) not in page
