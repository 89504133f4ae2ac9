"""The rounds through the JSON API: created by the justice bureau, scored by the assigned evaluator, self-scored
by the unit, published; outsiders get 404, results stay hidden from units until published."""

import datetime as dt

import pytest
from django.urls import reverse

from casemgmt.archive.services import archive_case
from casemgmt.evaluation.models import EvaluationRound, ItemScore
from tests.archive.conftest import closed_case
from tests.evaluation.conftest import finished_job
from tests.openapi import DocumentedAPIClient

pytestmark = pytest.mark.django_db


def api(persona) -> DocumentedAPIClient:
    client = DocumentedAPIClient()
    client.force_login(persona.user)
    return client


@pytest.fixture
def archived(world):
    result = []
    for _ in range(2):
        case = closed_case(world)
        archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2))
        result.append(case)
    return result


def payload(world, **kw):
    return {
        "title": "2026年度案卷评查",
        "units": [world.township.pk],
        "evaluators": [world.outsider.pk],
        "period_from": "2026-01-01",
        "period_to": "2026-12-31",
        "deadline": "2099-05-31",
        "sample_size": 1,
        "seed": "abc",
        **kw,
    }


def test_a_full_round_through_the_api(world, archived, run_jobs):
    rounds = reverse("api:evaluation:round-list")
    assert api(world.head).post(rounds, payload(world), format="json").status_code == 403
    too_many = api(world.evaluator).post(rounds, payload(world, sample_size=3), format="json")
    assert too_many.status_code == 400 and "大于符合条件的归档案卷数" in too_many.json()["errors"][0]["message"]
    assert not EvaluationRound.objects.exists()
    with run_jobs():
        created = api(world.evaluator).post(rounds, payload(world), format="json")
    assert created.status_code == 202, created.content
    assert created.json()["status_url"] == reverse("jobs:status", args=[created.json()["id"]])
    job = finished_job(created)
    assert job.state == "done", job.reason
    round_id = job.result["round_id"]
    (file_id,) = [
        f["id"]
        for f in api(world.evaluator)
        .get(reverse("api:evaluation:round-detail", args=[round_id]))
        .json()["results"]["files"]
    ]
    detail = reverse("api:evaluation:round-detail", args=[round_id])
    file_url = reverse("api:evaluation:round-file", args=[round_id, file_id])

    assert api(world.county_officer).get(detail).status_code == 404
    assert api(world.county_officer).get(file_url).status_code == 404
    unit_view = api(world.head).get(detail).json()
    assert "results" not in unit_view  # not before publication
    assert "total" not in api(world.head).get(file_url).json()

    item_rows = api(world.outsider).get(file_url).json()["items"]
    assert next(i for i in item_rows if i["item"] == "P1")["suggested"] == "4.0"
    scores = {i["item"]: {"points": i["max_points"]} for i in item_rows if not i["veto"]}
    too_high = api(world.outsider).post(file_url, {"scores": {**scores, "S1": {"points": 20}}}, format="json")
    assert too_high.status_code == 400
    assert ItemScore.objects.get(file_id=file_id, item__code="S1").points is None
    scored = api(world.outsider).post(file_url, {"scores": scores}, format="json")
    assert scored.status_code == 200 and scored.json()["total"] == "100.0" and scored.json()["grade"] == "优秀"

    self_url = reverse("api:evaluation:round-self-score", args=[round_id, file_id])
    assert api(world.outsider).post(self_url, {"self_score": "90"}, format="json").status_code == 403
    assert api(world.head).post(self_url, {"self_score": "97"}, format="json").status_code == 200

    publish = reverse("api:evaluation:round-publish", args=[round_id])
    assert api(world.outsider).post(publish, format="json").status_code == 403
    assert api(world.evaluator).post(publish, format="json").status_code == 200
    again = api(world.outsider).post(file_url, {"scores": scores}, format="json")
    assert again.status_code == 422
    assert again.json()["errors"][0]["rule"] == "EVAL-ROUND-PUBLISHED-FINAL"
    published = api(world.head).get(detail).json()["results"]
    assert published["units"][0]["mean"] == "100.0" and published["units"][0]["self_mean"] == "97.0"
    assert published["units"][0]["band"] == "通报表扬"
    assert api(world.outsider).get(detail).status_code == 200  # the evaluator keeps the report, not the case
    case_id = published["files"][0]["case_id"]
    assert api(world.outsider).get(reverse("api:case-detail", args=[case_id])).status_code == 404
