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


def test_a_failing_refresh_never_breaks_the_action(world, committed, monkeypatch, caplog, settings):
    from casemgmt.supervision import snapshots

    settings.JOBS_INPROCESS = "thread"  # the embedded default: no broker, deferred work runs in-process and logs

    with committed():
        case = b.decided(world, decide_on=dt.date(2026, 3, 31))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(snapshots, "store_snapshots", broken)
    with committed():
        serve(world, case, dt.date(2026, 4, 1))
    case.refresh_from_db()
    assert case.status == m.CaseStatus.SERVED or case.servicerecords.exists()
    assert "deferred supervision.refresh_cases failed" in caplog.text


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
    assert [q for c in callbacks if "schedule_refresh" in (q := getattr(c, "__qualname__", ""))] == [
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


def test_the_refresh_is_one_deferred_job_for_every_case_of_the_transaction(world, committed, monkeypatch):
    """The act only hands the refresh over (a Celery task with a broker); the job batches the transaction's cases."""
    from casemgmt.jobs import runner

    with committed():
        case, other = b.filed(world), b.clue(world)
    deferred = []
    real_defer = runner.defer
    monkeypatch.setattr(
        runner, "defer", lambda kind, **params: deferred.append((kind, params)) or real_defer(kind, **params)
    )
    from casemgmt.supervision import snapshots

    monkeypatch.setattr(snapshots, "defer", runner.defer)
    CaseSnapshot.objects.all().delete()
    with committed(), transaction.atomic():
        touch(case, reason="测试")
        touch(other, reason="测试")
        touch(case, reason="测试")
        assert deferred == []  # nothing before the commit
    # One refresh for both cases (the archive defers its own index update beside it).
    refreshes = [entry for entry in deferred if entry[0] == "supervision.refresh_cases"]
    assert refreshes == [("supervision.refresh_cases", {"case_ids": sorted([case.pk, other.pk])})]
    assert set(CaseSnapshot.objects.values_list("case_id", flat=True)) == {case.pk, other.pk}


def test_the_refresh_job_is_idempotent_and_skips_deleted_cases(world, committed):
    from casemgmt.jobs.runner import run_deferred

    with committed():
        case = b.decided(world, decide_on=dt.date(2026, 3, 31))
    run_deferred("supervision.refresh_cases", {"case_ids": [case.pk, 999_999]})
    first = list(CaseClock.objects.filter(case=case).values_list("code", "status", "deadline").order_by("code"))
    run_deferred("supervision.refresh_cases", {"case_ids": [case.pk, 999_999]})
    assert list(CaseClock.objects.filter(case=case).values_list("code", "status", "deadline").order_by("code")) == first
    assert CaseSnapshot.objects.filter(case=case).count() == 1
    assert not CaseSnapshot.objects.filter(case_id=999_999).exists()
