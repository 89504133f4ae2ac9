"""The small file an administrator loads a year's official schedule from (management command and admin).

One line per day or run of days: ``date,kind,name`` where ``date`` is ``YYYY-MM-DD`` or a run
``YYYY-MM-DD..YYYY-MM-DD`` (both ends included), ``kind`` is holiday/休/法定节假日 or workday/班/调休上班日, ``name``
the festival (optional). A header row (``date,…``/``日期,…``), blank lines and ``#`` comments are skipped::

    # 国办发明电〔2026〕X号
    date,kind,name
    2027-01-01,休,元旦
    2027-02-05..2027-02-11,休,春节
    2027-02-20,班,春节
"""

from __future__ import annotations

import csv
import datetime as dt
import re

from casemgmt.legalcal.calendar import ScheduleError

KINDS = {
    "holiday": "holiday",
    "休": "holiday",
    "法定节假日": "holiday",
    "workday": "workday",
    "班": "workday",
    "调休上班日": "workday",
}

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RUN_SEPARATORS = ("..", "~", "～")
#: A run longer than this is a typo, not a holiday.
MAX_RUN_DAYS = 15


def parse_date(text: str, where: str) -> dt.date:
    text = text.strip()
    try:
        if not _DATE_RE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ScheduleError(f"日期格式错误 / bad date {text!r} ({where}); expected YYYY-MM-DD") from None


def parse_days(text: str, where: str) -> list[dt.date]:
    """One date, or every date of a run ``first..last``."""
    for sep in _RUN_SEPARATORS:
        if sep in text:
            first_text, _sep, last_text = text.partition(sep)
            first, last = parse_date(first_text, where), parse_date(last_text, where)
            if last < first or (last - first).days >= MAX_RUN_DAYS:
                raise ScheduleError(f"日期区间无效 / bad run {text!r} ({where})")
            return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return [parse_date(text, where)]


def parse_schedule(text: str, where: str = "file") -> tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]]]:
    """(holidays, workdays) read from the text of a schedule file; ``ScheduleError`` names the bad line."""
    holidays: list[tuple[dt.date, str]] = []
    workdays: list[tuple[dt.date, str]] = []
    for line_no, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if cells[0].lower() in ("date", "日期"):
            continue
        at = f"{where}:{line_no}"
        if len(cells) < 2:
            raise ScheduleError(f"{at}: 需要 date,kind,name 三列 / expected date,kind,name")
        kind = KINDS.get(cells[1].lower())
        if kind is None:
            raise ScheduleError(f"{at}: 类型无效 / bad kind {cells[1]!r}; use holiday or workday")
        name = cells[2] if len(cells) > 2 else ""
        for day in parse_days(cells[0], at):
            (holidays if kind == "holiday" else workdays).append((day, name))
    return holidays, workdays
