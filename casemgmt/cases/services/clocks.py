"""Services around the legal clocks: the periodic sweep and recomputation after a calendar is loaded."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.clocks import Clock, ClockStatus, case_clocks
from casemgmt.cases.rulebook import load_facts

from .base import lock_case, record_event
from .investigation import measures_lapse


@dataclass(frozen=True)
class DueItem:
    case: m.Case
    clock: Clock


def system_actor():
    """The account that signs automatic events (lapses, recomputation)."""
    user, _ = get_user_model().objects.get_or_create(username="system", defaults={"is_active": False})
    return user


def clocks_sweep(
    *, today: dt.date | None = None, within_working_days: int = 3
) -> tuple[list[m.Measure], list[DueItem]]:
    """Mark lapsed 先行登记保存 as released (SAMR Art. 35) and list every open clock that is red or due soon."""
    today = today or timezone.localdate()
    lapsed = measures_lapse(today=today, actor=system_actor())
    due: list[DueItem] = []
    open_cases = m.Case.objects.filter(status__in=m.OPEN_STATUSES).select_related(
        "enforcement_subject", "handling_unit"
    )
    for case in open_cases.iterator(chunk_size=500):
        for clock in case_clocks(load_facts(case, today=today)):
            overdue = clock.status == ClockStatus.RED and clock.done_on is None
            running = clock.status in (ClockStatus.YELLOW, ClockStatus.GREEN)
            if overdue or (running and (clock.remaining_working_days or 0) <= within_working_days):
                due.append(DueItem(case, clock))
    return lapsed, due


def snapshot_open_clocks(year: int) -> Callable[[int], None]:
    """Before ``year``'s official schedule is written: remember every provisional clock still running on an open
    case. Returns the callback that, after the load commits, recomputes them and records what moved."""
    before: dict[tuple[int, str], Clock] = {}
    for case in m.Case.objects.filter(status__in=m.OPEN_STATUSES).iterator(chunk_size=500):
        for clock in case_clocks(load_facts(case)):
            if clock.done_on is None and clock.provisional:
                before[(case.pk, clock.code)] = clock
    return functools.partial(record_clock_shifts, before=before)


def record_clock_shifts(year: int, *, before: dict[tuple[int, str], Clock]) -> list[m.ClockShift]:
    """After ``year``'s official schedule is loaded, every open clock is recomputed (clocks are computed from the
    calendar on each read); each clock whose deadline (or its 暂定 mark) changed gets a ``ClockShift`` row with
    the old and new deadline, and its case an event saying so, for the audit trail."""
    from casemgmt.legalcal.models import CalendarYear

    loaded = CalendarYear.objects.filter(year=year).first()
    source = loaded.source if loaded else ""
    actor = system_actor()
    shifts: list[m.ClockShift] = []
    for case_id in sorted({case_id for case_id, _code in before}):
        with transaction.atomic():
            case = lock_case(case_id)
            now = {c.code: c for c in case_clocks(load_facts(case))}
            moved = []
            for (key_case, code), old in before.items():
                new = now.get(code)
                if key_case != case_id or new is None:
                    continue
                if (old.deadline.date, old.provisional) == (new.deadline.date, new.provisional):
                    continue
                moved.append(
                    m.ClockShift.objects.create(
                        case=case,
                        year=year,
                        source=source,
                        clock=code,
                        label=new.label,
                        binds=str(new.binds),
                        old_deadline=old.deadline.date,
                        old_provisional=old.provisional,
                        new_deadline=new.deadline.date,
                        new_provisional=new.provisional,
                    )
                )
            if moved:
                labels = "、".join(f"{s.label}由{old_text(s)}改为{new_text(s)}" for s in moved)
                record_event(
                    case,
                    action="clocks_recomputed",
                    summary=f"已载入{year}年法定节假日安排，期限重新计算：{labels}"[:300],
                    actor=actor,
                    payload={
                        "year": year,
                        "shifts": [
                            {"clock": s.clock, "old": s.old_deadline, "new": s.new_deadline, "binds": s.binds}
                            for s in moved
                        ],
                    },
                )
                shifts.extend(moved)
    return shifts


def _cn(day: dt.date, provisional: bool) -> str:
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（暂定）" if provisional else text


def old_text(shift: m.ClockShift) -> str:
    return _cn(shift.old_deadline, shift.old_provisional)


def new_text(shift: m.ClockShift) -> str:
    return _cn(shift.new_deadline, shift.new_provisional)
