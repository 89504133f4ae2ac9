"""An act given its time (``perform_act(at=…)``): its event, history rows and the times it writes carry that time,
the chain still verifies; a time in the future is refused; without a time everything is recorded now."""

import datetime as dt

import pytest
from django.utils import timezone

from casemgmt.cases import services as s
from casemgmt.cases.eventlog import verify_chain
from casemgmt.cases.services.act import perform_act
from casemgmt.cases.services.base import act_now, acting_at
from tests import builders as b

pytestmark = pytest.mark.django_db


def _file(world, case, *, at=None):
    return perform_act(
        "file",
        case=case,
        actor=world.officer.user,
        at=at,
        call=lambda: s.case_file(
            case=case,
            actor=world.officer.user,
            officers=[world.officer, world.colleague],
            lead=world.officer,
            approved_by=world.head,
            on=dt.date(2026, 3, 3),
            violation_start=dt.date(2026, 3, 1),
            violation_end=dt.date(2026, 3, 2),
            facts_summary="当事人在人民路占用人行道摆摊经营",
        ),
    )


def test_an_act_given_its_time_records_everything_at_that_time(world):
    case = b.clue(world)
    when = b.at(dt.date(2026, 3, 3), 15)
    _file(world, case, at=when)
    event = case.events.order_by("-seq").first()
    assert event.action == "file" and event.at == when
    case.refresh_from_db()
    assert case.filing_approved_at == when
    assert set(case.officers.values_list("assigned_at", flat=True)) == {when}
    assert case.history.order_by("-history_id").first().history_date == when
    assert verify_chain(list(case.events.order_by("seq")), case.pk) == []


def test_an_act_without_a_time_is_recorded_now(world):
    case = b.clue(world)
    before = timezone.now()
    _file(world, case)
    assert case.events.order_by("-seq").first().at >= before
    assert case.history.order_by("-history_id").first().history_date >= before
    assert act_now() >= before  # the time does not outlive the act


def test_an_act_cannot_be_recorded_in_the_future(world):
    case = b.clue(world)
    with pytest.raises(ValueError, match="future"):
        _file(world, case, at=timezone.now() + dt.timedelta(hours=1))
    assert not case.events.filter(action="file").exists()
    with pytest.raises(ValueError, match="aware"), acting_at(dt.datetime(2026, 3, 3, 10)):
        pass
