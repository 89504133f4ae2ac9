"""Archiving through the JSON API: 201 with the record, the rulebook's 422, 403 for officers, 404 for outsiders."""

from django.urls import reverse

from casemgmt.cases import models as m
from tests import builders as b
from tests.openapi import DocumentedAPIClient


def api(persona) -> DocumentedAPIClient:
    client = DocumentedAPIClient()
    client.force_login(persona.user)
    return client


def test_archiving_and_withdrawing_through_the_api(world, closed):
    url = reverse("api:archive:record", args=[closed.pk])
    assert api(world.outsider).post(url, {"on": "2026-04-02"}, format="json").status_code == 404
    assert api(world.officer).post(url, {"on": "2026-04-02"}, format="json").status_code == 403
    response = api(world.head).post(url, {"on": "2026-04-02"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["retention"] == "永久" and body["archive_number"]
    assert api(world.evaluator).get(url).json()["archive_number"] == body["archive_number"]
    again = api(world.head).post(url, {"on": "2026-04-02"}, format="json")
    assert again.status_code == 422
    assert again.json()["errors"][0]["rule"] == "SAMR-78-ARCHIVE-CLOSED"
    unarchive = reverse("api:archive:unarchive", args=[closed.pk])
    assert api(world.head).post(unarchive, {}, format="json").status_code == 400
    assert api(world.head).post(unarchive, {"reason": "补正送达回证"}, format="json").status_code == 200
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.CLOSED


def test_an_open_case_is_refused_with_the_rule(world):
    case = b.served(world)
    response = api(world.head).post(reverse("api:archive:record", args=[case.pk]), {}, format="json")
    assert response.status_code == 422
    assert "尚未结案" in response.json()["errors"][0]["detail"]
