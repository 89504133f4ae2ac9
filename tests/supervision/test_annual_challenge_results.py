"""The result of a 复议/诉讼 (审结结果), recorded with it or later, once."""

from __future__ import annotations

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.services.base import ConflictError, InputError
from tests import builders as b
from tests.supervision.annual_world import travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    with travel(2026, 7, 1, 10):
        yield b.served(world)


def record(world, case, **kw):
    return s.challenge_record(
        case=case, actor=world.officer.user, kind=m.RemedyKind.LITIGATION, filed_on=dt.date(2026, 4, 10), **kw
    )


def test_an_end_date_needs_a_result_and_a_result_an_end_date(world, case):
    with travel(2026, 7, 1, 10):
        with pytest.raises(InputError, match="须选择审结结果"):
            record(world, case, ended_on=dt.date(2026, 5, 1))
        with pytest.raises(InputError, match="须填写审结日期"):
            record(world, case, result=m.RemedyResult.UPHELD)
        assert not m.RemedyChallenge.objects.exists()
        challenge = record(world, case, ended_on=dt.date(2026, 5, 1), result=m.RemedyResult.CHANGED)
    assert challenge.result == m.RemedyResult.CHANGED
    assert case.events.get(action="challenge").payload["result"] == "changed"


def test_a_pending_challenge_is_concluded_once_and_the_event_holds_the_result(world, case):
    with travel(2026, 7, 1, 10):
        challenge = record(world, case)
        s.challenge_conclude(
            challenge=challenge, actor=world.officer.user, ended_on=dt.date(2026, 6, 1), result=m.RemedyResult.REVOKED
        )
        with pytest.raises(ConflictError):
            s.challenge_conclude(
                challenge=challenge,
                actor=world.officer.user,
                ended_on=dt.date(2026, 6, 2),
                result=m.RemedyResult.UPHELD,
            )
    challenge.refresh_from_db()
    assert (challenge.ended_on, challenge.result) == (dt.date(2026, 6, 1), m.RemedyResult.REVOKED)
    payload = case.events.get(action="conclude_challenge").payload
    assert (payload["challenge"], payload["result"], payload["ended_on"]) == (challenge.pk, "revoked", "2026-06-01")


def test_a_challenge_cannot_end_before_it_was_filed(world, case):
    with travel(2026, 7, 1, 10):
        challenge = record(world, case)
        with pytest.raises(InputError, match="审结日期早于提起日期"):
            s.challenge_conclude(
                challenge=challenge, actor=world.officer.user, ended_on=dt.date(2026, 4, 9), result="upheld"
            )
