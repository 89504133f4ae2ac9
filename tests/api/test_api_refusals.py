"""Refused actions: 422 with every broken rule, 409 on conflicts, 400 with field names; nothing changes."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from casemgmt.api.errors import exception_handler
from tests import builders as b
from tests.api.conftest import action_url, snapshot

DECISION = {
    "kind": "penalty",
    "facts": "占道经营事实",
    "legal_basis": "《城市道路管理条例》第四十二条",
    "penalty_types": ["fine"],
    "fine_amount": "500",
}


@pytest.mark.django_db
def test_decision_before_the_statement_period_ends_is_refused_with_the_rule_and_article(world, client_for):
    case = b.noticed(world)  # notice served 2026-03-12
    before = snapshot(case)

    response = client_for(world.head).post(action_url(case, "decide"), {**DECISION, "on": "2026-03-13"}, format="json")

    assert response.status_code == 422
    errors = {e["rule"]: e for e in response.json()["errors"]}
    period = errors["SAMR-57-STATEMENT-PERIOD"]
    assert period["article"] == "《行政处罚法》第四十五条、第六十二条"  # a township case: not SAMR 第五十七条
    assert period["message"].startswith("陈述申辩期限届满前不得作出处罚决定")
    assert "2026年3月13日不得作出决定" in period["detail"]
    assert snapshot(case) == before


@pytest.mark.django_db
def test_stale_expected_version_is_a_409_conflict_and_changes_nothing(world, client_for):
    case = b.noticed(world)
    before = snapshot(case)

    response = client_for(world.head).post(
        action_url(case, "decide"),
        {**DECISION, "on": "2026-03-20", "expected_version": case.version - 1},
        format="json",
    )

    assert response.status_code == 409
    assert response.json() == {"errors": [{"rule": "CONFLICT", "message": "案件已被他人更新，请刷新后重试"}]}
    assert snapshot(case) == before


@pytest.mark.django_db
def test_current_expected_version_is_accepted_even_where_the_service_takes_none(world, client_for):
    case = b.noticed(world, served_on=None)
    response = client_for(world.officer).post(
        action_url(case, "serve_notice"),
        {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-12", "expected_version": case.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == case.version + 1
    assert response.json()["created"]["type"] == "servicerecord"


@pytest.mark.django_db
def test_stale_expected_version_is_refused_where_the_service_takes_none(world, client_for):
    case = b.noticed(world, served_on=None)
    before = snapshot(case)
    response = client_for(world.officer).post(
        action_url(case, "serve_notice"),
        {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-12", "expected_version": case.version + 5},
        format="json",
    )
    assert response.status_code == 409
    assert snapshot(case) == before


@pytest.mark.django_db
def test_filing_a_case_twice_is_a_409_conflict(world, client_for):
    case = b.filed(world)
    before = snapshot(case)
    response = client_for(world.head).post(
        action_url(case, "file"),
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "lead": world.officer.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-04",
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["rule"] == "PROC-ACTION-STAGE"  # filing belongs to the clue stage only
    assert snapshot(case) == before


@pytest.mark.django_db
def test_malformed_body_is_a_400_naming_every_bad_field(world, client_for):
    case = b.clue(world)
    before = snapshot(case)
    response = client_for(world.head).post(
        action_url(case, "file"),
        {"officers": [world.officer.pk, 999999], "lead": "abc", "on": "2026-13-01"},
        format="json",
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"officers", "lead", "approved_by", "on"}
    assert all(e["rule"] == "INVALID_INPUT" and e["message"] for e in response.json()["errors"])
    assert snapshot(case) == before


@pytest.mark.django_db
def test_input_refused_by_the_service_is_a_400_with_its_field(world, client_for):
    case = b.clue(world)
    before = snapshot(case)
    response = client_for(world.head).post(
        action_url(case, "file"),
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "lead": world.third.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-03",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"rule": "INVALID_INPUT", "field": "lead", "message": "主办人员须在承办人员之中", "code": "invalid"}
    ]
    assert snapshot(case) == before


@pytest.mark.django_db
def test_filing_with_one_certified_officer_lists_the_broken_rule(world, client_for):
    case = b.clue(world)
    before = snapshot(case)
    response = client_for(world.head).post(
        action_url(case, "file"),
        {
            "officers": [world.officer.pk],
            "lead": world.officer.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-03",
            "violation_start": "2026-03-01",
        },
        format="json",
    )
    assert response.status_code == 422
    assert [e["rule"] for e in response.json()["errors"]] == ["APL-42-TWO-CERTIFIED-OFFICERS"]
    assert snapshot(case) == before


@pytest.mark.django_db
def test_a_record_of_another_case_does_not_exist_for_this_one(world, client_for):
    first = b.noticed(world, served_on=None)
    second = b.noticed(world, served_on=None)
    foreign_notice = first.notices.get()
    before = snapshot(second)
    response = client_for(world.officer).post(
        action_url(second, "serve_notice"),
        {"notice": foreign_notice.pk, "method": "direct", "recipient": "陈某", "delivered_on": "2026-03-12"},
        format="json",
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["notice"]
    assert snapshot(second) == before


def test_model_validation_errors_become_400_items_with_field_names():
    request = APIRequestFactory().post("/")
    response = exception_handler(ValidationError({"name": ["太长"], "__all__": ["不一致"]}), {"request": request})
    assert response.status_code == 400
    assert response.data == {
        "errors": [
            {"rule": "INVALID_INPUT", "field": "name", "message": "太长", "code": "invalid"},
            {"rule": "INVALID_INPUT", "field": "non_field_errors", "message": "不一致", "code": "invalid"},
        ]
    }
