"""Every number on the dashboard equals a direct count over the cases built (see ``direct.py``), for the justice
bureau (every unit) and for a unit (its own), in the page and the API; the query count does not grow with cases."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemgmt.cases import models as m
from casemgmt.supervision.models import SweepTrigger
from casemgmt.supervision.snapshots import sweep_run
from tests import builders as b
from tests.supervision import direct
from tests.supervision.conftest import TODAY

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get(reverse("api:dashboard:board"), params)
    assert response.status_code == 200, response.content
    return response.json()


def assert_matches_direct(data: dict, world, persona, *, month=None):
    cases = direct.visible_cases(world, persona)
    expected = direct.open_board(cases, today=TODAY)
    assert data["open_cases"]["total"] == expected["total"]
    assert {k: v for k, v in data["open_cases"]["by_stage"].items() if v} == dict(expected["by_stage"])
    assert data["clocks"] == {s: expected["clocks"].get(s, 0) for s in ("red", "yellow", "green")}
    assert {(c["case"]["id"], c["code"]) for c in data["overdue"]} == expected["overdue"]
    assert {r["rule"]: r["n"] for r in data["problems"]["by_rule"]} == dict(expected["problems"])
    assert data["problems"]["total"] == sum(expected["problems"].values())
    for key in ("due", "late_pending", "late_published"):
        assert data["disclosure"][key] == expected["disclosure"].get(key, 0), key
    assert data["statistics"]["total"] == direct.statistics(cases, year=2026, month=month, today=TODAY)


def test_justice_bureau_numbers_equal_a_direct_count_over_every_unit(world, county, client_for):
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    data = api(client_for(world.evaluator))
    assert data["all_units"] is True
    assert_matches_direct(data, world, world.evaluator)
    # not a vacuous comparison: the built cases give known problems and figures
    assert "decision" in {c["code"] for c in data["overdue"] if c["case"]["id"] == county.overdue.pk}
    assert data["clocks"]["red"] >= 3
    assert data["disclosure"]["late_pending"] == 2  # decided and served, neither published within 7 working days
    total = data["statistics"]["total"]
    assert total["filed"] >= 7 and total["decided"] >= 6 and total["fines_collected"] != "0.00"
    by_unit = {row["unit"]: row for row in data["statistics"]["by_unit"]}
    assert set(by_unit) == {"城关镇人民政府", "河西镇人民政府"}  # the department's clue is not filed
    for row in data["statistics"]["by_unit"]:
        persona = world.officer if row["unit"] == "城关镇人民政府" else world.outsider
        expected = direct.statistics(direct.visible_cases(world, persona), year=2026, today=TODAY)
        assert {k: row[k] for k in expected} == expected


def test_unit_numbers_equal_a_direct_count_over_its_own_cases(world, county, client_for):
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    for persona in (world.officer, world.mayor, world.outsider, world.county_officer):
        data = api(client_for(persona))
        assert data["all_units"] is False
        assert_matches_direct(data, world, persona)


def test_month_filter_counts_only_that_month(world, county, client_for):
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    data = api(client_for(world.evaluator), year=2026, month=3)
    assert data["statistics"]["month"] == 3
    assert data["statistics"]["total"] == direct.statistics(
        direct.visible_cases(world, world.evaluator), year=2026, month=3, today=TODAY
    )
    assert [row["month"] for row in data["statistics"]["by_month"]] == [3]
    earlier = api(client_for(world.officer), year=2025)["statistics"]["total"]
    assert earlier == direct.statistics(direct.visible_cases(world, world.officer), year=2025, today=TODAY)
    assert earlier["filed"] == 2  # the overdue case (filed 2025-12-01) and the bare case filed in November


def test_page_shows_the_same_numbers(world, county, client_for):
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    response = client_for(world.evaluator).get(reverse("dashboard:board"))
    assert response.status_code == 200
    html = response.content.decode()
    cases = direct.visible_cases(world, world.evaluator)
    expected = direct.open_board(cases, today=TODAY)
    stats = direct.statistics(cases, year=2026, today=TODAY)
    for status in ("red", "yellow", "green"):
        assert re.search(rf'data-clock="{status}">{expected["clocks"].get(status, 0)}<', html), status
    for stage, n in expected["by_stage"].items():
        assert re.search(rf'data-stage="{stage}"><td>[^<]+</td><td>{n}</td>', html), stage
    assert f'data-stat="filed">{stats["filed"]}<' in html
    assert f'data-stat="closed">{stats["closed"]}<' in html
    assert f'data-stat="average_days">{stats["average_handling_days"]}<' in html
    assert f'data-stat="review_rate">{stats["legal_review_rate"]}<' in html
    assert f'data-stat="no_penalty_rate">{stats["no_penalty_rate"]}<' in html
    assert f'data-stat="mean_score">{stats["mean_selfcheck_score"]}<' in html
    assert "<svg" in html and "立案" in html
    assert county.overdue.number in html  # in the overdue list
    assert "立即检查" in html  # the justice bureau may start a check


def test_freshness_shows_the_last_run_and_unchecked_cases(world, county, client_for):
    data = api(client_for(world.evaluator))
    open_count = sum(1 for c in m.Case.objects.all() if c.status in m.OPEN_STATUSES)
    assert data["freshness"]["last_run"] is None
    assert data["freshness"]["open_cases_unchecked"] == open_count
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    data = api(client_for(world.evaluator))
    assert data["freshness"]["open_cases_unchecked"] == 0
    assert data["freshness"]["last_run"]["trigger"] == "scheduled"
    html = client_for(world.evaluator).get(reverse("dashboard:board")).content.decode()
    assert "最近一次全面检查：2026-04-02" in html


def test_query_count_does_not_grow_with_cases(world, county, client_for):
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    client = client_for(world.evaluator)
    client.get(reverse("dashboard:board"))  # session, content types
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("dashboard:board"))
    for _ in range(3):
        b.decided(world)
        b.clue(world, actor=world.outsider, handling_unit=world.other_brigade)
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("dashboard:board"))
    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries) <= 30


def test_bureau_statistics_before_the_first_full_sweep_are_aggregated_live(world, county, client_for):
    data = api(client_for(world.evaluator))
    expected = direct.statistics(direct.visible_cases(world, world.evaluator), year=2026, today=TODAY)
    # no snapshot yet: no self-check scores, every other figure already right
    assert {k: v for k, v in data["statistics"]["total"].items() if "selfcheck" not in k} == {
        k: v for k, v in expected.items() if "selfcheck" not in k
    }
    assert data["statistics"]["total"]["selfcheck_scored"] == 0


def test_bureau_statistics_follow_an_action_after_commit(world, county, client_for, committed):
    from casemgmt.cases import services as s
    from casemgmt.supervision.models import StatCell

    with committed():
        served = b.served(world)
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    assert StatCell.objects.exists()
    fine = served.decisions.get().fine_amount
    with committed():
        s.payment_record(case=served, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=fine, paid_on=TODAY)
    data = api(client_for(world.evaluator))
    expected = direct.statistics(direct.visible_cases(world, world.evaluator), year=2026, today=TODAY)
    assert data["statistics"]["total"] == expected
    april = api(client_for(world.evaluator), month=4)["statistics"]["total"]
    assert april["fines_collected"] == f"{fine:.2f}" != "0.00"
