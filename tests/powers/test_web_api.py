"""Pages and API of the powers app, with the personas (outsiders get 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casemgmt.powers.models import Transfer, TransferStatus
from tests import builders as b
from tests.openapi import DocumentedAPIClient

from .conftest import grant


@pytest.fixture
def case(world):
    return b.filed(world)


@pytest.fixture
def client():
    """Pages and API alike; every API answer must be documented by the OpenAPI schema."""
    return DocumentedAPIClient()


def login(client, officer):
    client.force_login(officer.user)
    return client


def test_case_page_shows_the_powers_card(client, world, county, case):
    page = login(client, world.officer).get(reverse("web:case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert 'data-testid="powers"' in page.content.decode()


def test_transfer_through_the_web_form(client, world, county, case):
    url = reverse("powers:case_transfer", args=[case.pk])
    assert login(client, world.outsider).post(url, {"reason": "x"}).status_code == 404
    response = login(client, world.head).post(
        url, {"to_unit": world.county_dept.pk, "reason": "属县城管局管辖", "found_at": "2026-12-14T09:00"}
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    inbox = login(client, county.dept_head).get(reverse("powers:inbox")).content.decode()
    assert "属县城管局管辖" in inbox and "接收" in inbox
    accept = reverse("powers:transfer_action", args=[transfer.pk, "accept"])
    assert login(client, world.outsider).post(accept, {"on": "2026-12-15"}).status_code == 404
    response = login(client, county.dept_head).post(accept, {"on": "2026-12-15", "matter": county.matter.pk})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED


def test_api_catalogue_and_holder(client, world, county):
    grant(world, county.matter, transition_until=dt.date(2026, 3, 31), transition_lead=world.county_dept)
    login(client, world.officer)
    matters = client.get("/api/powers/matters/").json()
    assert [m_["code"] for m_ in matters] == ["CG-001"]
    assert client.get("/api/powers/grants/", {"matter": "CG-001"}).json()[0]["transition_until"] == "2026-03-31"
    answer = client.get("/api/powers/holder/", {"matter": "CG-001", "township": world.township.pk, "on": "2026-03-31"})
    assert answer.json()["subject"] == world.county_dept.pk and answer.json()["basis"] == "transition"
    answer = client.get("/api/powers/holder/", {"matter": "CG-001", "township": world.township.pk, "on": "2026-04-01"})
    assert answer.json()["subject"] == world.township.pk
    bad = client.get("/api/powers/holder/", {"matter": "NOPE", "on": "2026-04-01"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "matter"


def test_api_transfer_accept_and_no_retransfer(client, world, county, case):
    sent = login(client, world.head).post(
        f"/api/powers/cases/{case.pk}/transfer/",
        {"to_unit": world.county_dept.pk, "reason": "属县城管局管辖", "found_at": "2026-12-14T09:00:00+08:00"},
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.json()
    pk = sent.json()["id"]
    assert login(client, world.outsider).get("/api/powers/transfers/").json() == []
    assert (
        client.post(
            f"/api/powers/transfers/{pk}/accept/", {"on": "2026-12-15"}, content_type="application/json"
        ).status_code
        == 404
    )
    accepted = login(client, county.dept_head).post(
        f"/api/powers/transfers/{pk}/accept/", {"on": "2026-12-15", "matter": "CG-001"}, content_type="application/json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = client.post(
        f"/api/powers/cases/{case.pk}/transfer/",
        {"to_unit": world.other_brigade.pk, "reason": "再移送", "found_at": "2026-12-15T09:00:00+08:00"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert again.json()["errors"][0]["rule"] == "SAMR-14-NO-RETRANSFER"


def test_api_clue_with_a_transition_matter_goes_to_the_department(client, world, county):
    grant(world, county.matter, transition_until=dt.date(2026, 12, 31), transition_lead=world.county_dept)
    response = login(client, world.officer).post(
        "/api/clues/",
        {
            "handling_unit": world.brigade.pk,
            "source": "inspection",
            "summary": "巡查发现占道经营",
            "discovered_on": "2026-12-14",
            "cause": "占道经营",
            "matter": "CG-001",
        },
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.json()
    from casemgmt.cases.models import Case

    case = Case.objects.get()
    assert (case.enforcement_subject, case.handling_unit, case.matter) == (
        world.county_dept,
        world.county_dept,
        county.matter,
    )
    assert list(case.assisting_units.all()) == [world.brigade]


def test_web_clue_form_refuses_a_matter_the_township_does_not_hold(client, world, county):
    response = login(client, world.officer).post(
        reverse("web:clue_new"),
        {
            "handling_unit": world.brigade.pk,
            "procedure": "ordinary",
            "source": "inspection",
            "discovered_on": "2026-12-14",
            "cause": "占道经营",
            "summary": "巡查发现",
            "matter": county.matter.code,
        },
    )
    from casemgmt.cases.models import Case

    assert not Case.objects.exists()
    assert response.status_code == 200 and "请移送有权机关" in response.content.decode()
