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
4. otherwise the year is *provisional*: its schedule is not published yet, so no single answer is right. Every
   deadline says whom it binds (:class:`Binds`). A period that limits the party (陈述申辩, 听证申请, 缴纳罚款,
   复议/诉讼) — or makes the agency wait for the party — ends on the LATEST date any plausible schedule could
   give; a period that binds the agency (作出决定, 送达, 公示, 结案…) ends on the EARLIEST. Such deadlines are
   flagged ``provisional`` (暂定) and an agency deadline also carries its latest plausible end, so a rule refuses
   an agency act only when it is late under every plausible schedule (before that, the overrun is a warning).

Plausible schedules (:data:`FESTIVAL_WINDOWS`): the 国务院办公厅 fixes each year's schedule from the statutory
days of 《全国年节及纪念日放假办法》 (in force that year) by joining them with the adjacent weekend, bridging
weekdays ("拼假") and paying them back with weekend make-up workdays (调休上班日) near the festival. A plausible
schedule is any schedule in which (a) every statutory day is a rest day, (b) a weekday other than a statutory day
is a rest day only within the festival's rest window, and (c) a weekend day is a make-up workday only within the
festival's make-up window (windows are day offsets from the festival's date: 元旦 1月1日, 春节 正月初一, 清明,
劳动节 5月1日, 端午 五月初五, 中秋 八月十五, 国庆 10月1日). Each window is the envelope of every schedule the
国务院办公厅 published 2008–2026 (``chinese_calendar`` data) widened by one day on each side; the single
extraordinary decision outside it (2015-09-03/04, 抗战胜利70周年) is not a pattern. The latest end is then
computed on the calendar with the most rest days (every window weekday rests, no make-up day works) and the
earliest on the one with the fewest (only statutory days and weekends outside the make-up windows rest): counting
n working days or rolling to the next working day can only move later when rest days are added, so these two
calendars bound the deadline of every plausible schedule. ``tests/legalcal/test_plausible.py`` replays
2020–2026 as if unpublished and checks both bounds for every start date and period.

The year tables are cached per process (``functools.lru_cache``). The cache key includes a fingerprint
of the two tables, so a change made by another process is picked up too; writes in this process call
``clear_cache()`` explicitly (model ``save``/``delete``, admin bulk delete, ``load_official_schedule``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
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

#: Callbacks run after a schedule load commits, with the year.
on_schedule_loaded: list[Callable[[int], None]] = []

#: Called with the year inside the load transaction, BEFORE the schedule is written (e.g. snapshot the open
#: clocks); each may return a callback that runs with the year after the load commits (e.g. record what moved).
before_schedule_load: list[Callable[[int], Callable[[int], None] | None]] = []


class ScheduleError(ValueError):
    """An official schedule that cannot be loaded (bad date, date outside the year, duplicate)."""


class Binds(StrEnum):
    """Whom a period binds, which decides its end on a provisional year."""

    #: The period limits the party (陈述申辩, 听证申请, 缴纳罚款, 复议/诉讼) or makes the agency wait for the
    #: party (听证通知, 催告): it ends on the latest date any plausible schedule could give.
    PARTY = "party"
    #: The period limits the agency (作出决定, 送达, 公示, 结案, 先行登记保存处理): it ends on the earliest date.
    AGENCY = "agency"

    @property
    def label(self) -> str:
        return "约束当事人" if self is Binds.PARTY else "约束行政机关"


#: Which calendar of a provisional year a lookup reads.
_LATEST = "latest"  # the most rest days: every plausible holiday rests, no make-up workday works
_EARLIEST = "earliest"  # the fewest rest days: only statutory days and weekends outside the make-up windows


@dataclass(frozen=True)
class Deadline:
    """The last day of a statutory period.

    ``date`` is the end that binds: for a party period the latest plausible end, for an agency period the
    earliest. ``provisional`` when a day of an unpublished year was used (暂定). ``latest`` is set on a
    provisional agency deadline: the latest plausible end, after which the agency is late whatever the schedule.
    """

    date: dt.date
    provisional: bool = False
    binds: Binds = Binds.PARTY
    latest: dt.date | None = None

    def __str__(self) -> str:
        text = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"{text}（暂定）" if self.provisional else text

    @property
    def last_possible(self) -> dt.date:
        """The latest end under any plausible schedule (``date`` unless a provisional agency deadline)."""
        return self.latest or self.date

    def certainly_passed(self, on: dt.date) -> bool:
        """Whether ``on`` is after the period under every plausible schedule: what a rule may refuse on. An agency
        act after ``date`` but not after ``last_possible`` is only a warning (shown by the clocks)."""
        return on > self.last_possible

    @property
    def at_latest(self) -> Deadline:
        """This deadline at its latest plausible end: what a refusal of a late agency act names."""
        return Deadline(self.last_possible, self.provisional, self.binds)

    def replace(self, date: dt.date) -> Deadline:
        """The same kind of deadline moved to ``date`` (an approved deferment, a date set by discussion)."""
        return Deadline(date, self.provisional, self.binds, None if self.latest is None else max(self.latest, date))


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


# --- statutory holidays and plausible schedules ------------------------------------------------------------


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


def festival_dates(year: int) -> dict[str, dt.date]:
    """The date each festival of ``year`` is reckoned from (lunar dates via lunardate, 1900–2099)."""
    try:
        lunar = {
            "春节": LunarDate(year, 1, 1).to_solar_date(),
            "端午节": LunarDate(year, 5, 5).to_solar_date(),
            "中秋节": LunarDate(year, 8, 15).to_solar_date(),
        }
    except ValueError as exc:
        raise ValueError(f"无法推算{year}年农历节日 / no lunar data for {year}: {exc}") from exc
    return {
        "元旦": dt.date(year, 1, 1),
        "春节": lunar["春节"],
        "清明节": qingming_date(year),
        "劳动节": dt.date(year, 5, 1),
        "端午节": lunar["端午节"],
        "中秋节": lunar["中秋节"],
        "国庆节": dt.date(year, 10, 1),
    }


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The statutory days (全体公民放假的节日) of 《全国年节及纪念日放假办法》 as in force in ``year``.

    2025 起 (2024 修订): 元旦 1 day; 春节 4 days (除夕 + 初一至初三); 清明 1; 劳动节 2 (5月1日、2日); 端午 1;
    中秋 1; 国庆 3. 2014–2024 (2013 修订): 春节 初一至初三, 劳动节 1 day. Before 2014 (2007 修订): 春节 除夕至初二.
    """
    dates = festival_dates(year)
    new_year = dates["春节"]
    if year >= 2025:
        spring = range(-1, 3)
    elif year >= 2014:
        spring = range(0, 3)
    else:
        spring = range(-1, 2)
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    for offset in spring:
        days[new_year + dt.timedelta(days=offset)] = "春节"
    days[dates["清明节"]] = "清明节"
    days[dt.date(year, 5, 1)] = "劳动节"
    if year >= 2025:
        days[dt.date(year, 5, 2)] = "劳动节"
    days[dates["端午节"]] = "端午节"
    days[dates["中秋节"]] = "中秋节"
    for day in (1, 2, 3):
        days.setdefault(dt.date(year, 10, day), "国庆节")  # 中秋 may coincide (e.g. 2028-10-03)
    return days


@dataclass(frozen=True)
class FestivalWindow:
    """Where a festival's schedule may put rest weekdays and make-up weekend workdays (offsets in days from the
    festival's date, both ends included)."""

    rest: tuple[int, int]
    makeup: tuple[int, int]


#: Envelope of every official schedule 2008–2026 (chinese_calendar data), widened by one day on each side.
#: Observed rest-weekday / make-up offsets: 元旦 -1..2 / -3..5; 春节 -1..6 / -6..11; 清明 -2..2 / -4..3;
#: 劳动节 -2..4 / -8..10; 端午 -2..2 / -4..3; 中秋 -1..2 / -3..3; 国庆 -2..7 / -11..11.
FESTIVAL_WINDOWS: dict[str, FestivalWindow] = {
    "元旦": FestivalWindow(rest=(-2, 3), makeup=(-4, 6)),
    "春节": FestivalWindow(rest=(-2, 7), makeup=(-7, 12)),
    "清明节": FestivalWindow(rest=(-3, 3), makeup=(-5, 4)),
    "劳动节": FestivalWindow(rest=(-3, 5), makeup=(-9, 11)),
    "端午节": FestivalWindow(rest=(-3, 3), makeup=(-5, 4)),
    "中秋节": FestivalWindow(rest=(-2, 3), makeup=(-4, 4)),
    "国庆节": FestivalWindow(rest=(-3, 8), makeup=(-12, 12)),
}


def _window_days(year: int, which: str) -> set[dt.date]:
    """Days of ``year`` inside some festival's ``rest``/``makeup`` window (next year's 元旦 reaches December)."""
    anchors = list(festival_dates(year).items()) + [("元旦", dt.date(year + 1, 1, 1))]
    days: set[dt.date] = set()
    for name, anchor in anchors:
        lo, hi = getattr(FESTIVAL_WINDOWS[name], which)
        for offset in range(lo, hi + 1):
            day = anchor + dt.timedelta(days=offset)
            if day.year == year:
                days.add(day)
    return days


def plausible_rest_days(year: int) -> set[dt.date]:
    """Every day of ``year`` that some plausible schedule makes a rest day (weekends included)."""
    first = dt.date(year, 1, 1)
    weekends = {first + dt.timedelta(days=i) for i in range(366) if (first + dt.timedelta(days=i)).weekday() >= 5}
    return {d for d in weekends | _window_days(year, "rest") | set(statutory_holidays(year)) if d.year == year}


def plausible_makeup_days(year: int) -> set[dt.date]:
    """Every weekend day of ``year`` that some plausible schedule makes a 调休上班日 (never a statutory day)."""
    statutory = statutory_holidays(year)
    return {d for d in _window_days(year, "makeup") if d.weekday() >= 5 and d not in statutory}


def provisional_working(year: int, bound: str) -> tuple[bool, ...]:
    """Working days of ``year`` on its latest (``_LATEST``: most rest) or earliest (``_EARLIEST``) calendar."""
    first = dt.date(year, 1, 1)
    count = (dt.date(year, 12, 31) - first).days + 1
    days = [first + dt.timedelta(days=i) for i in range(count)]
    if bound == _LATEST:
        rest = plausible_rest_days(year)
        return tuple(d not in rest for d in days)
    statutory = statutory_holidays(year)
    makeup = plausible_makeup_days(year)
    return tuple(d not in statutory and (d.weekday() < 5 or d in makeup) for d in days)


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


#: Years treated as unpublished whatever the tables and the library say (see :func:`treat_as_unpublished`).
_unpublished: frozenset[int] = frozenset()


@contextlib.contextmanager
def treat_as_unpublished(*years: int) -> Iterator[None]:
    """Compute as if the official schedule of ``years`` were not published (replays, "what if" checks)."""
    global _unpublished
    previous = _unpublished
    _unpublished = previous | frozenset(years)
    try:
        yield
    finally:
        _unpublished = previous


@functools.lru_cache(maxsize=256)
def _year_table(year: int, fingerprint: tuple, bound: str, unpublished: frozenset[int]) -> _YearTable:
    from casemgmt.legalcal.models import CalendarDay, CalendarYear, DayKind

    first = dt.date(year, 1, 1)
    count = (dt.date(year, 12, 31) - first).days + 1
    if year in unpublished:
        working = provisional_working(year, bound)
        return _YearTable(year=year, source=SOURCE_PROVISIONAL, first_ordinal=first.toordinal(), working=working)

    overrides = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
    if CalendarYear.objects.filter(year=year).exists():
        source = SOURCE_ADMIN
        base = [(first + dt.timedelta(days=i)).weekday() < 5 for i in range(count)]
    elif year in LIBRARY_YEARS:
        source = SOURCE_LIBRARY
        base = [chinese_calendar.is_workday(first + dt.timedelta(days=i)) for i in range(count)]
    else:
        source = SOURCE_PROVISIONAL
        base = list(provisional_working(year, bound))

    working = []
    for i in range(count):
        d = first + dt.timedelta(days=i)
        working.append(overrides[d] == DayKind.WORKDAY if d in overrides else base[i])
    return _YearTable(year=year, source=source, first_ordinal=first.toordinal(), working=tuple(working))


class _Lookup:
    """One consistent view of the calendar for a single public call; records provisional days seen.

    ``bound`` picks which calendar a provisional year uses: ``_LATEST`` (most rest days) or ``_EARLIEST``.
    """

    def __init__(self, bound: str = _LATEST) -> None:
        self.fingerprint = _fingerprint()
        self.bound = bound
        self.unpublished = _unpublished
        self.provisional = False

    def table(self, year: int) -> _YearTable:
        return _year_table(year, self.fingerprint, self.bound, self.unpublished)

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


def _bound_of(binds: Binds) -> str:
    return _EARLIEST if Binds(binds) is Binds.AGENCY else _LATEST


def _deadline(compute: Callable[[_Lookup], dt.date], binds: Binds) -> Deadline:
    """Compute a period's end on the calendar its binding calls for; a provisional agency deadline also gets its
    latest plausible end."""
    binds = Binds(binds)
    lookup = _Lookup(_bound_of(binds))
    end = compute(lookup)
    if binds is Binds.PARTY or not lookup.provisional:
        return Deadline(end, lookup.provisional, binds)
    latest = compute(_Lookup(_LATEST))
    return Deadline(end, True, binds, latest if latest != end else None)


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


def is_working_day(d: dt.date, *, binds: Binds = Binds.PARTY) -> bool:
    """Whether ``d`` is a working day (not a 法定节假日 or 休息日); on a provisional year, as a period that binds
    ``binds`` counts it (for the party a possible holiday is a rest day, for the agency a working day)."""
    return _Lookup(_bound_of(binds)).is_working(_as_date(d))


def is_provisional(d: dt.date) -> bool:
    """True when neither chinese_calendar nor an administrator's CalendarYear covers ``d``'s year."""
    return _Lookup().table(_as_date(d).year).provisional


def calendar_source(d: dt.date) -> str:
    """Which rule set decides ``d``'s year: ``admin``, ``chinese_calendar`` or ``provisional``."""
    return _Lookup().table(_as_date(d).year).source


def next_working_day(d: dt.date, *, binds: Binds = Binds.PARTY) -> dt.date:
    """First working day strictly after ``d``."""
    return _Lookup(_bound_of(binds)).next_working(_as_date(d))


def add_working_days(start: dt.date, n: int, *, binds: Binds = Binds.PARTY) -> Deadline:
    """The n-th working day after ``start`` (start day not counted).

    依据《行政处罚法》第八十五条 and 《市场监督管理行政处罚程序规定》第八十条.
    """
    _check_count(n, 1)
    start = _as_date(start)

    def compute(lookup: _Lookup) -> dt.date:
        d = start
        for _ in range(n):
            d = lookup.next_working(d)
        return d

    return _deadline(compute, binds)


def add_calendar_days(start: dt.date, n: int, *, roll_forward: bool = True, binds: Binds = Binds.PARTY) -> Deadline:
    """``start`` + n calendar days; a last day on a holiday/rest day moves to the next working day.

    依据《市场监督管理行政处罚程序规定》第八十条.
    """
    _check_count(n, 0)
    end = _as_date(start) + dt.timedelta(days=n)
    return _deadline(lambda lookup: lookup.roll(end) if roll_forward else end, binds)


def add_statutory_days(start: dt.date, n: int, *, binds: Binds = Binds.PARTY) -> Deadline:
    """A period of n 日: working days for 二日/三日/五日/七日, calendar days otherwise (依据《行政处罚法》第八十五条)."""
    if n in WORKING_DAY_PERIODS:
        return add_working_days(start, n, binds=binds)
    return add_calendar_days(start, n, binds=binds)


def _add_months_raw(d: dt.date, n: int) -> dt.date:
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    next_month_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last_day))


def add_months(start: dt.date, n: int, *, roll_forward: bool = True, binds: Binds = Binds.PARTY) -> Deadline:
    """The corresponding day n months after ``start``, or that month's last day (Aug 31 + 6 → Feb 28/29).

    依据《民法典》第二百零二条 and 《市场监督管理行政处罚程序规定》第八十条 (roll to next working day).
    """
    _check_count(n, 0)
    end = _add_months_raw(_as_date(start), n)
    return _deadline(lambda lookup: lookup.roll(end) if roll_forward else end, binds)


def working_days_between(start: dt.date, end: dt.date, *, binds: Binds = Binds.PARTY) -> int:
    """Number of working days in (start, end]: start excluded, end included; 0 if end <= start."""
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    lookup = _Lookup(_bound_of(binds))
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
        after_load = [after for before in list(before_schedule_load) if (after := before(year)) is not None]
        CalendarDay.objects.filter(date__year=year).delete()
        for kind, entries in ((DayKind.HOLIDAY, holidays), (DayKind.WORKDAY, workdays)):
            for day, name in sorted(entries):
                CalendarDay.objects.create(date=day, kind=kind, name=name.strip())
        calendar_year, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source.strip(), "loaded_at": timezone.now()}
        )
        clear_cache()
        for callback in [*on_schedule_loaded, *after_load]:
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
