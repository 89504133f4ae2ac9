"""Working-day arithmetic for planning demo cases: every act falls on a working day before today; and the clock
that gives each act of a case its time on that day."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from casemgmt.legalcal.calendar import add_months, is_working_day, next_working_day

OFFICE_OPENS = dt.time(8, 30)  # the first act of a day is recorded in the first half hour after the office opens


class Infeasible(Exception):
    """A scenario cannot be placed between the window start and today (e.g. a very short window)."""


@dataclass(frozen=True)
class Step:
    action: str
    on: dt.date


class Days:
    def __init__(self, *, today: dt.date, window_start: dt.date):
        self.today = today
        self.window_start = self.roll(window_start)

    @staticmethod
    def roll(d: dt.date) -> dt.date:
        return d if is_working_day(d) else next_working_day(d)

    @staticmethod
    def roll_back(d: dt.date) -> dt.date:
        while not is_working_day(d):
            d -= dt.timedelta(days=1)
        return d

    def add(self, d: dt.date, n: int) -> dt.date:
        d = self.roll(d)
        for _ in range(n):
            d = next_working_day(d)
        return d

    def back(self, d: dt.date, n: int) -> dt.date:
        d = self.roll_back(d)
        for _ in range(n):
            d = self.roll_back(d - dt.timedelta(days=1))
        return d

    def ago(self, n: int) -> dt.date:
        """The working day ``n`` working days before today (0: today, or the last working day)."""
        return self.back(self.today, n)

    @staticmethod
    def months_before(d: dt.date, n: int) -> dt.date:
        """The same day ``n`` months earlier (or that month's last day)."""
        month_index = d.year * 12 + (d.month - 1) - n
        year, month = divmod(month_index, 12)
        for day in (d.day, 30, 29, 28):
            try:
                return dt.date(year, month + 1, day)
            except ValueError:
                continue
        raise ValueError(d)

    @staticmethod
    def months_after(d: dt.date, n: int) -> dt.date:
        return add_months(d, n).date

    def chain(self, start: dt.date, gaps: list[tuple[str, int]]) -> list[Step]:
        """Steps one after another: each ``gap`` working days after the previous one (the first after ``start``)."""
        d = self.roll(start)
        steps = []
        for action, gap in gaps:
            d = self.add(d, gap)
            steps.append(Step(action, d))
        return steps

    def ending(self, end: dt.date, gaps: list[tuple[str, int]]) -> list[Step]:
        """The chain whose last step falls on ``end`` (or the nearest working day before it)."""
        total = sum(gap for _, gap in gaps)
        start = self.back(end, total)
        if start < self.window_start:
            raise Infeasible(f"{gaps[-1][0]} on {end} would start before {self.window_start}")
        return self.chain(start, gaps)

    def ending_between(self, rng, lo: dt.date, hi: dt.date, gaps: list[tuple[str, int]]) -> list[Step]:
        """The chain ending on a random working day in [lo, hi], moved later if it would start too early."""
        total = sum(gap for _, gap in gaps)
        lo = max(self.roll(lo), self.add(self.window_start, total))
        hi = self.roll_back(hi)
        if lo > hi:
            raise Infeasible(f"no room for {total} working days before {hi}")
        end = self.roll_back(lo + dt.timedelta(days=rng.randint(0, (hi - lo).days)))
        return self.ending(max(end, lo), gaps)


def local_time(day: dt.date, time: dt.time) -> dt.datetime:
    """``time`` on ``day`` in the project's time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime.combine(day, time))


class ActClock:
    """The times one case's acts are recorded at (its events, history rows, issue times): each on the legal date
    of its act, in office hours, a few minutes after the case's previous act, so a case's log reads forward and
    never runs backwards. An act of today that office hours would put later than now is recorded now."""

    def __init__(self, rng: random.Random, *, last: dt.datetime | None = None):
        self.rng = rng
        self.last = last

    def tick(self, day: dt.date, *, not_before: dt.datetime | None = None) -> dt.datetime:
        at = local_time(day, OFFICE_OPENS) + dt.timedelta(minutes=self.rng.randint(0, 30))
        if not_before is not None:
            at = max(at, not_before)
        if self.last is not None:
            at = max(at, self.last + dt.timedelta(minutes=self.rng.randint(3, 12), seconds=self.rng.randint(0, 59)))
        at = min(at, timezone.now())  # later than every earlier tick: time has passed since (or stands, in tests)
        self.last = at
        return at
