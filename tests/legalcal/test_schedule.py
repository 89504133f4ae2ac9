"""Administrator-loaded official schedules override the library and the provisional rule."""

import datetime as dt

import pytest

from casemgmt.legalcal import calendar
from casemgmt.legalcal.calendar import (
    Deadline,
    ScheduleError,
    add_working_days,
    is_provisional,
    is_working_day,
    load_official_schedule,
    uncovered_years_in_use,
)
from casemgmt.legalcal.models import CalendarDay, CalendarYear, DayKind

pytestmark = pytest.mark.django_db

D = dt.date

# A made-up 2027 schedule shaped like the 国务院办公厅 notices (holidays plus 调休 weekend workdays).
HOLIDAYS_2027 = [
    (D(2027, 1, 1), "元旦"),
    *[(D(2027, 2, day), "春节") for day in range(5, 12)],
    *[(D(2027, 10, day), "国庆节、中秋节") for day in range(1, 8)],
]
WORKDAYS_2027 = [(D(2027, 2, 20), "春节"), (D(2027, 9, 26), "国庆节"), (D(2027, 10, 9), "国庆节")]


def load_2027(source="国办发明电〔2026〕X号"):
    return load_official_schedule(year=2027, holidays=HOLIDAYS_2027, workdays=WORKDAYS_2027, source=source)


def test_calendar_day_row_overrides_chinese_calendar_and_clears_cache():
    monday = D(2026, 3, 9)
    assert is_working_day(monday)  # fills the cache
    row = CalendarDay.objects.create(date=monday, kind=DayKind.HOLIDAY, name="临时调整")
    assert not is_working_day(monday)
    row.kind = DayKind.WORKDAY
    row.save()
    assert is_working_day(monday)
    assert is_working_day(D(2026, 10, 1)) is False
    CalendarDay.objects.create(date=D(2026, 10, 1), kind=DayKind.WORKDAY, name="更正")
    assert is_working_day(D(2026, 10, 1))


def test_deleting_calendar_day_row_restores_underlying_rule():
    row = CalendarDay.objects.create(date=D(2026, 3, 7), kind=DayKind.WORKDAY, name="调休")
    assert is_working_day(D(2026, 3, 7))
    row.delete()
    assert not is_working_day(D(2026, 3, 7))


def test_change_made_without_save_is_seen_through_table_fingerprint(monkeypatch):
    # Another process (or a queryset update) changes the table without calling clear_cache() here: it is
    # seen once the memoised fingerprint expires.
    CalendarDay.objects.create(date=D(2026, 3, 9), kind=DayKind.HOLIDAY, name="临时调整")
    assert not is_working_day(D(2026, 3, 9))
    CalendarDay.objects.filter(date=D(2026, 3, 9)).update(kind=DayKind.WORKDAY, updated_at=dt.datetime.now(dt.UTC))
    assert not is_working_day(D(2026, 3, 9))  # still within the memo's lifetime
    monkeypatch.setattr(calendar, "FINGERPRINT_TTL_SECONDS", 0)
    assert is_working_day(D(2026, 3, 9))


def test_calendar_year_row_ends_provisional_status():
    assert is_provisional(D(2027, 5, 6))
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕X号")
    assert not is_provisional(D(2027, 5, 6))
    # Without CalendarDay rows only the weekend rule applies: provisional holidays are gone.
    assert is_working_day(D(2027, 10, 1))
    assert not is_working_day(D(2027, 10, 2))
    assert uncovered_years_in_use([2026, 2027]) == []


def test_loaded_2027_schedule_overrides_provisional_rule_and_clears_cache():
    # Provisional: 2/9 may be in the 春节 break (rest for a party period), 2/20 Saturday is rest.
    assert not is_working_day(D(2027, 2, 9))
    assert not is_working_day(D(2027, 2, 20))
    assert add_working_days(D(2027, 2, 4), 1) == Deadline(D(2027, 2, 15), provisional=True)

    load_2027()

    assert not is_provisional(D(2027, 2, 9))
    assert not is_working_day(D(2027, 2, 9))
    assert is_working_day(D(2027, 2, 20))  # 调休 Saturday
    assert is_working_day(D(2027, 9, 26))  # 调休 Sunday
    assert not is_working_day(D(2027, 10, 5))
    assert add_working_days(D(2027, 2, 4), 1) == Deadline(D(2027, 2, 12), provisional=False)
    assert add_working_days(D(2026, 12, 30), 5) == Deadline(D(2027, 1, 7), provisional=False)
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕X号"


def test_reloading_a_year_replaces_its_rows():
    load_2027()
    CalendarDay.objects.create(date=D(2028, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    load_official_schedule(year=2027, holidays=[(D(2027, 1, 1), "元旦")], workdays=[], source="国办发明电〔2026〕Y号")
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [D(2027, 1, 1)]
    assert CalendarDay.objects.filter(date=D(2028, 1, 1)).exists()  # other years untouched
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕Y号"
    assert is_working_day(D(2027, 2, 9))
    assert not is_working_day(D(2027, 2, 20))


def test_schedule_loaded_callbacks_run_after_commit_with_year(monkeypatch, django_capture_on_commit_callbacks):
    seen = []
    monkeypatch.setattr(calendar, "on_schedule_loaded", [seen.append])
    monkeypatch.setattr(calendar, "before_schedule_load", [])
    with django_capture_on_commit_callbacks(execute=True) as pending:
        load_2027()
        assert seen == []  # not before commit
    assert len([c for c in pending if c is not calendar.clear_cache]) == 1
    assert seen == [2027]


def test_year_tables_are_cached_between_lookups(django_assert_num_queries):
    is_working_day(D(2026, 3, 9))
    # The fingerprint is memoised and the year table cached: computing a clock costs no query.
    with django_assert_num_queries(0):
        assert add_working_days(D(2026, 1, 5), 60).date == D(2026, 4, 3)


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ([(D(2026, 12, 31), "元旦")], [], "date outside year 2027"),
        ([(D(2027, 1, 1), "元旦")], [(D(2027, 1, 1), "元旦")], "duplicate date: 2027-01-01"),
        ([(D(2027, 1, 1), "元旦"), (D(2027, 1, 1), "元旦")], [], "duplicate date"),
        ([], [(D(2027, 2, 20), "春节")], "at least one holiday"),
    ],
)
def test_invalid_schedule_is_rejected_and_nothing_written(holidays, workdays, message):
    with pytest.raises(ScheduleError, match=message):
        load_official_schedule(year=2027, holidays=holidays, workdays=workdays, source="国办发明电〔2026〕X号")
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_schedule_requires_source():
    with pytest.raises(ScheduleError, match="source is required"):
        load_official_schedule(year=2027, holidays=HOLIDAYS_2027, workdays=[], source="  ")
