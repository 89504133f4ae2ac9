"""The tables of a past year are those of its end: later acts (a reversal, a payment, a late entry) count in the
year they were recorded, and recomputing the past year gives the same bytes. The year ends at midnight
Asia/Shanghai: 23:30 local on 31 December is still the old year, 00:10 on 1 January the new one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.powers import services as ps
from casemgmt.supervision.annual import annual_statistics
from casemgmt.supervision.annual_export import annual_json
from tests import builders as b
from tests.powers.conftest import county  # noqa: F401, F811  (the fixture)
from tests.supervision.annual_world import local, travel

pytestmark = pytest.mark.django_db

GENERATED = local(2027, 3, 1, 9)


def pay(world, case, amount, paid_on, kind=m.PaymentKind.FINE):
    return s.payment_record(case=case, actor=world.officer.user, kind=kind, amount=amount, paid_on=paid_on)


@pytest.fixture
def served(world):
    """A fine of 500 decided 2026-03-20 and served; 100 paid on 04-01; a 行政复议 filed 04-10, pending."""
    with travel(2026, 7, 1, 10):
        case = b.served(world)
        pay(world, case, "100", dt.date(2026, 4, 1))
        challenge = s.challenge_record(
            case=case, actor=world.officer.user, kind=m.RemedyKind.RECONSIDERATION, filed_on=dt.date(2026, 4, 10)
        )
    return case, challenge


def figures(world, year):
    return annual_statistics(year=year, unit=world.township).units[0].figures


def test_an_act_at_2330_on_31_december_counts_in_that_year(world, served):
    case, _ = served
    with travel(2026, 12, 31, 23, 30):
        pay(world, case, "150", dt.date(2026, 12, 31))
    with travel(2027, 1, 5, 10):
        assert figures(world, 2026)["fines_collected"] == Decimal("250.00")
        assert figures(world, 2027)["fines_collected"] == Decimal("0")


def test_an_act_recorded_at_0010_on_1_january_counts_in_the_new_year_even_when_dated_the_old(world, served):
    case, _ = served
    with travel(2027, 1, 1, 0, 10):
        pay(world, case, "150", dt.date(2026, 12, 31))  # paid on the last day, entered after midnight
    with travel(2027, 1, 5, 10):
        assert figures(world, 2026)["fines_collected"] == Decimal("100.00")
        assert figures(world, 2027)["fines_collected"] == Decimal("150.00")


def test_a_past_year_recomputed_after_later_events_is_byte_identical(world, served):
    case, challenge = served
    with travel(2027, 1, 1, 0, 5):
        before = annual_json(annual_statistics(year=2026, unit=world.township, generated_at=GENERATED))
        county_before = annual_json(annual_statistics(year=2026, unit=None, generated_at=GENERATED))

    with travel(2027, 2, 3, 10):
        # the reconsideration body revoked the decision on 2026-12-28; its decision reached the unit in 2027
        s.challenge_conclude(
            challenge=challenge,
            actor=world.officer.user,
            ended_on=dt.date(2026, 12, 28),
            result=m.RemedyResult.REVOKED,
            outcome="县人民政府行政复议决定撤销原处罚决定",
        )
        pay(world, case, "50", dt.date(2026, 12, 30))  # a receipt of 2026 entered late
        s.challenge_record(
            case=case,
            actor=world.officer.user,
            kind=m.RemedyKind.LITIGATION,
            filed_on=dt.date(2026, 12, 29),
            ended_on=dt.date(2027, 1, 20),
            result=m.RemedyResult.UPHELD,
        )
    with travel(2027, 3, 1, 9):
        after = annual_json(annual_statistics(year=2026, unit=world.township, generated_at=GENERATED))
        county_after = annual_json(annual_statistics(year=2026, unit=None, generated_at=GENERATED))
        new_year = figures(world, 2027)

    assert after == before
    assert county_after == county_before
    assert new_year["reconsideration_concluded"] == 1
    assert new_year["reconsideration_revoked"] == 1
    assert new_year["reversed"] == 1
    assert new_year["fines_collected"] == Decimal("50.00")
    assert (new_year["litigation_filed"], new_year["litigation_concluded"], new_year["litigation_upheld"]) == (1, 1, 1)
    assert new_year["reconsideration_filed"] == 0  # filed in 2026, counted there


def test_the_current_year_reflects_acts_as_they_are_recorded(world, served):
    case, challenge = served
    with travel(2026, 7, 2, 10):
        assert figures(world, 2026)["reconsideration_concluded"] == 0
        s.challenge_conclude(
            challenge=challenge, actor=world.officer.user, ended_on=dt.date(2026, 7, 1), result=m.RemedyResult.UPHELD
        )
        now = figures(world, 2026)
    assert (now["reconsideration_concluded"], now["reconsideration_upheld"], now["reversed"]) == (1, 1, 0)


def test_a_case_moved_to_another_unit_keeps_its_past_figures_where_they_were(world, county):  # noqa: F811
    """The unit of a fact is the case's enforcement subject when the fact was recorded: a case filed by the
    township and then transferred (移送) to the county department stays filed by the township."""
    with travel(2026, 7, 1, 10):
        case = b.filed(world)  # 2026-03-03
        transfer = ps.transfer_send(
            case=case,
            actor=world.head.user,
            to_unit=world.county_dept,
            reason="违法行为涉及县城管局专属管辖事项",
            found_at=b.at(dt.date(2026, 3, 6), 9),
            sent_at=b.at(dt.date(2026, 3, 9)),
        )
        ps.transfer_accept(
            transfer=transfer, actor=county.dept_head.user, on=dt.date(2026, 3, 10), matter=county.matter
        )
        case.refresh_from_db()
        township = figures(world, 2026)["cases_filed"]
        dept = annual_statistics(year=2026, unit=world.county_dept).units[0].figures["cases_filed"]

    assert case.enforcement_subject_id == world.county_dept.pk
    assert (township, dept) == (1, 0)
