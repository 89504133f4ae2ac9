"""Who may deliver clues, and that a platform's token reaches nothing else."""

import pytest

from casemgmt.api.tokens import api_token_create, api_token_revoke
from casemgmt.cases import models as m
from casemgmt.intake.models import IntakeClue
from casemgmt.intake.services import platform_issue_token
from tests import builders as b

from .conftest import URL, errors_by_field, post, token_client

pytestmark = pytest.mark.django_db


def test_delivery_without_a_token_is_401(world, work_order):
    from rest_framework.test import APIClient

    response = post(APIClient(), work_order)
    assert response.status_code == 401
    assert not IntakeClue.objects.exists()


def test_an_officers_token_cannot_deliver(world, hotline, work_order):
    _token, key = api_token_create(user=world.officer.user, name="执法记录仪")
    response = post(token_client(key), work_order)
    assert response.status_code == 403
    assert "对接平台" in response.json()["errors"][0]["message"]
    assert not m.Clue.objects.exists()


def test_a_signed_in_officer_cannot_deliver(world, hotline, client_for, work_order):
    response = post(client_for(world.officer), work_order)
    assert response.status_code == 403
    assert not m.Clue.objects.exists()


def test_a_revoked_platform_token_is_401(world, hotline, work_order):
    token, key = platform_issue_token(platform=hotline)
    api_token_revoke(token=token)
    assert post(token_client(key), work_order).status_code == 401


def test_an_inactive_platform_is_refused(world, hotline, hotline_client, work_order):
    hotline.is_active = False
    hotline.save()
    response = post(hotline_client, work_order)
    assert response.status_code == 403
    assert "停用" in response.json()["errors"][0]["message"]
    assert not m.Clue.objects.exists()


def test_a_platform_delivers_only_to_its_units(world, hotline_client, work_order):
    work_order["receiving_unit"] = world.other_brigade.name
    response = post(hotline_client, work_order)
    assert response.status_code == 400
    assert "未被授权" in errors_by_field(response)["receiving_unit"]
    assert not m.Clue.objects.exists()


def test_a_platform_delivers_only_its_own_kind(world, grid_client, work_order):
    response = post(grid_client, work_order)  # a 12345 work order sent by the grid system
    assert response.status_code == 400
    assert "source.kind" in errors_by_field(response)


@pytest.fixture
def other_case(world):
    return b.clue(world)


def _other_operations(case):
    reads = [
        "/api/me/",
        "/api/cases/",
        f"/api/cases/{case.pk}/",
        "/api/officers/",
        "/api/powers/matters/",
        "/api/schema/",
    ]
    writes = [
        (
            "/api/clues/",
            {
                "handling_unit": case.handling_unit_id,
                "source": "inspection",
                "summary": "x",
                "discovered_on": "2026-03-02",
                "cause": "x",
            },
        ),
        (f"/api/cases/{case.pk}/actions/decline_filing/", {"approved_by": 1, "on": "2026-03-03", "reason": "x"}),
        (f"/api/cases/{case.pk}/actions/add_party/", {"kind": "citizen", "name": "某某"}),
    ]
    return reads, writes


def test_a_platform_token_is_refused_by_every_other_operation(world, hotline_client, other_case):
    reads, writes = _other_operations(other_case)
    other_case.refresh_from_db()
    version = other_case.version
    clues = m.Clue.objects.count()
    for path in reads:
        response = hotline_client.get(path)
        assert response.status_code == 403, (path, response.status_code)
        if path != "/api/schema/":  # the schema view answers in its own media type
            assert "仅限用于对接平台" in response.json()["errors"][0]["message"], path
    for path, body in writes:
        response = hotline_client.post(path, body, format="json")
        assert response.status_code == 403, (path, response.status_code)
    other_case.refresh_from_db()
    assert other_case.version == version
    assert m.Clue.objects.count() == clues
    assert other_case.parties.count() == 1


def test_every_api_route_outside_intake_refuses_a_platform_token(world, hotline_client, other_case):
    """Walks the URLconf: no operation but /api/intake/ answers a platform token with anything but 403 (or the
    catch-all 404 of an unknown address)."""
    from tests.security.test_csrf import _fill, _routes

    answered = {}
    for template, _view in _routes():
        if not template.startswith("api/") or template.startswith("api/intake/") or template == "api/":
            continue
        path = _fill(template, other_case.pk)
        for method in ("get", "post"):
            response = (
                getattr(hotline_client, method)(path, {}, format="json")
                if method == "post"
                else (hotline_client.get(path))
            )
            if response.status_code not in (403, 405):
                answered[f"{method.upper()} {path}"] = response.status_code
    assert not answered, answered


def test_the_readback_needs_a_platform_token(world, client_for, hotline):
    response = client_for(world.head).get(f"{URL}SFX12345-1/")
    assert response.status_code == 403
