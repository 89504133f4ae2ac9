"""Legal-deadline calendar for every statutory clock of a case.

Rules applied:

* 依据《行政处罚法》第八十五条: "二日""三日""五日""七日" are working days (法定节假日 excluded);
  other periods in days are calendar days.
* 依据《市场监督管理行政处罚程序规定》第八十条: the starting day is not counted; when the last day of a
  period falls on a 法定节假日/休息日 the period ends on the next working day.
* Periods in months (e.g. the six-month 诉讼 period) end on the corresponding day of the final month, or
  on its last day when it has none (《民法典》第二百零二条).

Whether a day is a working day is resolved, per date, in this order:

1. a ``CalendarDay`` row for that date (administrator-loaded official schedule or correction);
2. if the year has a ``CalendarYear`` row: Saturday/Sunday rest, other days work;
3. ``chinese_calendar`` when it ships that year's official schedule;
4. otherwise the *provisional* rule: weekends plus the statutory holidays of 国务院《全国年节及纪念日放假办法》
   (2024 修订), without 调休. Deadlines that examined such a day are flagged ``provisional``.

The year tables are cached per process (``functools.lru_cache``). The cache key includes a fingerprint
of the two tables, so a change made by another process is picked up too; writes in this process call
``clear_cache()`` explicitly (model ``save``/``delete``, admin bulk delete, ``load_official_schedule``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import chinese_calendar
from chinese_calendar.constants import holidays as _library_holidays
from django.db import connection, transaction
from django.utils import timezone
from lunardate import LunarDate

if TYPE_CHECKING:
    from casemgmt.legalcal.models import CalendarYear

logger = logging.getLogger(__name__)

#: Periods that count working days, 依据《行政处罚法》第八十五条.
WORKING_DAY_PERIODS = frozenset({2, 3, 5, 7})

#: Years whose official schedule ships with ``chinese_calendar``.
LIBRARY_YEARS = range(min(_library_holidays).year, max(_library_holidays).year + 1)

#: How long (seconds) a process trusts the table fingerprint outside a transaction before re-reading it.
FINGERPRINT_TTL_SECONDS = 5.0

#: Longest run of consecutive non-working days tolerated before a schedule is considered broken.
_MAX_REST_RUN = 60

SOURCE_ADMIN = "admin"
SOURCE_LIBRARY = "chinese_calendar"
SOURCE_PROVISIONAL = "provisional"

#: Callbacks run after a schedule load commits, with the year (e.g. "recompute open clocks").
on_schedule_loaded: list[Callable[[int], None]] = []


class ScheduleError(ValueError):
    """An official schedule that cannot be loaded (bad date, date outside the year, duplicate)."""


@dataclass(frozen=True)
class Deadline:
    """The last day of a statutory period; ``provisional`` when an unofficial (estimated) day was used."""

    date: dt.date
    provisional: bool = False

    def __str__(self) -> str:
        text = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"{text}（暂定）" if self.provisional else text


@dataclass(frozen=True)
class _YearTable:
    year: int
    source: str
    first_ordinal: int
    working: tuple[bool, ...]

    @property
    def provisional(self) -> bool:
        return self.source == SOURCE_PROVISIONAL

    def is_working(self, d: dt.date) -> bool:
        return self.working[d.toordinal() - self.first_ordinal]


# --- statutory holidays used by the provisional rule -------------------------------------------------


def qingming_date(year: int) -> dt.date:
    """清明 solar term: chinese_calendar's table (1900–2100), else the 寿星 formula [Y*D+C]-L."""
    try:
        terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30))
    except NotImplementedError:
        terms = []
    for day, name in terms:
        if name == "清明":
            return day
    y = year % 100
    c = 4.81 if year >= 2000 else 5.59
    return dt.date(year, 4, int(y * 0.2422 + c) - y // 4)


def provisional_holidays(year: int) -> dict[dt.date, str]:
    """Statutory holidays of 《全国年节及纪念日放假办法》(2024 修订) for ``year``, without 调休.

    元旦 1 day; 春节 4 days (除夕 + 初一至初三); 清明 1 day; 劳动节 2 days; 端午 1 day; 中秋 1 day;
    国庆 3 days. Lunar dates via lunardate (1900–2099).
    """
    try:
        new_year = LunarDate(year, 1, 1).to_solar_date()
        dragon_boat = LunarDate(year, 5, 5).to_solar_date()
        mid_autumn = LunarDate(year, 8, 15).to_solar_date()
    except ValueError as exc:
        raise ValueError(f"无法推算{year}年农历节日 / no lunar data for {year}: {exc}") from exc
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    for offset in range(-1, 3):  # 除夕 .. 正月初三
        days[new_year + dt.timedelta(days=offset)] = "春节"
    days[qingming_date(year)] = "清明节"
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = "劳动节"
    days[dragon_boat] = "端午节"
    days[mid_autumn] = "中秋节"
    for day in (1, 2, 3):
        days.setdefault(dt.date(year, 10, day), "国庆节")  # 中秋 may coincide (e.g. 2028-10-03)
    return days


# --- cache ---------------------------------------------------------------------------------------------

_fingerprint_lock = threading.Lock()
_fingerprint_memo: tuple[float, tuple] | None = None


def clear_cache() -> None:
    """Forget every cached year table; call after writing CalendarDay/CalendarYear rows."""
    global _fingerprint_memo
    with _fingerprint_lock:
        _fingerprint_memo = None
    _year_table.cache_clear()


def clear_cache_now_and_after_commit() -> None:
    """For writers: clear now (this transaction sees its change) and after commit (nobody keeps a table built
    from uncommitted rows)."""
    clear_cache()
    if connection.in_atomic_block:
        transaction.on_commit(clear_cache)


def _read_fingerprint() -> tuple:
    from django.db.models import Count, Max

    from casemgmt.legalcal.models import CalendarDay, CalendarYear

    days = CalendarDay.objects.aggregate(n=Count("pk"), m=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("pk"), m=Max("updated_at"))
    return (days["n"], days["m"], years["n"], years["m"])


def _fingerprint() -> tuple:
    """Cheap summary of both tables, memoised for a few seconds so that clocks cost no queries.

    Writers call :func:`clear_cache` on save and again after commit, so this process sees a change at once and
    other processes within ``FINGERPRINT_TTL_SECONDS``.
    """
    global _fingerprint_memo
    now = time.monotonic()
    memo = _fingerprint_memo
    if memo is not None and now - memo[0] < FINGERPRINT_TTL_SECONDS:
        return memo[1]
    fingerprint = _read_fingerprint()
    with _fingerprint_lock:
        _fingerprint_memo = (now, fingerprint)
    return fingerprint


@functools.lru_cache(maxsize=128)
def _year_table(year: int, fingerprint: tuple) -> _YearTable:
    from casemgmt.legalcal.models import CalendarDay, CalendarYear, DayKind

    overrides = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
    if CalendarYear.objects.filter(year=year).exists():
        source = SOURCE_ADMIN

        def base(d: dt.date) -> bool:
            return d.weekday() < 5

    elif year in LIBRARY_YEARS:
        source = SOURCE_LIBRARY
        base = chinese_calendar.is_workday
    else:
        source = SOURCE_PROVISIONAL
        rest = provisional_holidays(year)

        def base(d: dt.date) -> bool:
            return d.weekday() < 5 and d not in rest

    first = dt.date(year, 1, 1)
    count = (dt.date(year, 12, 31) - first).days + 1
    working = []
    for i in range(count):
        d = first + dt.timedelta(days=i)
        working.append(overrides[d] == DayKind.WORKDAY if d in overrides else base(d))
    return _YearTable(year=year, source=source, first_ordinal=first.toordinal(), working=tuple(working))


class _Lookup:
    """One consistent view of the calendar for a single public call; records provisional days seen."""

    def __init__(self) -> None:
        self.fingerprint = _fingerprint()
        self.provisional = False

    def table(self, year: int) -> _YearTable:
        return _year_table(year, self.fingerprint)

    def is_working(self, d: dt.date) -> bool:
        table = self.table(d.year)
        if table.provisional:
            self.provisional = True
        return table.is_working(d)

    def next_working(self, d: dt.date) -> dt.date:
        for _ in range(_MAX_REST_RUN):
            d += dt.timedelta(days=1)
            if self.is_working(d):
                return d
        raise RuntimeError(f"{d}前连续{_MAX_REST_RUN}日无工作日，请检查节假日安排 / schedule looks broken")

    def roll(self, d: dt.date) -> dt.date:
        return d if self.is_working(d) else self.next_working(d)


def _as_date(value: dt.date) -> dt.date:
    """Accept a date or datetime (aware datetimes are read in TIME_ZONE, Asia/Shanghai)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def _check_count(n: int, minimum: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < minimum:
        raise ValueError(f"期间天数/月数必须为不小于{minimum}的整数 / n must be an int >= {minimum}, got {n!r}")


# --- public API ----------------------------------------------------------------------------------------


def is_working_day(d: dt.date) -> bool:
    """Whether ``d`` is a working day (not a 法定节假日 or 休息日)."""
    return _Lookup().is_working(_as_date(d))


def is_provisional(d: dt.date) -> bool:
    """True when neither chinese_calendar nor an administrator's CalendarYear covers ``d``'s year."""
    return _Lookup().table(_as_date(d).year).provisional


def calendar_source(d: dt.date) -> str:
    """Which rule set decides ``d``'s year: ``admin``, ``chinese_calendar`` or ``provisional``."""
    return _Lookup().table(_as_date(d).year).source


def next_working_day(d: dt.date) -> dt.date:
    """First working day strictly after ``d``."""
    return _Lookup().next_working(_as_date(d))


def add_working_days(start: dt.date, n: int) -> Deadline:
    """The n-th working day after ``start`` (start day not counted).

    依据《行政处罚法》第八十五条 and 《市场监督管理行政处罚程序规定》第八十条.
    """
    _check_count(n, 1)
    lookup = _Lookup()
    d = _as_date(start)
    for _ in range(n):
        d = lookup.next_working(d)
    return Deadline(d, lookup.provisional)


def add_calendar_days(start: dt.date, n: int, *, roll_forward: bool = True) -> Deadline:
    """``start`` + n calendar days; a last day on a holiday/rest day moves to the next working day.

    依据《市场监督管理行政处罚程序规定》第八十条.
    """
    _check_count(n, 0)
    lookup = _Lookup()
    end = _as_date(start) + dt.timedelta(days=n)
    if roll_forward:
        end = lookup.roll(end)
    return Deadline(end, lookup.provisional)


def add_statutory_days(start: dt.date, n: int) -> Deadline:
    """A period of n 日: working days for 二日/三日/五日/七日, calendar days otherwise (依据《行政处罚法》第八十五条)."""
    if n in WORKING_DAY_PERIODS:
        return add_working_days(start, n)
    return add_calendar_days(start, n)


def _add_months_raw(d: dt.date, n: int) -> dt.date:
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    next_month_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last_day))


def add_months(start: dt.date, n: int, *, roll_forward: bool = True) -> Deadline:
    """The corresponding day n months after ``start``, or that month's last day (Aug 31 + 6 → Feb 28/29).

    依据《民法典》第二百零二条 and 《市场监督管理行政处罚程序规定》第八十条 (roll to next working day).
    """
    _check_count(n, 0)
    lookup = _Lookup()
    end = _add_months_raw(_as_date(start), n)
    if roll_forward:
        end = lookup.roll(end)
    return Deadline(end, lookup.provisional)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Number of working days in (start, end]: start excluded, end included; 0 if end <= start."""
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    lookup = _Lookup()
    count = 0
    d = start
    while d < end:
        d += dt.timedelta(days=1)
        count += lookup.is_working(d)
    return count


def provisional_years(dates: Iterable[dt.date]) -> set[int]:
    """The years among ``dates`` whose working days are still provisional."""
    return set(uncovered_years_in_use(_as_date(d).year for d in dates))


def uncovered_years_in_use(years: Iterable[int]) -> list[int]:
    """Which of ``years`` still need the official 国务院办公厅 schedule loaded (sorted, unique)."""
    lookup = _Lookup()
    return [year for year in sorted(set(years)) if lookup.table(year).provisional]


def load_official_schedule(
    *,
    year: int,
    holidays: list[tuple[dt.date, str]],
    workdays: list[tuple[dt.date, str]],
    source: str,
) -> CalendarYear:
    """Replace ``year``'s CalendarDay rows with the official schedule and mark the year as loaded.

    Callbacks in ``on_schedule_loaded`` run with the year after the transaction commits.
    Raises ``ScheduleError`` (nothing written) on a date outside the year or a duplicate date.
    """
    from casemgmt.legalcal.models import CalendarDay, CalendarYear, DayKind

    validate_schedule(year=year, holidays=holidays, workdays=workdays, source=source)
    with transaction.atomic():
        CalendarDay.objects.filter(date__year=year).delete()
        for kind, entries in ((DayKind.HOLIDAY, holidays), (DayKind.WORKDAY, workdays)):
            for day, name in sorted(entries):
                CalendarDay.objects.create(date=day, kind=kind, name=name.strip())
        calendar_year, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source.strip(), "loaded_at": timezone.now()}
        )
        clear_cache()
        for callback in list(on_schedule_loaded):
            transaction.on_commit(functools.partial(callback, year), robust=True)
    clear_cache()
    logger.info("Loaded official holiday schedule for %s (%s)", year, source)
    return calendar_year


def validate_schedule(
    *,
    year: int,
    holidays: list[tuple[dt.date, str]],
    workdays: list[tuple[dt.date, str]],
    source: str,
) -> None:
    """Check a schedule before loading it; raises ``ScheduleError`` listing every problem found."""
    errors: list[str] = []
    if not isinstance(year, int) or not 1900 <= year <= 2099:
        errors.append(f"年度无效 / invalid year: {year!r}")
    if not source or not source.strip():
        errors.append("必须注明依据文件 / source is required (e.g. 国办发明电〔2026〕X号)")
    if not holidays:
        errors.append("至少需要一个法定节假日 / at least one holiday is required")
    seen: set[dt.date] = set()
    for kind, entries in (("holiday", holidays), ("workday", workdays)):
        for day, _name in entries:
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                errors.append(f"日期无效 / invalid date: {day!r}")
                continue
            if day.year != year:
                errors.append(f"日期不在{year}年内 / date outside year {year}: {day:%Y-%m-%d} ({kind})")
            if day in seen:
                errors.append(f"日期重复 / duplicate date: {day:%Y-%m-%d}")
            seen.add(day)
    if errors:
        raise ScheduleError("; ".join(errors))
