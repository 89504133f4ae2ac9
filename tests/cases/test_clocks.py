"""The legal clocks of a case (casemgmt.cases.clocks): deadlines on the working-day calendar and the clock board."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.clocks import (
    ClockStatus,
    case_clocks,
    court_application_window,
    decision_deadline,
    deemed_service_date,
    payment_deadline,
    remedy_periods_end,
    surcharge,
    suspended_days,
)
from casemgmt.cases.rulebook import load_facts
from tests import builders as b
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _frozen_now():
    # After every date used here, so decision_make (no decision dated after today) accepts them.
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def board(case, today) -> dict:
    case.refresh_from_db()
    return {c.code: c for c in case_clocks(load_facts(case, today=today))}


# --- the clock board ---------------------------------------------------------------------------------------------


def test_decision_clock_goes_green_yellow_red(world):
    case = b.noticed(world)  # filed 2026-03-03: the 90-day limit is Monday 2026-06-01

    assert board(case, d("2026-05-26"))["decision"].status == ClockStatus.GREEN  # 4 working days left
    yellow = board(case, d("2026-05-27"))["decision"]  # 05-28, 05-29, 06-01: 3 working days left
    assert (yellow.status, yellow.remaining_working_days) == (ClockStatus.YELLOW, 3)
    assert board(case, d("2026-06-01"))["decision"].status == ClockStatus.YELLOW
    red = board(case, d("2026-06-02"))["decision"]
    assert (red.status, red.remaining_working_days, red.done_on) == (ClockStatus.RED, -1, None)


def test_decision_clock_is_done_when_decided_in_time_and_red_when_decided_late(world):
    case = b.decided(world)
    clock = board(case, d("2026-07-01"))["decision"]
    assert (clock.status, clock.done_on, clock.remaining_working_days) == (ClockStatus.DONE, d("2026-03-20"), None)

    m.Case.objects.filter(pk=case.pk).update(decided_on=d("2026-06-02"))  # as recorded in a legacy file
    assert board(case, d("2026-07-01"))["decision"].status == ClockStatus.RED


def test_a_terminated_case_has_no_running_decision_clock(world):
    case = b.reported(world)
    s.case_terminate(
        case=case, actor=world.head.user, approved_by=world.mayor, on=d("2026-03-16"), reason="当事人死亡，无继承人"
    )

    assert "decision" not in board(case, d("2026-07-01"))


def test_service_clock_counts_working_days_and_is_done_on_delivery(world):
    case = b.decided(world)  # decided Fri 03-20: the 7th working day is Tue 03-31

    clock = board(case, d("2026-03-31"))["service"]
    assert (clock.deadline.date, clock.status, clock.remaining_working_days) == (d("2026-03-31"), ClockStatus.YELLOW, 0)
    assert board(case, d("2026-04-01"))["service"].status == ClockStatus.RED

    s.decision_serve(
        case=case,
        actor=world.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=d("2026-03-23"),
    )
    assert board(case, d("2026-04-01"))["service"].status == ClockStatus.DONE


def test_statement_and_hearing_request_clocks_follow_the_served_notice(world):
    case = b.noticed(world, hearing_right=True)  # served Thu 03-12: 5 working days end Thu 03-19

    clocks = board(case, d("2026-03-13"))
    assert clocks["statement"].deadline.date == d("2026-03-19")
    assert clocks["hearing_request"].deadline.date == d("2026-03-19")
    assert clocks["statement"].status == ClockStatus.GREEN

    s.statement_waive(
        case=case,
        actor=world.officer.user,
        received_on=d("2026-03-13"),
        signed_document=b.signed_waiver(world, case, on=d("2026-03-13")),
        waives_statement=True,
    )
    assert board(case, d("2026-03-20"))["statement"].status == ClockStatus.DONE
    lapsed = board(case, d("2026-03-20"))["hearing_request"]  # not requested: the party's period is over, not overdue
    assert (lapsed.status, lapsed.done_on, lapsed.remaining_working_days) == (ClockStatus.DONE, None, None)


def test_payment_court_and_disclosure_clocks_after_service(world):
    case = b.served(world)  # served 03-23

    clocks = board(case, d("2026-04-01"))
    assert clocks["payment"].deadline.date == d("2026-04-07")
    assert clocks["court"].deadline.date == d("2026-12-23")  # 3 months after the 6-month 诉讼 period
    assert clocks["disclosure"].deadline.date == d("2026-03-31")
    assert clocks["disclosure"].status == ClockStatus.RED

    s.payment_record(
        case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=Decimal("500"), paid_on=d("2026-04-02")
    )
    s.disclosure_publish(
        case=case,
        actor=world.officer.user,
        on=d("2026-04-02"),
        channel="县政府网站",
        content="公示",
        late_reason="平台维护",
    )
    clocks = board(case, d("2026-04-03"))
    assert clocks["payment"].status == ClockStatus.DONE
    assert "court" not in clocks
    assert (clocks["disclosure"].status, clocks["disclosure"].done_on) == (ClockStatus.RED, d("2026-04-02"))


def test_closing_clock_starts_when_the_fine_is_paid_in_full(world):
    case = b.served(world)
    assert "closing" not in board(case, d("2026-04-01"))

    s.payment_record(
        case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=Decimal("500"), paid_on=d("2026-04-02")
    )
    s.disclosure_publish(case=case, actor=world.officer.user, on=d("2026-03-24"), channel="县政府网站", content="公示")
    clock = board(case, d("2026-04-03"))["closing"]
    assert (clock.deadline.date, clock.status) == (d("2026-04-24"), ClockStatus.GREEN)  # 15 working days, 清明 skipped

    s.case_close(
        case=case, actor=world.head.user, ground=m.ClosingGround.EXECUTED, ground_on=d("2026-04-02"), on=d("2026-04-10")
    )
    assert board(case, d("2026-05-01"))["closing"].status == ClockStatus.DONE


def test_a_warning_only_penalty_has_no_disclosure_clock(world):
    case = b.served(world, types=("warning",), fine=Decimal("0"))

    clocks = board(case, d("2026-06-01"))

    assert "disclosure" not in clocks
    assert "payment" not in clocks


def test_a_deadline_reaching_into_2027_is_provisional(world):
    case = b.filed(
        world,
        discovered_on=d("2026-11-01"),
        filed_on=d("2026-11-02"),
        violation_start=d("2026-10-30"),
        violation_end=d("2026-10-31"),
    )

    clock = board(case, d("2026-11-03"))["decision"]

    # 2026-11-02 + 90 days is Sunday 2027-01-31; 2027 has no official schedule yet. The decision period binds the
    # agency: it ends on the earliest plausible date — that Sunday may be a 春节 make-up workday — and a rule
    # refuses only after the latest plausible end, Monday 02-01.
    assert clock.deadline.date == d("2027-01-31")
    assert clock.deadline.last_possible == d("2027-02-01")
    assert clock.provisional is True
    assert clock.as_dict()["provisional"] is True
    assert clock.as_dict()["binds"] == "agency"
    assert clock.as_dict()["latest_possible"] == "2027-02-01"
    assert str(clock.deadline) == "2027年1月31日（暂定）"

    earlier = b.filed(
        world,
        discovered_on=d("2026-08-31"),
        filed_on=d("2026-09-01"),
        violation_start=d("2026-08-30"),
        violation_end=d("2026-08-30"),
    )
    assert board(earlier, d("2026-09-02"))["decision"].provisional is False


def test_an_agency_overrun_of_a_provisional_deadline_is_a_warning_until_its_latest_plausible_end(world):
    from casemgmt.cases.rulebook import RULES

    case = b.filed(
        world,
        discovered_on=d("2026-11-01"),
        filed_on=d("2026-11-02"),
        violation_start=d("2026-10-30"),
        violation_end=d("2026-10-31"),
    )
    rule = RULES["APL-60-DECISION-DEADLINE"]
    # Monday 2027-02-01: past the earliest plausible end (Sunday 01-31) — the board shows it red ...
    assert board(case, d("2027-02-01"))["decision"].status == ClockStatus.RED
    # ... but the rule finds nothing: under some plausible schedule the period still runs that day.
    assert rule.findings(load_facts(case, today=d("2027-02-01")), None) == []
    # From Tuesday 02-02 it is late whatever the schedule, and the rule names the latest end.
    found = rule.findings(load_facts(case, today=d("2027-02-02")), None)
    assert len(found) == 1 and "办案期限至2027年2月1日（暂定）" in found[0].detail


# --- single periods ----------------------------------------------------------------------------------------------


def test_overlapping_suspension_ledger_entries_count_each_day_once(world):
    case = b.filed(world)  # filed 2026-03-03
    m.Suspension.objects.create(
        case=case, kind=m.SuspensionKind.TESTING, reason="送检", started_on=d("2026-03-10"), ended_on=d("2026-03-19")
    )
    m.Suspension.objects.create(
        case=case,
        kind=m.SuspensionKind.PUBLIC_NOTICE,
        reason="公告",
        started_on=d("2026-03-15"),
        ended_on=d("2026-03-24"),
    )
    facts = load_facts(case, today=d("2026-04-01"))

    assert suspended_days(facts, until=d("2026-04-01")) == 15  # 03-10..03-24
    assert suspended_days(facts, until=d("2026-03-12")) == 3  # only days up to "until" count
    assert decision_deadline(facts, until=d("2026-04-01")).date == d("2026-06-16")  # 03-03 + 105 days


def test_an_open_suspension_counts_until_the_day_asked(world):
    case = b.filed(world)
    m.Suspension.objects.create(
        case=case, kind=m.SuspensionKind.INVESTIGATION, reason="当事人下落不明", started_on=d("2026-05-01")
    )
    facts = load_facts(case, today=d("2026-05-10"))

    assert suspended_days(facts, until=d("2026-05-10")) == 10
    assert decision_deadline(facts).date == d("2026-06-11")


def test_public_service_is_deemed_thirty_days_after_publication():
    assert deemed_service_date(method=m.ServiceMethod.PUBLIC, delivered_on=d("2026-03-31")) == d("2026-04-30")
    assert deemed_service_date(method=m.ServiceMethod.POSTAL, delivered_on=d("2026-03-31")) == d("2026-03-31")


def test_payment_period_runs_from_the_deemed_service_of_a_public_notice(world):
    case = b.served(world, method=m.ServiceMethod.PUBLIC, delivered_on=d("2026-03-24"))  # deemed served 04-23

    facts = load_facts(case, today=d("2026-05-01"))

    assert payment_deadline(facts).date == d("2026-05-08")  # 04-23 + 15 days
    assert remedy_periods_end(facts).date == d("2026-10-23")


def test_six_month_period_ends_on_the_last_day_of_a_shorter_month_and_rolls_off_rest_days(world):
    case = b.noticed(
        world,
        notice_on=d("2026-08-17"),
        served_on=d("2026-08-17"),
        filed_on=d("2026-08-07"),
        discovered_on=d("2026-08-06"),
        violation_start=d("2026-08-05"),
        violation_end=d("2026-08-05"),
        report_on=d("2026-08-10"),
        review_on=d("2026-08-11"),
    )
    b.decide(world, case, on=d("2026-08-25"))
    s.decision_serve(
        case=case,
        actor=world.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=d("2026-08-31"),
    )
    facts = load_facts(case, today=d("2026-09-01"))

    # 08-31 + 6 months has no 31st: 2027-02-28, a Sunday, rolled to Monday 03-01 (2027: provisional).
    end = remedy_periods_end(facts)
    assert (end.date, end.provisional) == (d("2027-03-01"), True)
    first, last = court_application_window(facts)
    assert first == d("2027-03-02")
    assert last.date == d("2027-06-01")


def test_surcharge_rounds_to_the_fen_and_never_exceeds_the_fine(world):
    case = b.served(world, fine=Decimal("333.33"))
    facts = load_facts(case, today=d("2026-12-01"))

    assert surcharge(facts, on=d("2026-04-08")) == Decimal("10.00")  # 9.9999
    assert surcharge(facts, on=d("2026-04-10")) == Decimal("30.00")  # 29.9997
    assert surcharge(facts, on=d("2026-12-01")) == Decimal("333.33")
