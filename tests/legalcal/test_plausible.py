"""A provisional year never cuts off a right: replaying every published year as if unpublished, a party period
never ends before the true end, and an agency period never ends after it (its latest plausible end never before)."""

import datetime as dt

import chinese_calendar
import pytest
from chinese_calendar.constants import holidays as library_holidays
from chinese_calendar.constants import workdays as library_workdays

from casemgmt.legalcal import calendar
from casemgmt.legalcal.calendar import (
    FESTIVAL_WINDOWS,
    Binds,
    Deadline,
    add_calendar_days,
    add_months,
    add_working_days,
    festival_dates,
    is_working_day,
    plausible_makeup_days,
    plausible_rest_days,
    statutory_holidays,
    treat_as_unpublished,
)

pytestmark = pytest.mark.django_db

D = dt.date

# The periods of the procedure (ProcedurePolicy defaults): 陈述申辩 3 and 听证申请 5 working days; 听证通知,
# 送达, 公示 7; 催告 10; 缴纳罚款 15, 复议 60, 作出决定 90 calendar days; 诉讼 6 months.
PERIODS = [("working", n) for n in (2, 3, 5, 7, 10)] + [("calendar", n) for n in (15, 60, 90)] + [("months", 6)]
PARTY_PERIODS = [("working", 3), ("working", 5), ("working", 7), ("working", 10), ("calendar", 15)]
PARTY_PERIODS += [("calendar", 60), ("months", 6)]

_LIBRARY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}


def end(kind: str, n: int, start: dt.date, binds: Binds) -> Deadline:
    if kind == "working":
        return add_working_days(start, n, binds=binds)
    if kind == "calendar":
        return add_calendar_days(start, n, binds=binds)
    return add_months(start, n, binds=binds)


def days_of(year: int):
    day = D(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("year", range(2020, 2027))
def test_replaying_a_published_year_as_unpublished_never_ends_a_party_period_early_or_an_agency_period_late(year):
    checked = 0
    for start in days_of(year):
        for kind, n in PERIODS:
            true_end = end(kind, n, start, Binds.PARTY)
            assert not true_end.provisional or true_end.date.year > year  # truth from the published schedule
            with treat_as_unpublished(year):
                party = end(kind, n, start, Binds.PARTY)
                agency = end(kind, n, start, Binds.AGENCY)
            assert party.date >= true_end.date, (start, kind, n, party, true_end)
            assert agency.date <= true_end.date <= agency.last_possible, (start, kind, n, agency, true_end)
            checked += 1
    assert checked == len(list(days_of(year))) * len(PERIODS)


@pytest.mark.parametrize("year", range(2020, 2027))
def test_replay_party_periods_that_end_in_the_year_are_provisional_and_bounded(year):
    """The periods the party relies on (statement, hearing request, payment, remedies) are marked 暂定."""
    for start in days_of(year):
        for kind, n in PARTY_PERIODS:
            with treat_as_unpublished(year):
                party = end(kind, n, start, Binds.PARTY)
            if party.date.year == year:
                assert party.provisional, (start, kind, n)


def test_every_published_schedule_2008_to_2026_is_plausible():
    """Every rest weekday and every 调休上班日 the 国务院办公厅 published lies where the model allows it (except the
    one-off 抗战胜利70周年 days of 2015), and every statutory day was a rest day."""
    for year in range(2008, 2027):
        rest = plausible_rest_days(year)
        makeup = plausible_makeup_days(year)
        for day, name in library_holidays.items():
            if day.year == year and str(name) in _LIBRARY_NAMES:
                assert day in rest, (day, name)
        for day, name in library_workdays.items():
            if day.year == year and str(name) in _LIBRARY_NAMES:
                assert day in makeup, (day, name)
        for day in statutory_holidays(year):
            assert not chinese_calendar.is_workday(day), day


def test_the_2015_commemoration_days_are_outside_the_model():
    assert D(2015, 9, 3) not in plausible_rest_days(2015)


def test_windows_cover_both_sides_of_each_festival():
    for name, window in FESTIVAL_WINDOWS.items():
        assert window.rest[0] < 0 < window.rest[1], name
        assert window.makeup[0] < 0 < window.makeup[1], name
    assert set(festival_dates(2027)) == set(FESTIVAL_WINDOWS)


# --- boundaries on a provisional year (2027): weekend, statutory holiday, possible bridge, make-up day --------


def test_party_period_ending_on_a_friday_outside_any_window_is_not_moved():
    # Served Mon 2027-03-08: 3 working days -> Thu 3/11, identical for both sides.
    assert add_working_days(D(2027, 3, 8), 3) == Deadline(D(2027, 3, 11), provisional=True)
    assert add_working_days(D(2027, 3, 8), 3, binds=Binds.AGENCY).date == D(2027, 3, 11)


def test_period_ending_on_a_plain_weekend_rolls_to_monday_for_both_sides():
    # 2027-03-13 is a Saturday far from any festival: 15 calendar days from 2/26 end Monday 3/15.
    assert add_calendar_days(D(2027, 2, 26), 15).date == D(2027, 3, 15)
    assert add_calendar_days(D(2027, 2, 26), 15, binds=Binds.AGENCY).date == D(2027, 3, 15)


def test_period_ending_on_a_statutory_holiday_rolls_past_it_for_both_sides():
    # 2027-06-09 端午 (Wednesday) is always a rest day.
    assert not is_working_day(D(2027, 6, 9), binds=Binds.AGENCY)
    party = add_calendar_days(D(2027, 5, 25), 15)
    agency = add_calendar_days(D(2027, 5, 25), 15, binds=Binds.AGENCY)
    assert agency.date == D(2027, 6, 10)
    # For the party 6/10–6/11 may be bridged too (Thu/Fri, then the weekend): Monday 6/14.
    assert party.date == D(2027, 6, 14)


def test_day_before_and_after_a_possible_bridge_day():
    # 清明 2027-04-05 is a Monday; its rest window is 4/2 (-3) to 4/8 (+3).
    assert is_working_day(D(2027, 4, 1), binds=Binds.PARTY)  # the day before the window
    assert not is_working_day(D(2027, 4, 2), binds=Binds.PARTY)  # first day of the window
    assert not is_working_day(D(2027, 4, 8), binds=Binds.PARTY)  # last day of the window
    assert is_working_day(D(2027, 4, 9), binds=Binds.PARTY)  # the day after
    assert is_working_day(D(2027, 4, 2), binds=Binds.AGENCY) and is_working_day(D(2027, 4, 8), binds=Binds.AGENCY)


def test_weekend_that_may_be_a_make_up_workday_counts_only_for_the_agency():
    # 清明's make-up window is -5..+4: Sunday 4/11 (+6) never works, Saturday 4/3 (-2) may.
    assert D(2027, 4, 11) not in plausible_makeup_days(2027)
    assert is_working_day(D(2027, 4, 11), binds=Binds.AGENCY) is False
    saturday = D(2027, 4, 3)  # -2 from 清明
    assert saturday in plausible_makeup_days(2027)
    assert is_working_day(saturday, binds=Binds.AGENCY)
    assert not is_working_day(saturday, binds=Binds.PARTY)
    # Served Friday 4/2, 1 working day: the agency may have to act on Saturday 4/3, the party has until 4/9.
    assert add_working_days(D(2027, 4, 2), 1, binds=Binds.AGENCY).date == saturday
    assert add_working_days(D(2027, 4, 2), 1).date == D(2027, 4, 9)


def test_statutory_day_on_a_weekend_is_never_a_make_up_day():
    assert D(2027, 2, 6) not in plausible_makeup_days(2027)  # 初一, Saturday
    assert not is_working_day(D(2027, 2, 6), binds=Binds.AGENCY)


def test_treat_as_unpublished_restores_the_published_calendar():
    assert is_working_day(D(2026, 2, 24))
    with treat_as_unpublished(2026):
        assert calendar.is_provisional(D(2026, 2, 24))
    assert not calendar.is_provisional(D(2026, 2, 24))
