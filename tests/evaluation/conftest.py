"""Helpers for the evaluation tests: closed cases from the archive tests, a rubric spec to vary."""

import copy
import datetime as dt

import pytest

from casemgmt.evaluation.default_rubric import DEFAULT_RUBRIC
from tests.archive.conftest import closed_case


@pytest.fixture
def spec():
    return copy.deepcopy(DEFAULT_RUBRIC)


@pytest.fixture
def closed(world):
    return closed_case(world)


@pytest.fixture
def archived(world):
    """A closed case archived by its brigade head: the population a round draws from."""
    from casemgmt.archive.services import archive_case

    case = closed_case(world)
    archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2))
    return case


def archived_round(world, *, files=1, seed="pub", title="2026年案卷评查", **kw):
    """``files`` closed cases archived by the brigade head, and a round over the township evaluated by the justice
    bureau (deadline far ahead); ``kw`` goes to round_create (sample_size, ...)."""
    from casemgmt.archive.services import archive_case
    from casemgmt.evaluation.rounds import round_create

    for _ in range(files):
        archive_case(case=closed_case(world), actor=world.head.user, on=dt.date(2026, 4, 2))
    return round_create(
        title=title,
        actor=world.evaluator.user,
        units=[world.township],
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        evaluators=[world.evaluator],
        deadline=dt.date(2099, 5, 31),
        seed=seed,
        **kw,
    )


def round_form(world, **kw):
    """The 新建评查 form for the township's files, evaluated by the justice bureau; ``kw`` overrides fields."""
    return {
        "title": "2026年度案卷评查",
        "units": [world.township.pk],
        "evaluators": [world.evaluator.pk],
        "period_from": "2026-01-01",
        "period_to": "2026-12-31",
        "deadline": "2099-05-31",
        "sample_size": "1",
        **kw,
    }


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """``with run_jobs(): client.post(...)``: the background jobs started by the request run when it commits
    (in-process, as without a broker)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def finished_job(response):
    """The job a page or API call started, after it ran (from the redirect to its progress page or the 202 body)."""
    from casemgmt.jobs.models import Job

    job_id = response.json()["id"] if response.status_code == 202 else int(response.url.rstrip("/").split("/")[-1])
    return Job.objects.get(pk=job_id)


def download_report(client, run_jobs, url):
    """Ask for a report (POST starts its job), let the job run, then download the file it produced: the response
    and its bytes."""
    with run_jobs():
        started = client.post(url)
    job = finished_job(started)
    assert job.state == "done", job.reason
    response = client.get(job.result["url"])
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)
