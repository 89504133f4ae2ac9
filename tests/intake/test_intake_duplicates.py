"""疑似重复: same place, same matter/案由, within the window, against a case still open; flagged, never merged."""

import datetime as dt

import pytest
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.intake.duplicates import address_key, distance_m
from casemgmt.intake.models import IntakeClue

from .conftest import post, sample

pytestmark = pytest.mark.django_db


def _order(source_id: str, *, received: dt.datetime, address="城关镇人民路128号", lon=None, lat=None, cause=None):
    payload = sample("hotline-work-order.json")
    payload["source"]["id"] = source_id
    payload["received_at"] = received.isoformat()
    payload["place"] = {"address": address}
    if lon is not None:
        payload["place"].update(longitude=f"{lon:.6f}", latitude=f"{lat:.6f}", coordinate_system="WGS84")
    if cause:
        payload["cause"] = cause
    return payload


def _received(days_ago: int) -> dt.datetime:
    return timezone.localtime() - dt.timedelta(days=days_ago)


def _flag(source_id):
    return IntakeClue.objects.get(source_id=source_id).duplicate_of


def test_same_address_written_differently_within_the_window_is_flagged(world, hotline_client):
    post(hotline_client, _order("A-1", received=_received(3), address="城关镇人民路128号（老街小吃店门前）"))
    post(hotline_client, _order("A-2", received=_received(0), address="城关镇 人民路128号 老街小吃店门前"))
    first = IntakeClue.objects.get(source_id="A-1").case
    assert _flag("A-2") == first
    assert _flag("A-1") is None
    assert m.Case.objects.count() == 2  # never merged


@pytest.mark.parametrize("gap, flagged", [(30, True), (31, False)])
def test_the_window_boundary(world, hotline_client, settings, gap, flagged):
    assert settings.INTAKE_DUPLICATE_WINDOW_DAYS == 30
    post(hotline_client, _order("W-1", received=_received(gap)))
    post(hotline_client, _order("W-2", received=_received(0)))
    assert (_flag("W-2") is not None) is flagged


def test_the_distance_boundary(world, hotline_client, settings):
    assert settings.INTAKE_DUPLICATE_DISTANCE_M == 50
    lon, lat = 114.305123, 30.592456
    # one metre of latitude is 1 / 111,195 degrees
    post(hotline_client, _order("D-1", received=_received(2), address="滨河路东侧绿地", lon=lon, lat=lat))
    post(hotline_client, _order("D-2", received=_received(1), address="建设路口绿化带", lon=lon, lat=lat + 49 / 111195))
    post(hotline_client, _order("D-3", received=_received(0), address="建设路口北侧", lon=lon, lat=lat - 52 / 111195))
    assert _flag("D-2") == IntakeClue.objects.get(source_id="D-1").case
    d3 = IntakeClue.objects.get(source_id="D-3")
    # 52 m south of D-1 and 101 m from D-2: neither within 50 m
    assert d3.duplicate_of is None


def test_another_cause_at_the_same_place_is_not_flagged(world, hotline_client):
    post(hotline_client, _order("C-1", received=_received(1)))
    post(hotline_client, _order("C-2", received=_received(0), cause="餐饮油烟直排"))
    assert _flag("C-2") is None


def test_a_case_no_longer_open_is_not_a_duplicate(world, hotline_client):
    post(hotline_client, _order("N-1", received=_received(2)))
    case = IntakeClue.objects.get(source_id="N-1").case
    m.Case.objects.filter(pk=case.pk).update(status=m.CaseStatus.NOT_FILED)
    post(hotline_client, _order("N-2", received=_received(0)))
    assert _flag("N-2") is None


def test_a_clue_typed_in_by_hand_at_the_same_address_is_found(world, hotline_client):
    from tests import builders as b

    typed = b.clue(world, discovered_on=timezone.localdate() - dt.timedelta(days=1))
    m.Case.objects.filter(pk=typed.pk).update(violation_place="城关镇人民路128号")
    post(hotline_client, _order("H-1", received=_received(0)))
    assert _flag("H-1") == typed


def test_the_flag_is_on_the_case_page_and_in_the_api(world, hotline_client, client, client_for):
    post(hotline_client, _order("P-1", received=_received(1)))
    post(hotline_client, _order("P-2", received=_received(0)))
    original = IntakeClue.objects.get(source_id="P-1").case
    flagged = IntakeClue.objects.get(source_id="P-2")
    client.force_login(world.officer.user)
    page = client.get(f"/cases/{flagged.case.pk}/").content.decode()
    assert 'data-testid="intake-duplicate"' in page and f"/cases/{original.pk}/" in page
    detail = client_for(world.officer).get(f"/api/cases/{flagged.case.pk}/").json()["intake"]
    assert detail["suspected_duplicate"] is True and detail["duplicate_of"] == original.pk
    assert "同一案由" in detail["duplicate_reason"]
    event = flagged.case.events.get(action="intake_duplicate")
    assert "疑似重复" in event.summary
    page = client.get(f"/cases/{original.pk}/").content.decode()
    assert 'data-testid="intake-duplicate"' not in page


def test_address_key_and_distance():
    assert address_key("城关镇人民路１２８号（东门）") == address_key("城关镇 人民路128号 东门")
    assert address_key("人民路128号") != address_key("人民路129号")
    assert 110_000 < distance_m(114, 30, 114, 31) < 112_000
