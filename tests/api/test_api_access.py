"""Who sees what: outsiders get 404 everywhere, the justice bureau reads everything and acts on nothing."""

import base64
import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.actions import BY_CODE
from tests import builders as b
from tests.api.conftest import action_url, detail_url, snapshot

LIST = reverse("api:case-list")


def other_township_case(world):
    case = s.clue_register(
        actor=world.outsider.user,
        handling_unit=world.other_brigade,
        source=m.ClueSource.COMPLAINT,
        summary="群众举报河西镇某店铺噪声扰民",
        discovered_on=dt.date(2026, 3, 5),
        cause="社会生活噪声污染",
    )
    s.party_add(case=case, actor=world.outsider.user, kind=m.PartyKind.CITIZEN, name="河西某人")
    return case


@pytest.mark.django_db
def test_outsider_gets_404_on_detail_and_on_every_action_endpoint(world, client_for):
    case = b.filed(world)
    before = snapshot(case)
    outsider = client_for(world.outsider)

    response = outsider.get(detail_url(case))
    assert response.status_code == 404
    missing = outsider.get(detail_url(case.pk + 1000))
    assert response.json() == missing.json()  # indistinguishable from a case that does not exist

    statuses = {code: outsider.post(action_url(case, code), {}, format="json").status_code for code in BY_CODE}
    assert statuses == dict.fromkeys(BY_CODE, 404)
    assert snapshot(case) == before


@pytest.mark.django_db
def test_outsider_list_never_includes_or_counts_other_townships_cases(world, client_for):
    b.filed(world)
    b.clue(world)
    own = other_township_case(world)
    outsider = client_for(world.outsider)

    page = outsider.get(LIST).json()
    assert page["count"] == 1
    assert [row["id"] for row in page["results"]] == [own.pk]
    for query in ({"handling_unit": world.brigade.pk}, {"q": "陈某"}, {"q": "城关镇"}, {"status": "investigation"}):
        assert outsider.get(LIST, query).json()["count"] == 0, query


@pytest.mark.django_db
def test_outsider_cannot_register_a_clue_for_another_townships_unit(world, client_for):
    response = client_for(world.outsider).post(
        reverse("api:clue-register"),
        {
            "handling_unit": world.brigade.pk,
            "source": "inspection",
            "summary": "x",
            "discovered_on": "2026-03-02",
            "cause": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["handling_unit"]
    assert not m.Case.objects.exists()


@pytest.mark.django_db
def test_evaluator_sees_every_township_but_gets_403_on_every_action(world, client_for):
    case = b.filed(world)
    other = other_township_case(world)
    before = snapshot(case)
    evaluator = client_for(world.evaluator)

    assert {row["id"] for row in evaluator.get(LIST).json()["results"]} == {case.pk, other.pk}
    detail = evaluator.get(detail_url(case))
    assert detail.status_code == 200
    assert detail.json()["allowed_actions"] == []

    responses = {code: evaluator.post(action_url(case, code), {}, format="json") for code in BY_CODE}
    assert {code: r.status_code for code, r in responses.items()} == dict.fromkeys(BY_CODE, 403)
    assert responses["decide"].json()["errors"][0]["rule"] == "FORBIDDEN"
    assert snapshot(case) == before


@pytest.mark.django_db
def test_evaluator_cannot_register_a_clue(world, client_for):
    response = client_for(world.evaluator).post(
        reverse("api:clue-register"),
        {
            "handling_unit": world.brigade.pk,
            "source": "inspection",
            "summary": "x",
            "discovered_on": "2026-03-02",
            "cause": "x",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not m.Case.objects.exists()


@pytest.mark.django_db
def test_officer_without_the_leader_role_gets_403_on_decide_and_nothing_changes(world, client_for):
    case = b.noticed(world)
    before = snapshot(case)
    response = client_for(world.officer).post(
        action_url(case, "decide"),
        {
            "kind": "penalty",
            "on": "2026-03-20",
            "facts": "占道经营",
            "legal_basis": "条例",
            "penalty_types": ["fine"],
            "fine_amount": "500",
        },
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["rule"] == "FORBIDDEN"
    assert snapshot(case) == before


@pytest.mark.django_db
def test_anonymous_requests_are_refused_without_data(world):
    case = b.clue(world)
    client = APIClient()
    # Token authentication comes first in the settings: DRF answers 401 and names the scheme to use.
    for response in (
        client.get(LIST),
        client.get(detail_url(case)),
        client.post(action_url(case, "file"), {}, format="json"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Token")
        assert response.json() == {
            "errors": [{"rule": "NOT_AUTHENTICATED", "message": response.json()["errors"][0]["message"]}]
        }


@pytest.mark.django_db
def test_basic_auth_is_refused_because_it_hashes_the_password_per_call(world):
    """Field devices use API tokens (tests/api/test_api_tokens.py); Basic auth is no longer accepted."""
    case = b.clue(world)
    world.officer.user.set_password("pw-Secret-123")
    world.officer.user.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"zhang:pw-Secret-123").decode())
    assert client.get(detail_url(case)).status_code == 401
