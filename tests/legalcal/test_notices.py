"""From 1 November a missing next-year schedule raises a system-check warning and a banner for administrators."""

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory

from casemgmt.legalcal import notices
from casemgmt.legalcal.calendar import load_official_schedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=SHANGHAI), tick=False)


def test_no_warning_on_31_october():
    with at("2026-10-31"):
        assert notices.next_year_schedule_loaded() == []


def test_warning_from_1_november_while_next_year_is_missing():
    with at("2026-11-01"):
        found = notices.next_year_schedule_loaded()
    assert [w.id for w in found] == ["legalcal.W001"]
    assert "2027年" in found[0].msg


def test_no_warning_once_next_year_is_loaded():
    load_official_schedule(
        year=2027, holidays=[(dt.date(2027, 1, 1), "元旦")], workdays=[], source="国办发明电〔2026〕1号"
    )
    with at("2026-11-15"):
        assert notices.next_year_schedule_loaded() == []


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_banner_is_shown_to_staff_and_not_to_an_officer(world):
    staff = UserFactory(is_staff=True)
    with at("2026-11-02"):
        assert "2027年" in notices.calendar_notice(request_for(staff))["calendar_notice"]
        assert notices.calendar_notice(request_for(world.officer.user)) == {}
    with at("2026-10-30"):
        assert notices.calendar_notice(request_for(staff)) == {}
