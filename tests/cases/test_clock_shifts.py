"""Loading a year's official schedule recomputes open clocks and records what moved (期限重算记录)."""

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.legalcal.calendar import Binds, load_official_schedule
from tests import builders as b


def file_case(world, on):
    case = b.clue(world, discovered_on=on - dt.timedelta(days=1))
    s.case_file(
        case=case,
        actor=world.officer.user,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.head,
        on=on,
        violation_start=on - dt.timedelta(days=2),
        violation_end=on - dt.timedelta(days=2),
    )
    return case


@pytest.mark.django_db(transaction=True)
def test_loading_the_schedule_records_old_and_new_deadline_of_each_moved_clock(world):
    # Filed 2026-11-02: 90 days is Sunday 2027-01-31, a possible 春节 make-up Sunday, so the agency's provisional
    # deadline is that day. The official schedule makes it an ordinary Sunday: Monday 2027-02-01.
    case = file_case(world, dt.date(2026, 11, 2))
    load_official_schedule(
        year=2027, holidays=[(dt.date(2027, 2, 5), "春节")], workdays=[], source="国办发明电〔2026〕1号"
    )
    shift = m.ClockShift.objects.get(case=case, clock="decision")
    assert (shift.old_deadline, shift.old_provisional) == (dt.date(2027, 1, 31), True)
    assert (shift.new_deadline, shift.new_provisional) == (dt.date(2027, 2, 1), False)
    assert shift.binds == Binds.AGENCY and shift.year == 2027 and shift.source == "国办发明电〔2026〕1号"
    event = case.events.get(action="clocks_recomputed")
    assert "2027年1月31日（暂定）改为2027年2月1日" in event.summary


@pytest.mark.django_db(transaction=True)
def test_loading_a_schedule_that_changes_no_open_clock_records_nothing(world):
    file_case(world, dt.date(2026, 3, 3))  # every deadline in 2026, published
    load_official_schedule(
        year=2027, holidays=[(dt.date(2027, 1, 1), "元旦")], workdays=[], source="国办发明电〔2026〕1号"
    )
    assert not m.ClockShift.objects.exists()
    assert not m.CaseEvent.objects.filter(action="clocks_recomputed").exists()


@pytest.mark.django_db
def test_clock_shifts_are_listed_read_only_in_admin(world, client):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/cases/clockshift/")
    assert page.status_code == 200
    assert client.get("/admin/cases/clockshift/add/").status_code == 403
