"""Load a year's official 国务院办公厅 holiday schedule (部分节假日安排的通知).

Examples::

    manage.py load_calendar_year --year 2027 --source "国办发明电〔2026〕X号" \\
        --holiday 2027-01-01:元旦 --holiday 2027-02-05:春节 ... --workday 2027-02-13:春节
    manage.py load_calendar_year --year 2027 --source "国办发明电〔2026〕X号" --file 2027.csv

The file has the columns ``date,kind,name`` (kind: holiday/workday, or 休/班; date may be a run
``2027-02-05..2027-02-11``); see ``casemgmt.legalcal.schedule_file``. Loading recomputes the open clocks of open
cases and records each deadline that moved (期限重算记录, admin).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casemgmt.files.tabular import UndecodableCSV, decode_csv
from casemgmt.legalcal import calendar
from casemgmt.legalcal.schedule_file import parse_days, parse_schedule


def _parse_option(value: str, option: str) -> list[tuple[dt.date, str]]:
    date_text, _sep, name = value.partition(":")
    try:
        return [(day, name.strip()) for day in parse_days(date_text, f"--{option} {value}")]
    except calendar.ScheduleError as exc:
        raise CommandError(str(exc)) from None


def _read_file(path: Path) -> tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]]]:
    try:
        text = decode_csv(path.read_bytes())
    except OSError as exc:
        raise CommandError(f"无法读取文件 / cannot read {path}: {exc}") from None
    except UndecodableCSV as exc:
        raise CommandError(str(exc)) from None
    try:
        return parse_schedule(text, str(path))
    except calendar.ScheduleError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = "载入某年度国务院办公厅节假日安排 / load a year's official holiday schedule"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度 / year, e.g. 2027")
        parser.add_argument("--source", required=True, help="依据文件 / source, e.g. 国办发明电〔2026〕X号")
        parser.add_argument(
            "--holiday", action="append", default=[], metavar="YYYY-MM-DD:名称", help="放假日（可重复）"
        )
        parser.add_argument(
            "--workday", action="append", default=[], metavar="YYYY-MM-DD:名称", help="调休上班日（可重复）"
        )
        parser.add_argument("--file", type=Path, help="CSV 文件: date,kind,name")
        parser.add_argument("--dry-run", action="store_true", help="只校验不写入 / validate only")

    def handle(self, *args, **options):
        year: int = options["year"]
        holidays = [entry for value in options["holiday"] for entry in _parse_option(value, "holiday")]
        workdays = [entry for value in options["workday"] for entry in _parse_option(value, "workday")]
        if options["file"]:
            file_holidays, file_workdays = _read_file(options["file"])
            holidays += file_holidays
            workdays += file_workdays

        schedule = {"year": year, "holidays": holidays, "workdays": workdays, "source": options["source"]}
        try:
            calendar.validate_schedule(**schedule)
        except calendar.ScheduleError as exc:
            raise CommandError(str(exc)) from None

        for day, _name in workdays:
            if day.weekday() < 5:
                self.stderr.write(
                    self.style.WARNING(f"注意 / note: 调休上班日 {day:%Y-%m-%d} 不是周末 (not a Saturday/Sunday)")
                )
        if year in calendar.LIBRARY_YEARS:
            self.stderr.write(
                self.style.WARNING(f"注意 / note: {year}年已由 chinese_calendar 覆盖，载入后以本次安排为准")
            )
        if options["dry_run"]:
            self.stdout.write(
                f"校验通过（未写入）/ valid, not written: {len(holidays)} 放假日, {len(workdays)} 调休上班日"
            )
            return

        started = timezone.now()
        try:
            calendar.load_official_schedule(**schedule)
        except calendar.ScheduleError as exc:
            raise CommandError(str(exc)) from None
        shifts = _shifts_recorded(year, since=started)
        if shifts is not None:
            self.stdout.write(f"期限重新计算：{shifts}项期限变动（见“期限重算记录”）/ {shifts} clock deadline(s) moved")
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入{year}年节假日安排（{options['source']}）/ loaded {year}: "
                f"{len(holidays)} 放假日, {len(workdays)} 调休上班日"
            )
        )


def _shifts_recorded(year: int, *, since: dt.datetime) -> int | None:
    """How many clock shifts the load of ``year`` recorded (None when the cases app is not installed)."""
    from django.apps import apps

    if not apps.is_installed("casemgmt.cases"):
        return None
    return apps.get_model("cases", "ClockShift").objects.filter(year=year, recorded_at__gte=since).count()
