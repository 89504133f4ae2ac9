"""Services around the legal clocks: the periodic sweep and recomputation after a calendar is loaded."""

from __future__ import annotations

import datetime as dt
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


def record_schedule_loaded(year: int) -> None:
    """After an official holiday schedule is loaded, every open clock is recomputed (they are computed from the
    calendar on each read); cases whose deadlines changed get an event saying so, for the audit trail."""
    actor = system_actor()
    for case_id in m.Case.objects.filter(status__in=m.OPEN_STATUSES).values_list("pk", flat=True).iterator():
        with transaction.atomic():
            case = lock_case(case_id)
            clocks = [c for c in case_clocks(load_facts(case)) if c.deadline.date.year == year and c.done_on is None]
            if clocks:
                labels = "、".join(f"{c.label}至{c.deadline}" for c in clocks)
                record_event(
                    case,
                    action="clocks_recomputed",
                    summary=f"已载入{year}年法定节假日安排，期限重新计算：{labels}"[:300],
                    actor=actor,
                )
