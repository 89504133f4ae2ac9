"""manage.py load_calendar_year: loads an official schedule, refuses bad input without writing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casemgmt.legalcal.calendar import Binds, is_provisional, is_working_day
from casemgmt.legalcal.models import CalendarDay, CalendarYear, DayKind

pytestmark = pytest.mark.django_db

D = dt.date
SOURCE = "国办发明电〔2026〕X号"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("load_calendar_year", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_nothing_written():
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_command_loads_holidays_and_workdays_from_options():
    assert is_working_day(D(2027, 2, 9), binds=Binds.AGENCY)  # provisional: a possible bridge day
    out, _err = run(
        "--year=2027",
        f"--source={SOURCE}",
        "--holiday=2027-02-05:春节",
        "--holiday=2027-02-09:春节",
        "--workday=2027-02-20:春节",
    )
    assert "已载入2027年节假日安排" in out
    assert CalendarYear.objects.get(year=2027).source == SOURCE
    rows = list(CalendarDay.objects.values_list("date", "kind", "name"))
    assert rows == [
        (D(2027, 2, 5), DayKind.HOLIDAY, "春节"),
        (D(2027, 2, 9), DayKind.HOLIDAY, "春节"),
        (D(2027, 2, 20), DayKind.WORKDAY, "春节"),
    ]
    assert not is_provisional(D(2027, 2, 9))
    assert not is_working_day(D(2027, 2, 9))
    assert is_working_day(D(2027, 2, 20))


def test_command_loads_csv_file_with_header_and_chinese_kinds(tmp_path):
    csv_file = tmp_path / "2027.csv"
    csv_file.write_text(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-10-01,休,国庆节\n\n2027-10-09,班,国庆节\n",
        encoding="utf-8-sig",
    )
    run("--year", "2027", "--source", SOURCE, "--file", str(csv_file))
    assert dict(CalendarDay.objects.values_list("date", "kind")) == {
        D(2027, 1, 1): DayKind.HOLIDAY,
        D(2027, 10, 1): DayKind.HOLIDAY,
        D(2027, 10, 9): DayKind.WORKDAY,
    }


def test_command_dry_run_writes_nothing():
    out, _err = run("--year=2027", f"--source={SOURCE}", "--holiday=2027-01-01:元旦", "--dry-run")
    assert "valid, not written" in out
    assert_nothing_written()


def test_command_warns_about_weekday_workday_and_covered_year():
    _out, err = run("--year=2026", f"--source={SOURCE}", "--holiday=2026-01-01:元旦", "--workday=2026-03-09:调休")
    assert "not a Saturday/Sunday" in err
    assert "chinese_calendar" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--holiday=2027-02-30:春节"], "bad date '2027-02-30'"),
        (["--holiday=20270205:春节"], "bad date"),
        (["--holiday=2027-01-01:元旦", "--workday=next-saturday"], "bad date"),
        (["--holiday=2026-12-31:元旦"], "date outside year 2027: 2026-12-31"),
        (["--holiday=2027-01-01:元旦", "--holiday=2027-01-01:元旦"], "duplicate date: 2027-01-01"),
        (["--holiday=2027-02-20:春节", "--workday=2027-02-20:春节"], "duplicate date: 2027-02-20"),
        (["--workday=2027-02-20:春节"], "at least one holiday"),
    ],
)
def test_command_rejects_bad_input_and_writes_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run("--year=2027", f"--source={SOURCE}", *args)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("2027-01-01,holiday,元旦\n2027-01-02,rest,元旦\n", "bad kind 'rest'"),
        ("2027-01-01,holiday,元旦\n2027/01/02,holiday,元旦\n", "bad date"),
        ("2027-01-01\n", "expected date,kind,name"),
        ("2027-01-01,holiday,元旦\n2027-01-01,workday,元旦\n", "duplicate date: 2027-01-01"),
    ],
)
def test_command_rejects_bad_csv_and_writes_nothing(tmp_path, content, message):
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("--year=2027", f"--source={SOURCE}", f"--file={csv_file}")
    assert_nothing_written()


def test_command_reports_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run("--year=2027", f"--source={SOURCE}", f"--file={tmp_path / 'missing.csv'}")
    assert_nothing_written()


def test_command_error_keeps_previously_loaded_year():
    run("--year=2027", f"--source={SOURCE}", "--holiday=2027-01-01:元旦")
    with pytest.raises(CommandError):
        run("--year=2027", "--source=国办发明电〔2026〕Y号", "--holiday=2028-01-01:元旦")
    assert CalendarYear.objects.get(year=2027).source == SOURCE
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [D(2027, 1, 1)]


def test_command_reads_runs_of_days_from_file(tmp_path):
    schedule = tmp_path / "2027.csv"
    schedule.write_text(
        "# 国办发明电〔2026〕X号\ndate,kind,name\n2027-02-05..2027-02-11,休,春节\n2027-02-20,班,春节\n",
        encoding="utf-8",
    )
    out, _err = run("--year=2027", f"--source={SOURCE}", f"--file={schedule}")
    assert "7 放假日, 1 调休上班日" in out
    holidays = list(CalendarDay.objects.filter(kind=DayKind.HOLIDAY).values_list("date", flat=True))
    assert holidays == [D(2027, 2, day) for day in range(5, 12)]
    assert "期限重新计算：0项期限变动" in out


def test_command_refuses_a_reversed_or_overlong_run(tmp_path):
    for text in ("2027-02-11..2027-02-05,休,春节\n", "2027-02-01..2027-03-01,休,春节\n"):
        schedule = tmp_path / "bad.csv"
        schedule.write_text(text, encoding="utf-8")
        with pytest.raises(CommandError, match="日期区间无效"):
            run("--year=2027", f"--source={SOURCE}", f"--file={schedule}")
        assert_nothing_written()
