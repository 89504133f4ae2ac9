"""Each figure of the annual statistics on a small county year, against the hand-computed figures of
``annual_world`` (its docstring lists the cases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.supervision.annual import FIGURE_KEYS, NO_FIELD, annual_statistics
from tests import builders as b
from tests.rules.support import noticed_case, statement
from tests.supervision.annual_world import build, legal_review, travel

pytestmark = pytest.mark.django_db

EXPECTED_CHENGGUAN_2026 = {
    "cases_filed": 2,  # warned (03-03) and heard (05-01); the on-the-spot case is never filed
    "penalty_decisions": 3,
    "penalty_decisions_summary": 1,  # spot
    "penalty_decisions_ordinary": 2,  # warned, heard
    "no_penalty_decisions": 0,
    "cases_closed": 0,
    "penalty_warning": 2,  # warned, spot
    "penalty_fine": 3,  # all three
    "penalty_confiscation": 1,  # heard: 没收违法所得
    "fines_decided": Decimal("6550.00"),  # 500 + 50 + 6000
    "confiscation_decided": Decimal("1000.00"),
    "fines_collected": Decimal("150.00"),  # 100 paid at the bank + 50 collected on the spot
    "confiscation_collected": Decimal("0"),
    "surcharge_collected": Decimal("0"),
    "legal_review_cases": 1,  # heard, reviewed twice
    "legal_review_opinions": 2,
    "legal_review_objections": 0,
    "hearing_requests": 1,
    "hearings_held": 1,
    "reconsideration_filed": 1,  # warned, pending
    "reconsideration_concluded": 0,
    "litigation_filed": 0,
    "reversed": 0,
}


@pytest.fixture
def county(world):
    return build(world)


def test_each_figure_of_a_township_matches_the_hand_count(world, county):
    with travel(2026, 7, 2, 10):
        table = annual_statistics(year=2026, unit=world.township).units[0]

    assert list(table.figures) == list(FIGURE_KEYS)
    for key, value in table.figures.items():
        assert value == EXPECTED_CHENGGUAN_2026.get(key, 0), key


def test_another_township_counts_only_its_own_cases(world, county):
    with travel(2026, 7, 2, 10):
        table = annual_statistics(year=2026, unit=world.other_township).units[0]

    assert table.figures["cases_filed"] == 1
    assert sum(v for k, v in table.figures.items() if k != "cases_filed") == 0


def test_nothing_counts_in_the_year_before(world, county):
    with travel(2026, 7, 2, 10):
        table = annual_statistics(year=2025, unit=world.township).units[0]

    assert set(table.figures.values()) == {0}


def test_by_field_splits_the_cases_by_their_matter_field(world, county):
    with travel(2026, 7, 2, 10):
        annual = annual_statistics(year=2026, unit=world.township)

    # No case of the small county names a catalogue matter: everything is under 未关联执法事项.
    assert annual.fields[-1] == NO_FIELD
    assert annual.units[0].by_field[NO_FIELD] == {
        "cases_filed": 2,
        "penalty_decisions": 3,
        "fines_decided": Decimal("6550.00"),
        "confiscation_decided": Decimal("1000.00"),
    }


def test_a_case_reviewed_in_two_rounds_counts_once_and_a_correcting_opinion_is_an_objection(world):
    with travel(2026, 7, 1, 10):
        case = b.reviewed(world, kind=m.ReviewKind.LEGAL)  # 同意 on 03-11
        legal_review(world, case, on=dt.date(2026, 3, 12), result=m.ReviewResult.CORRECT)
        figures = annual_statistics(year=2026, unit=world.township).units[0].figures

    assert (figures["legal_review_cases"], figures["legal_review_opinions"]) == (1, 2)
    assert figures["legal_review_objections"] == 1


def test_a_hearing_the_party_did_not_attend_is_requested_but_not_held(world):
    with travel(2026, 7, 1, 10):
        case = noticed_case(world, served_on=dt.date(2026, 5, 11), hearing_right=True)
        statement(world, case, kind=m.StatementKind.HEARING_REQUEST, on=dt.date(2026, 5, 13))
        hearing = s.hearing_schedule(
            case=case,
            actor=world.officer.user,
            presider=world.head,
            notice_served_on=dt.date(2026, 5, 14),
            scheduled_on=dt.date(2026, 5, 26),
        )
        s.hearing_hold(
            hearing=hearing,
            actor=world.officer.user,
            held_on=dt.date(2026, 5, 26),
            ended_on=dt.date(2026, 5, 26),
            report="",
            party_absent=True,
        )
        figures = annual_statistics(year=2026, unit=world.township).units[0].figures

    assert (figures["hearing_requests"], figures["hearings_held"]) == (1, 0)
