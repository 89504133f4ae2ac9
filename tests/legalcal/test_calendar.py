"""Working-day rules and deadline arithmetic (依据《行政处罚法》第八十五条、《市场监督管理行政处罚程序规定》第八十条)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from lunardate import LunarDate

from casemgmt.legalcal import calendar
from casemgmt.legalcal.calendar import (
    Binds,
    Deadline,
    add_calendar_days,
    add_months,
    add_statutory_days,
    add_working_days,
    is_provisional,
    is_working_day,
    next_working_day,
    provisional_years,
    uncovered_years_in_use,
    working_days_between,
)

pytestmark = pytest.mark.django_db

D = dt.date


# --- weekends and the official schedules shipped with chinese_calendar ---------------------------------


def test_weekend_is_rest_and_weekday_is_working():
    assert is_working_day(D(2026, 3, 6))  # Friday
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 3, 8))  # Sunday
    assert is_working_day(D(2026, 3, 9))  # Monday


def test_2026_national_day_and_mid_autumn_are_holidays():
    assert not is_working_day(D(2026, 9, 25))  # 中秋节, a Friday
    for day in range(1, 8):
        assert not is_working_day(D(2026, 10, day)), f"2026-10-0{day} is 国庆节"
    assert is_working_day(D(2026, 10, 8))


def test_2026_spring_festival_is_holiday():
    for day in range(15, 24):
        assert not is_working_day(D(2026, 2, day)), f"2026-02-{day} is 春节"
    assert is_working_day(D(2026, 2, 24))


@pytest.mark.parametrize(
    "makeup_day",
    [D(2025, 9, 28), D(2025, 10, 11), D(2026, 2, 14), D(2026, 2, 28), D(2026, 9, 20), D(2026, 10, 10)],
)
def test_makeup_weekend_day_is_working_day(makeup_day):
    assert makeup_day.weekday() >= 5
    assert is_working_day(makeup_day)


def test_covered_year_is_not_provisional():
    assert not is_provisional(D(2026, 12, 31))
    assert not is_provisional(D(2004, 1, 1))
    assert calendar.calendar_source(D(2026, 5, 1)) == calendar.SOURCE_LIBRARY


def test_aware_datetime_is_read_in_shanghai_time():
    # 2026-09-30 17:00 UTC is 2026-10-01 01:00 in Asia/Shanghai (国庆节).
    moment = dt.datetime(2026, 9, 30, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert not is_working_day(moment)


# --- working-day periods -------------------------------------------------------------------------------


def test_start_day_not_counted():
    assert add_working_days(D(2026, 3, 2), 1) == Deadline(D(2026, 3, 3), provisional=False)
    assert add_calendar_days(D(2026, 3, 2), 1).date == D(2026, 3, 3)


def test_working_days_skip_weekend():
    # Thursday + 2 working days: Friday, then Monday.
    assert add_working_days(D(2026, 3, 5), 2).date == D(2026, 3, 9)


def test_working_days_skip_national_day_holiday():
    assert add_working_days(D(2026, 9, 30), 1).date == D(2026, 10, 8)
    # 9/30, 10/8, 10/9, 10/10 (调休 Saturday), 10/12.
    assert add_working_days(D(2026, 9, 29), 5).date == D(2026, 10, 12)


def test_working_days_count_makeup_saturday():
    # 2026-02-13 Fri -> 2/14 is a 调休 Saturday (working), then 春节 2/15-2/23.
    assert add_working_days(D(2026, 2, 13), 1).date == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2).date == D(2026, 2, 24)


def test_working_days_require_positive_count():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), 0)
    with pytest.raises(ValueError):
        add_calendar_days(D(2026, 3, 2), -1)


def test_statutory_short_periods_are_working_days_others_calendar_days():
    # 《行政处罚法》第八十五条: 七日 counts working days; 十五日 counts calendar days.
    assert add_statutory_days(D(2026, 9, 30), 7) == add_working_days(D(2026, 9, 30), 7)
    assert add_statutory_days(D(2026, 9, 30), 7).date == D(2026, 10, 15)
    assert add_statutory_days(D(2026, 3, 2), 15).date == D(2026, 3, 17)


# --- calendar-day and month periods --------------------------------------------------------------------


def test_calendar_period_ending_on_holiday_rolls_forward():
    assert add_calendar_days(D(2026, 9, 16), 15).date == D(2026, 10, 8)
    assert add_calendar_days(D(2026, 9, 16), 15, roll_forward=False).date == D(2026, 10, 1)


def test_calendar_period_ending_on_sunday_rolls_to_monday():
    assert add_calendar_days(D(2026, 3, 1), 14).date == D(2026, 3, 16)


def test_calendar_period_ending_on_makeup_saturday_does_not_roll():
    assert add_calendar_days(D(2026, 9, 30), 10).date == D(2026, 10, 10)


def test_months_clamp_to_month_end():
    assert add_months(D(2023, 8, 31), 6).date == D(2024, 2, 29)  # leap year, a Thursday
    assert add_months(D(2025, 8, 31), 6, roll_forward=False).date == D(2026, 2, 28)
    assert add_months(D(2026, 3, 15), 6) == Deadline(D(2026, 9, 15), provisional=False)


def test_months_period_ending_on_holiday_rolls_forward():
    # 2025-08-31 + 6 months = 2026-02-28, a 调休 Saturday (working): no roll.
    assert add_months(D(2025, 8, 31), 6).date == D(2026, 2, 28)
    # 2026-04-01 + 6 months = 2026-10-01 (国庆节) -> 2026-10-08.
    assert add_months(D(2026, 4, 1), 6).date == D(2026, 10, 8)


def test_six_month_period_into_2027_is_provisional():
    deadline = add_months(D(2026, 8, 31), 6)
    # 2027-02-28 is a Sunday -> Monday 2027-03-01.
    assert deadline == Deadline(D(2027, 3, 1), provisional=True)


# --- counting and helpers ------------------------------------------------------------------------------


def test_working_days_between_excludes_start_includes_end():
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 3)) == 1
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 9)) == 5
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 9)) == 2
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # 调休 Saturday


def test_working_days_between_is_zero_when_end_not_after_start():
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == 0


def test_working_days_between_inverts_add_working_days():
    start = D(2026, 9, 20)
    for n in (1, 3, 5, 7, 20):
        assert working_days_between(start, add_working_days(start, n).date) == n


def test_next_working_day_is_strictly_after():
    assert next_working_day(D(2026, 3, 2)) == D(2026, 3, 3)
    assert next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)


def test_deadline_str_is_chinese_and_marks_provisional():
    assert str(Deadline(D(2026, 10, 8), provisional=False)) == "2026年10月8日"
    assert str(Deadline(D(2027, 1, 8), provisional=True)) == "2027年1月8日（暂定）"


def test_deadline_is_frozen():
    deadline = Deadline(D(2026, 10, 8), provisional=False)
    with pytest.raises(AttributeError):
        deadline.provisional = True


# --- provisional rule for 2027 -------------------------------------------------------------------------


def test_2027_is_provisional_and_uncovered():
    assert is_provisional(D(2027, 1, 5))
    assert calendar.calendar_source(D(2027, 1, 5)) == calendar.SOURCE_PROVISIONAL
    assert uncovered_years_in_use([2027, 2026, 2027, 2025]) == [2027]
    assert provisional_years([D(2026, 12, 31), D(2027, 1, 1), D(2028, 6, 1)]) == {2027, 2028}


def test_2027_spring_festival_statutory_days_rest_for_both_sides_and_window_days_only_for_the_party():
    eve = LunarDate(2027, 1, 1).to_solar_date() - dt.timedelta(days=1)
    assert eve == D(2027, 2, 5)
    expected = [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)]
    for day in expected:
        assert not is_working_day(day, binds=Binds.PARTY), day
        assert not is_working_day(day, binds=Binds.AGENCY), day
    # 2/4 (腊月二十九) and 2/9–2/12 may be bridged into the break: rest for a party period, work for the agency.
    for day in (D(2027, 2, 4), D(2027, 2, 9), D(2027, 2, 12)):
        assert not is_working_day(day, binds=Binds.PARTY), day
        assert is_working_day(day, binds=Binds.AGENCY), day
    # Outside the window both agree: 2/3 and 2/15 are working days.
    for day in (D(2027, 2, 3), D(2027, 2, 15)):
        assert is_working_day(day, binds=Binds.PARTY) and is_working_day(day, binds=Binds.AGENCY)
    # 2/13 and 1/30 (Saturdays near 春节) may be 调休上班日: work only for the agency.
    for day in (D(2027, 1, 30), D(2027, 2, 13)):
        assert not is_working_day(day, binds=Binds.PARTY) and is_working_day(day, binds=Binds.AGENCY)
    assert [d for d, name in calendar.statutory_holidays(2027).items() if name == "春节"] == expected


def test_2027_statutory_holidays_follow_2024_rules():
    holidays = calendar.statutory_holidays(2027)
    assert LunarDate(2027, 8, 15).to_solar_date() == D(2027, 9, 15)
    assert LunarDate(2027, 5, 5).to_solar_date() == D(2027, 6, 9)
    assert holidays == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",
        D(2027, 2, 6): "春节",
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }


def test_2027_national_day_party_period_skips_every_possible_bridge_day_agency_period_none():
    assert not is_working_day(D(2027, 9, 15))  # 中秋节, Wednesday
    assert not is_working_day(D(2027, 10, 1))  # Friday
    # Monday 10/4 to Friday 10/8 may be part of the 国庆 break: the party's day ends on Monday 10/11 ...
    assert add_working_days(D(2027, 9, 30), 1) == Deadline(D(2027, 10, 11), provisional=True)
    # ... the agency's on Monday 10/4, and a rule refuses it only after 10/11.
    agency = add_working_days(D(2027, 9, 30), 1, binds=Binds.AGENCY)
    assert agency == Deadline(D(2027, 10, 4), True, Binds.AGENCY, latest=D(2027, 10, 11))
    assert not agency.certainly_passed(D(2027, 10, 11)) and agency.certainly_passed(D(2027, 10, 12))


def test_qingming_falls_back_to_formula_without_solar_term_table(monkeypatch):
    from_table = {year: calendar.qingming_date(year) for year in range(2001, 2100)}
    assert from_table[2027] == D(2027, 4, 5)

    def unsupported(start, end):
        raise NotImplementedError

    monkeypatch.setattr(calendar.chinese_calendar, "get_solar_terms", unsupported)
    assert {year: calendar.qingming_date(year) for year in range(2001, 2100)} == from_table


def test_deadline_spanning_2026_into_2027_is_provisional():
    # Party: 12/31, (1/1 元旦, 1/2–1/3 weekend, 1/4 a possible 补休/bridge), 1/5, 1/6, 1/7, 1/8.
    deadline = add_working_days(D(2026, 12, 30), 5)
    assert deadline == Deadline(D(2027, 1, 8), provisional=True)
    assert str(deadline) == "2027年1月8日（暂定）"
    # Agency: 12/31, 1/2 and 1/3 (possible 调休上班日), 1/4, 1/5.
    agency = add_working_days(D(2026, 12, 30), 5, binds=Binds.AGENCY)
    assert (agency.date, agency.last_possible, agency.binds) == (D(2027, 1, 5), D(2027, 1, 8), Binds.AGENCY)
    assert add_calendar_days(D(2026, 12, 20), 15).provisional  # ends 2027-01-04


def test_deadline_wholly_in_2026_is_not_provisional():
    assert add_working_days(D(2026, 12, 21), 5) == Deadline(D(2026, 12, 28), provisional=False)
    assert add_working_days(D(2026, 12, 30), 1) == Deadline(D(2026, 12, 31), provisional=False)
    assert not add_calendar_days(D(2026, 12, 1), 30).provisional  # ends 2026-12-31
