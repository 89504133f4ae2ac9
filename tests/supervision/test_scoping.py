"""A unit sees only its own cases on the dashboard, in the API and in the .xlsx; the outsider learns nothing of
another township through any count; the justice bureau sees every unit."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casemgmt.evaluation.models import EvaluationRound, Rectification
from casemgmt.evaluation.rubrics import active_rubric
from casemgmt.supervision.models import SweepTrigger
from casemgmt.supervision.snapshots import sweep_run
from tests.supervision.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def swept(county):
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    return county


def units_in_workbook(content: bytes) -> set[str]:
    book = load_workbook(BytesIO(content))
    return {row[0] for row in book["按单位按月"].iter_rows(min_row=2, values_only=True)} - {"合计"}


def test_outsider_sees_nothing_of_the_other_township(world, swept, client_for):
    client = client_for(world.outsider)
    html = client.get(reverse("dashboard:board")).content.decode()
    data = client.get(reverse("api:dashboard:board")).json()
    xlsx = client.get(reverse("dashboard:export"), {"year": 2026}).content
    for case in swept.township_cases:
        assert case.number not in html or not case.number
        assert f'"id": {case.pk},' not in str(data)
    assert "城关镇" not in html
    assert "城关镇" not in str(data)
    assert units_in_workbook(xlsx) == {"河西镇人民政府"}
    assert data["open_cases"]["total"] == 1  # its own clue only
    assert data["clocks"] == {"red": 0, "yellow": 0, "green": 0}
    assert data["problems"]["total"] == 0 and data["overdue"] == []
    assert [row["unit"] for row in data["statistics"]["by_unit"]] == ["河西镇人民政府"]


def test_unit_sees_only_its_own(world, swept, client_for):
    client = client_for(world.officer)
    data = client.get(reverse("api:dashboard:board")).json()
    html = client.get(reverse("dashboard:board")).content.decode()
    xlsx = client.get(reverse("dashboard:export"), {"year": 2026}).content
    assert [row["unit"] for row in data["statistics"]["by_unit"]] == ["城关镇人民政府"]
    assert {c["case"]["unit"] for c in data["overdue"]} == {"城关镇人民政府"}
    assert "河西镇" not in html and "河西镇" not in str(data)
    assert swept.other_closed.number not in html
    assert units_in_workbook(xlsx) == {"城关镇人民政府"}
    assert "立即检查" not in html  # an ordinary officer may not start a check
    assert "立即检查" in client_for(world.head).get(reverse("dashboard:board")).content.decode()


def test_justice_bureau_sees_every_unit(world, swept, client_for):
    client = client_for(world.evaluator)
    data = client.get(reverse("api:dashboard:board")).json()
    assert {row["unit"] for row in data["statistics"]["by_unit"]} == {"城关镇人民政府", "河西镇人民政府"}
    xlsx = client.get(reverse("dashboard:export"), {"year": 2026}).content
    assert units_in_workbook(xlsx) == {"城关镇人民政府", "河西镇人民政府"}
    assert data["open_cases"]["total"] == 7  # five of 城关镇, the clue of 河西镇 and the department's


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard:board"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("dashboard:export")).status_code == 302
    assert client.get(reverse("api:dashboard:board")).status_code in (401, 403)


def test_overdue_rectifications_appear_for_their_unit_and_the_bureau(world, swept, client_for):
    round_ = EvaluationRound.objects.create(
        title="2026年第一季度案卷评查",
        rubric=active_rubric(),
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 3, 31),
        seed="s",
        deadline=dt.date(2026, 3, 15),
        created_by=world.evaluator.user,
        status="published",
    )
    late = Rectification.objects.create(
        round=round_,
        unit=world.township,
        findings="送达回证不完整",
        deadline=dt.date(2026, 3, 31),
        created_by=world.evaluator.user,
    )
    Rectification.objects.create(
        round=round_,
        unit=world.other_township,
        findings="未按期公示",
        deadline=dt.date(2026, 4, 30),
        created_by=world.evaluator.user,
    )
    closed = Rectification.objects.create(
        round=round_,
        unit=world.county_dept,
        findings="已整改",
        deadline=dt.date(2026, 3, 1),
        created_by=world.evaluator.user,
        closed_on=dt.date(2026, 2, 27),
    )
    office = client_for(world.evaluator).get(reverse("api:dashboard:board")).json()["overdue_rectifications"]
    assert [t["id"] for t in office] == [late.pk]  # not the one still in time, not the closed one
    mayor = client_for(world.mayor).get(reverse("api:dashboard:board")).json()["overdue_rectifications"]
    assert [t["id"] for t in mayor] == [late.pk]
    assert client_for(world.outsider).get(reverse("api:dashboard:board")).json()["overdue_rectifications"] == []
    assert "送达回证不完整" not in client_for(world.outsider).get(reverse("dashboard:board")).content.decode()
    assert closed.pk not in [t["id"] for t in office]
    assert "2026年第一季度案卷评查" in client_for(world.mayor).get(reverse("dashboard:board")).content.decode()
