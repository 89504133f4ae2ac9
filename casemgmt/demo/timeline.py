"""Working-day arithmetic for planning demo cases: every act falls on a working day before today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemgmt.legalcal.calendar import add_months, is_working_day, next_working_day


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
