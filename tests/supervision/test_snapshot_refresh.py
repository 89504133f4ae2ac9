"""A case's snapshot follows each action after commit (not a night behind); the clocks are those of
``case_clocks`` on the working-day calendar, e.g. a 7-working-day clock turns yellow before a weekend."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.clocks import case_clocks
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.services.base import touch
from casemgmt.supervision.models import CaseClock, CaseProblem, CaseSnapshot, SweepTrigger
from casemgmt.supervision.snapshots import sweep_run
from tests import builders as b
from tests.supervision.conftest import TODAY

pytestmark = pytest.mark.django_db


def serve(world, case, on):
    s.decision_serve(
        case=case, actor=world.officer.user, method=m.ServiceMethod.DIRECT, recipient="陈某", delivered_on=on
    )


def test_snapshot_is_refreshed_after_the_action_commits(world, committed):
    with committed():
        case = b.decided(world, decide_on=dt.date(2026, 3, 31))
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    before = CaseClock.objects.get(case=case, code="service")
    assert before.done_on is None and before.status in ("green", "yellow")

    with committed() as callbacks:
        serve(world, case, dt.date(2026, 4, 1))
        assert CaseClock.objects.get(case=case, code="service").done_on is None  # not before the commit
    assert callbacks
    after = CaseClock.objects.get(case=case, code="service")
    assert (after.status, after.done_on) == ("done", dt.date(2026, 4, 1))
    assert CaseSnapshot.objects.get(case=case).sweep is None  # refreshed by the action, not by a sweep
    assert [c.status for c in case_clocks(load_facts(case, today=TODAY)) if c.code == "service"] == ["done"]


def test_a_failing_refresh_never_breaks_the_action(world, committed, monkeypatch, caplog):
    from casemgmt.supervision import snapshots

    with committed():
        case = b.decided(world, decide_on=dt.date(2026, 3, 31))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(snapshots, "store_snapshots", broken)
    with committed():
        serve(world, case, dt.date(2026, 4, 1))
    case.refresh_from_db()
    assert case.status == m.CaseStatus.SERVED or case.servicerecords.exists()
    assert "refreshing dashboard snapshots" in caplog.text


def test_one_refresh_per_transaction_however_often_the_case_is_saved(world, committed):
    with committed() as built:
        case = b.filed(world)
        other = b.clue(world)
    assert len(built) >= 1
    CaseSnapshot.objects.all().delete()

    with committed() as callbacks, transaction.atomic():
        touch(case, reason="测试")
        with transaction.atomic():
            touch(case, reason="测试")
            touch(other, reason="测试")
    assert [c.__qualname__ for c in callbacks if "schedule_refresh" in c.__qualname__] == [
        "schedule_refresh.<locals>.run"
    ]
    assert set(CaseSnapshot.objects.values_list("case_id", flat=True)) == {case.pk, other.pk}


@pytest.mark.parametrize(
    ("day", "status", "remaining"),
    [
        (dt.date(2026, 3, 25), "green", 4),  # Wed: 26, 27, 30, 31 left
        (dt.date(2026, 3, 26), "yellow", 3),  # Thu: 27, 30, 31 — five calendar days, but the weekend does not count
        (dt.date(2026, 3, 31), "yellow", 0),  # the last day
        (dt.date(2026, 4, 1), "red", -1),
    ],
)
def test_service_clock_turns_yellow_before_the_weekend(world, day, status, remaining):
    """Decided on Friday 2026-03-20: service within 7 working days, i.e. by Tuesday 2026-03-31."""
    case = b.decided(world, decide_on=dt.date(2026, 3, 20))
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=day)
    clock = CaseClock.objects.get(case=case, code="service")
    assert clock.deadline == dt.date(2026, 3, 31)
    assert (clock.status, clock.remaining_working_days) == (status, remaining)
    assert CaseProblem.objects.filter(case=case, rule="APL-61-DECISION-SERVICE").exists() == (status == "red")
