"""Load a year's official 国务院办公厅 holiday schedule (部分节假日安排的通知).

Examples::

    manage.py load_calendar_year --year 2027 --source "国办发明电〔2026〕X号" \\
        --holiday 2027-01-01:元旦 --holiday 2027-02-05:春节 ... --workday 2027-02-13:春节
    manage.py load_calendar_year --year 2027 --source "国办发明电〔2026〕X号" --file 2027.csv

The CSV has the columns ``date,kind,name`` (kind: holiday/workday, or 休/班); a header row is optional.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casemgmt.legalcal import calendar

_KINDS = {
    "holiday": "holiday",
    "休": "holiday",
    "法定节假日": "holiday",
    "workday": "workday",
    "班": "workday",
    "调休上班日": "workday",
}


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(text: str, where: str) -> dt.date:
    text = text.strip()
    try:
        if not _DATE_RE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式错误 / bad date {text!r} ({where}); expected YYYY-MM-DD") from None


def _parse_option(value: str, option: str) -> tuple[dt.date, str]:
    date_text, _sep, name = value.partition(":")
    return _parse_date(date_text, f"--{option} {value}"), name.strip()


def _read_csv(path: Path) -> list[tuple[str, dt.date, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CommandError(f"无法读取文件 / cannot read {path}: {exc}") from None
    rows: list[tuple[str, dt.date, str]] = []
    for line_no, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line_no == 1 and cells[0].lower() in ("date", "日期"):
            continue
        if len(cells) < 2:
            raise CommandError(f"{path}:{line_no}: 需要 date,kind,name 三列 / expected date,kind,name")
        kind = _KINDS.get(cells[1].lower())
        if kind is None:
            raise CommandError(f"{path}:{line_no}: 类型无效 / bad kind {cells[1]!r}; use holiday or workday")
        day = _parse_date(cells[0], f"{path}:{line_no}")
        rows.append((kind, day, cells[2] if len(cells) > 2 else ""))
    return rows


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
        holidays = [_parse_option(value, "holiday") for value in options["holiday"]]
        workdays = [_parse_option(value, "workday") for value in options["workday"]]
        if options["file"]:
            for kind, day, name in _read_csv(options["file"]):
                (holidays if kind == "holiday" else workdays).append((day, name))

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

        try:
            calendar.load_official_schedule(**schedule)
        except calendar.ScheduleError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入{year}年节假日安排（{options['source']}）/ loaded {year}: "
                f"{len(holidays)} 放假日, {len(workdays)} 调休上班日"
            )
        )
