"""A small county for the dashboard tests: lawful cases of 城关镇 in several stages (built through the services),
a case of 河西镇 (the outsider's township) and one of the county department, and bare recorded outcomes
(decisions, payments, reviews, hearings) in several months for the statistics. Today is frozen at 2026-04-02."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from casemgmt.cases import models as m
from tests import builders as b
from tests.archive.conftest import closed_case
from tests.factories import CaseFactory

TODAY = dt.date(2026, 4, 2)
NOW = dt.datetime(2026, 4, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as its own committed transaction. The test's transaction never commits, so the after-commit
    refresh that earlier actions registered is still pending there and would collect this block's cases too;
    a real commit would have run it. Forget it, then run the block's own after-commit work."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def block():
        connection._dashboard_pending_refresh = None
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return block


@pytest.fixture
def client_for():
    def make(persona) -> Client:
        client = Client()
        client.force_login(persona.user)
        return client

    return make


@dataclass
class County:
    clue: m.Case
    investigating: m.Case
    overdue: m.Case
    decided: m.Case
    served: m.Case
    closed: m.Case
    other_clue: m.Case
    other_closed: m.Case
    dept_clue: m.Case

    @property
    def township_cases(self) -> list[m.Case]:
        return [self.clue, self.investigating, self.overdue, self.decided, self.served, self.closed]

    @property
    def other_cases(self) -> list[m.Case]:
        return [self.other_clue, self.other_closed]


def bare_outcome(world, *, unit, officer, filed_on, closed_on, decided_on, kind, fine, paid=None, procedure=None,
                 legal_review=False, hearing=False, cause="违法建设"):  # fmt: skip
    """A closed case recorded directly (no services): only what the statistics read."""
    case = CaseFactory(
        handling_unit=unit,
        status=m.CaseStatus.CLOSED,
        procedure=procedure or m.ProcedureType.ORDINARY,
        filed_on=filed_on,
        decided_on=decided_on,
        closed_on=closed_on,
        cause=cause,
        number=f"{unit.short_name}罚〔2026〕{filed_on:%m%d}{fine}号",
    )
    user = officer.user
    m.Decision.objects.create(
        case=case,
        recorded_by=user,
        kind=kind,
        decided_on=decided_on,
        decided_by=officer,
        facts="事实",
        legal_basis="依据",
        penalty_types=["fine"] if fine else [],
        fine_amount=Decimal(fine),
    )
    if paid:
        for amount, day in paid:
            m.Payment.objects.create(case=case, recorded_by=user, amount=Decimal(amount), paid_on=day)
    if legal_review:
        m.ReviewOpinion.objects.create(
            case=case,
            recorded_by=user,
            kind=m.ReviewKind.LEGAL,
            reviewer=officer,
            reviewed_on=decided_on,
            result=m.ReviewResult.APPROVE,
            opinion="同意",
        )
    if hearing:
        notice = m.Notice.objects.create(case=case, recorded_by=user, issued_on=decided_on, facts_and_reasons="告知")
        request = m.Statement.objects.create(
            case=case, recorded_by=user, notice=notice, kind=m.StatementKind.HEARING_REQUEST, received_on=decided_on
        )
        m.Hearing.objects.create(
            case=case,
            recorded_by=user,
            request=request,
            presider=officer,
            notice_served_on=decided_on,
            scheduled_on=decided_on,
            held_on=decided_on,
        )
    return case


@pytest.fixture
def county(world) -> County:
    d = dt.date
    result = County(
        clue=b.clue(world, discovered_on=d(2026, 3, 30)),
        investigating=b.filed(world, filed_on=d(2026, 3, 3)),
        overdue=b.filed(
            world,
            filed_on=d(2025, 12, 1),
            discovered_on=d(2025, 11, 28),
            violation_start=d(2025, 11, 27),
            violation_end=d(2025, 11, 28),
        ),
        decided=b.decided(world, decide_on=d(2026, 3, 20)),
        served=b.served(world, delivered_on=d(2026, 3, 23)),
        closed=closed_case(world),
        other_clue=b.clue(world, actor=world.outsider, handling_unit=world.other_brigade, discovered_on=d(2026, 3, 31)),
        other_closed=bare_outcome(
            world,
            unit=world.other_brigade,
            officer=world.outsider,
            filed_on=d(2026, 2, 2),
            closed_on=d(2026, 3, 16),
            decided_on=d(2026, 3, 2),
            kind=m.DecisionKind.PENALTY,
            fine=3000,
            paid=[(3000, d(2026, 3, 10))],
            legal_review=True,
        ),
        dept_clue=b.clue(
            world, actor=world.county_officer, handling_unit=world.county_dept, discovered_on=d(2026, 4, 1)
        ),
    )
    # statistics material for 城关镇 in other months
    bare_outcome(
        world,
        unit=world.brigade,
        officer=world.officer,
        filed_on=d(2026, 1, 5),
        closed_on=d(2026, 2, 20),
        decided_on=d(2026, 2, 2),
        kind=m.DecisionKind.PENALTY,
        fine=20000,
        paid=[(10000, d(2026, 2, 10)), (10000, d(2026, 3, 10))],
        legal_review=True,
        hearing=True,
    )
    bare_outcome(
        world,
        unit=world.brigade,
        officer=world.officer,
        filed_on=d(2026, 1, 12),
        closed_on=d(2026, 2, 3),
        decided_on=d(2026, 1, 30),
        kind=m.DecisionKind.NO_PENALTY_MINOR,
        fine=0,
    )
    bare_outcome(
        world,
        unit=world.brigade,
        officer=world.officer,
        filed_on=d(2025, 11, 3),
        closed_on=d(2026, 1, 9),
        decided_on=d(2025, 12, 15),
        kind=m.DecisionKind.PENALTY,
        fine=800,
        paid=[(800, d(2026, 1, 6))],
    )
    return result
