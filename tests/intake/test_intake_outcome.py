"""Readback by the platform's own id: the outcome and its dates, nothing internal, only the platform's own clues."""

import datetime as dt

import pytest
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.intake.models import IntakeClue

from .conftest import URL, post

pytestmark = pytest.mark.django_db

KEYS = {
    "source_id",
    "received_at",
    "registered_at",
    "status",
    "status_label",
    "case_number",
    "filed_on",
    "not_filed_reason",
    "transferred_to",
    "transferred_on",
    "closed_on",
    "updated_on",
}
SOURCE_ID = "SFX12345-20261207-000318"


@pytest.fixture
def delivered(world, hotline_client, work_order):
    post(hotline_client, work_order)
    return IntakeClue.objects.get().case


def _read(client, source_id=SOURCE_ID):
    return client.get(f"{URL}{source_id}/")


def test_pending(world, hotline_client, delivered):
    body = _read(hotline_client).json()
    assert set(body) == KEYS
    assert (body["status"], body["status_label"]) == ("pending", "待核查")


def test_filed_gives_the_case_number_and_date(world, hotline_client, delivered):
    on = timezone.localdate()
    s.case_file(
        case=delivered,
        actor=world.officer.user,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.head,
        on=on,
        violation_start=on - dt.timedelta(days=2),
        violation_end=on - dt.timedelta(days=1),
    )
    body = _read(hotline_client).json()
    delivered.refresh_from_db()
    assert body["status"] == "filed" and body["status_label"] == "已立案"
    assert body["case_number"] == delivered.number and body["filed_on"] == on.isoformat()
    text = str(body)
    for officer in (world.officer, world.colleague, world.head):
        assert officer.name not in text


def test_not_filed_gives_the_reason(world, hotline_client, delivered):
    on = timezone.localdate()
    s.case_decline_filing(
        case=delivered, actor=world.officer.user, approved_by=world.head, on=on, reason="经核查已自行改正"
    )
    body = _read(hotline_client).json()
    assert body["status"] == "not_filed" and body["not_filed_reason"] == "经核查已自行改正"
    assert body["closed_on"] == on.isoformat()


def test_transferred_gives_the_receiving_agency(world, hotline_client, delivered):
    from casemgmt.powers.models import CriminalReferral

    CriminalReferral.objects.create(
        case=delivered,
        from_unit=world.brigade,
        organ="示范县公安局",
        reason="涉嫌犯罪",
        sent_on=dt.date(2026, 12, 1),
        sent_by=world.officer.user,
    )
    body = _read(hotline_client).json()
    assert body["status"] == "transferred" and body["transferred_to"] == "示范县公安局"
    assert body["transferred_on"] == "2026-12-01"


def test_closed(world, hotline_client, delivered):
    m.Case.objects.filter(pk=delivered.pk).update(
        status=m.CaseStatus.CLOSED,
        closed_on=dt.date(2026, 12, 5),
        filed_on=dt.date(2026, 11, 2),
        number="城关镇综执立〔2026〕9号",
    )
    body = _read(hotline_client).json()
    assert body["status"] == "closed" and body["closed_on"] == "2026-12-05"
    assert body["case_number"] == "城关镇综执立〔2026〕9号"


def test_another_platforms_clue_is_404(world, delivered, grid_client):
    assert _read(grid_client).status_code == 404


def test_an_unknown_id_is_404(world, hotline_client, delivered):
    assert _read(hotline_client, "SFX12345-NOPE").status_code == 404


def test_the_readback_does_not_name_the_other_parties(world, hotline_client, delivered):
    s.party_add(case=delivered, actor=world.officer.user, kind="citizen", name="另一当事人", id_number="")
    assert "另一当事人" not in _read(hotline_client).content.decode()
