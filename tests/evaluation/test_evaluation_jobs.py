"""Drawing a round and building its reports are background jobs: progress for the starter, one job per form or
report while it runs (a second click leads to the running job), the file only for the person who asked."""

import datetime as dt

import pytest
from django.urls import reverse

from casemgmt.evaluation.jobs import REPORT, ROUND_CREATE
from casemgmt.evaluation.models import EvaluationRound
from casemgmt.evaluation.rounds import file_score, round_create, round_publish
from casemgmt.jobs.models import Job
from tests.evaluation.conftest import download_report, finished_job, round_form
from tests.openapi import DocumentedAPIClient

pytestmark = pytest.mark.django_db


def form(world, **kw):
    return round_form(world, seed="dup", **kw)


def test_a_second_click_while_drawing_leads_to_the_running_job(world, archived, client):
    client.force_login(world.evaluator.user)
    first = client.post(reverse("evaluation:rounds"), form(world))  # its job is queued until the commit
    job = Job.objects.get(kind=ROUND_CREATE)
    second = client.post(reverse("evaluation:rounds"), form(world), follow=True)
    assert Job.objects.filter(kind=ROUND_CREATE).count() == 1
    assert first.url == second.redirect_chain[0][0] == reverse("jobs:detail", args=[job.pk])
    assert "正在进行" in second.content.decode()
    # A different form is a different round: its own job.
    client.post(reverse("evaluation:rounds"), form(world, title="专项评查"))
    assert Job.objects.filter(kind=ROUND_CREATE).count() == 2


def test_the_api_answers_409_with_the_running_job_on_a_repeat(world, archived):
    client = DocumentedAPIClient()
    client.force_login(world.evaluator.user)
    body = {**form(world), "sample_size": 1}
    first = client.post(reverse("api:evaluation:round-list"), body, format="json")
    again = client.post(reverse("api:evaluation:round-list"), body, format="json")
    assert first.status_code == 202 and again.status_code == 409
    assert again.json()["errors"][0]["job"] == first.json()["id"]


def test_the_api_answers_503_in_the_error_shape_when_the_task_queue_is_down(world, archived, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    client = DocumentedAPIClient()  # the 503 and its body are the ones the schema documents
    client.force_login(world.evaluator.user)
    response = client.post(reverse("api:evaluation:round-list"), {**form(world), "sample_size": 1}, format="json")
    assert response.status_code == 503 and response.json()["errors"][0]["rule"] == "JOB_UNAVAILABLE"
    assert response["Retry-After"]
    assert not Job.objects.filter(kind=ROUND_CREATE).exists() and not EvaluationRound.objects.exists()


def test_drawing_records_progress_and_a_failure_reason_in_chinese(world, archived, client, run_jobs):
    client.force_login(world.evaluator.user)
    with run_jobs():
        response = client.post(reverse("evaluation:rounds"), form(world))
    done = finished_job(response)
    assert (done.state, done.progress_done, done.progress_total) == ("done", 2, 2)
    assert done.result["files"] == 1 and done.started_by == world.evaluator.user
    # The population shrinks between the click and the job (a file withdrawn): the job fails, nothing is created.
    EvaluationRound.objects.all().delete()
    with run_jobs():
        response = client.post(reverse("evaluation:rounds"), form(world, title="再次评查"))
        archived.archive_record.withdrawn_at = dt.datetime(2026, 4, 2, tzinfo=dt.UTC)
        archived.archive_record.save()
    failed = finished_job(response)
    assert failed.state == "failed" and "没有符合条件的归档案卷" in failed.reason
    assert not EvaluationRound.objects.exists()


def test_an_evaluation_round_page_form_error_starts_no_job(world, archived, client):
    client.force_login(world.evaluator.user)
    response = client.post(reverse("evaluation:rounds"), form(world, title=" "), follow=True)
    assert "须填写评查活动名称" in response.content.decode()
    assert not Job.objects.filter(kind__startswith="evaluation.").exists()
    client.force_login(world.head.user)  # not the justice bureau
    assert client.post(reverse("evaluation:rounds"), form(world)).status_code == 403
    assert not Job.objects.filter(kind__startswith="evaluation.").exists()


@pytest.fixture
def published(world, archived):
    round_ = round_create(
        title="评查",
        actor=world.evaluator.user,
        units=[world.township],
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        evaluators=[world.evaluator],
        deadline=dt.date(2099, 5, 31),
        seed="x",
    )
    file = round_.files.get()
    scores = {s.item.code: {"points": s.item.points} for s in file.scores.select_related("item") if not s.item.veto}
    file_score(file=file, actor=world.evaluator.user, scores=scores)
    return round_publish(round_=round_, actor=world.evaluator.user)


def test_a_report_is_built_once_while_running_and_downloadable_only_by_its_starter(world, published, client, run_jobs):
    url = reverse("evaluation:report_pdf", args=[published.pk])
    client.force_login(world.head.user)
    first = client.post(url)
    again = client.post(url)
    job = Job.objects.get(kind=REPORT)
    assert first.url == again.url == reverse("jobs:detail", args=[job.pk])
    job.delete()
    response, content = download_report(client, run_jobs, url)
    assert content.startswith(b"%PDF")
    done = Job.objects.get(kind=REPORT, state="done")
    download = done.result["url"]
    # Another user of the same unit, an outsider and the office: 404 (the file holds what its starter may see).
    for persona in (world.mayor, world.outsider, world.evaluator):
        client.force_login(persona.user)
        assert client.get(download).status_code == 404
    # Once finished, asking again builds a fresh report (the lock only spans a running job).
    client.force_login(world.head.user)
    _response, again_content = download_report(client, run_jobs, url)
    assert again_content.startswith(b"%PDF") and Job.objects.filter(kind=REPORT, state="done").count() == 2


def test_report_url_refuses_get_and_the_outsider_gets_404(world, published, client):
    url = reverse("evaluation:report", args=[published.pk])
    client.force_login(world.head.user)
    assert client.get(url).status_code == 405
    client.force_login(world.county_officer.user)
    assert client.post(url).status_code == 404
    assert not Job.objects.filter(kind__startswith="evaluation.").exists()
