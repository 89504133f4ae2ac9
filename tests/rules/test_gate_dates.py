"""Dates a person enters (casemgmt.cases.rulebook.dates): a plausible year, not after today unless scheduled, and
not before the step they follow. "Today" is 2026-12-15 in the rule tests (tests/rules/conftest.py).

b.served(): discovered 2026-03-02, filed 03-03, decided 03-20, the decision served 03-23.
"""

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.rulebook.dates import (
    AFTER_CASE_START,
    AFTER_DECISION,
    EARLIEST_YEAR,
    NOT_FUTURE,
    PLAUSIBLE,
    date_defect,
)
from tests import builders as b

from .conftest import NOW
from .support import ONE_DAY, at, d, refused, take_measure

pytestmark = pytest.mark.django_db

TODAY = NOW.date()
TOMORROW = TODAY + ONE_DAY
DISCOVERED_ON = d("2026-03-02")
FILED_ON = d("2026-03-03")
DECIDED_ON = d("2026-03-20")
SERVED_ON = d("2026-03-23")


def pay(world, case, on, amount="100"):
    return s.payment_record(case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=amount, paid_on=on)


# --- plausible years --------------------------------------------------------------------------------------------------


def test_payment_dated_1900_refused(world):
    case = b.served(world)
    with refused(case, PLAUSIBLE) as caught:
        pay(world, case, d("1900-03-25"))
    assert caught.value.findings[0].detail == "缴款日期1900年3月25日不在2000年至2027年之间，请核对"


def test_payment_dated_2099_refused(world):
    case = b.served(world)
    with refused(case, PLAUSIBLE):
        pay(world, case, d("2099-03-25"))


def test_plausible_years_run_from_2000_to_next_year(world):
    facts = load_facts(b.served(world), today=TODAY)
    assert EARLIEST_YEAR == 2000
    assert date_defect(facts, "deferment", "until", d("2027-12-31")) is None  # a scheduled date, next year
    assert date_defect(facts, "deferment", "until", d("2028-01-01"))[0] == PLAUSIBLE
    assert date_defect(facts, "add_evidence", "collected_at", d("1999-12-31"))[0] == PLAUSIBLE
    assert date_defect(facts, "add_evidence", "collected_at", d("2000-01-01"))[0] == AFTER_CASE_START


# --- not after today ---------------------------------------------------------------------------------------------------


def test_payment_dated_today_allowed(world):
    case = b.served(world)
    assert pay(world, case, TODAY).paid_on == TODAY


def test_payment_dated_tomorrow_refused(world):
    case = b.served(world)
    with refused(case, NOT_FUTURE) as caught:
        pay(world, case, TOMORROW)
    assert caught.value.findings[0].detail == "缴款日期2026年12月16日晚于今天（2026年12月15日）"


def test_deferment_may_run_until_a_date_after_today(world):
    case = b.served(world)
    deferment = s.deferment_approve(
        case=case, actor=world.head.user, on=d("2026-04-01"), until=d("2027-06-30"), instalments=3, reason="分期"
    )
    assert deferment.until == d("2027-06-30")


def test_deferment_approved_tomorrow_refused(world):
    case = b.served(world)
    with refused(case, NOT_FUTURE):
        s.deferment_approve(
            case=case, actor=world.head.user, on=TOMORROW, until=d("2027-06-30"), instalments=3, reason=""
        )


# --- not before the decision, or its service --------------------------------------------------------------------------


def test_payment_dated_the_day_of_the_decision_allowed(world):
    case = b.served(world)
    assert pay(world, case, DECIDED_ON).paid_on == DECIDED_ON


def test_payment_dated_the_day_before_the_decision_refused(world):
    case = b.served(world)
    with refused(case, AFTER_DECISION) as caught:
        pay(world, case, DECIDED_ON - ONE_DAY)
    assert caught.value.findings[0].detail == "缴款日期2026年3月19日早于作出决定之日（2026年3月20日）"


def remind(world, case, on):
    return s.reminder_issue(case=case, actor=world.officer.user, issued_on=on, served_on=on, content="请缴纳罚款")


def test_reminder_dated_before_decision_refused(world):
    case = b.served(world)
    with refused(case, AFTER_DECISION) as caught:
        remind(world, case, DECIDED_ON - ONE_DAY)
    assert "早于决定书送达之日（2026年3月23日）" in caught.value.findings[0].detail


def test_reminder_dated_the_day_before_the_decision_was_served_refused(world):
    case = b.served(world)
    with refused(case, AFTER_DECISION):
        remind(world, case, SERVED_ON - ONE_DAY)


def test_reminder_dated_the_day_the_decision_was_served_allowed(world):
    case = b.served(world)
    assert remind(world, case, SERVED_ON).issued_on == SERVED_ON


def challenge(world, case, on, kind=m.RemedyKind.LITIGATION):
    return s.challenge_record(case=case, actor=world.officer.user, kind=kind, filed_on=on)


def test_lawsuit_dated_before_decision_refused(world):
    case = b.served(world)
    with refused(case, AFTER_DECISION) as caught:
        challenge(world, case, DECIDED_ON - ONE_DAY)
    assert caught.value.findings[0].detail == "提起日期2026年3月19日早于作出决定之日（2026年3月20日）"


def test_reconsideration_dated_the_day_of_the_decision_allowed(world):
    case = b.served(world)
    assert challenge(world, case, DECIDED_ON, m.RemedyKind.RECONSIDERATION).filed_on == DECIDED_ON


def test_lawsuit_dated_tomorrow_refused(world):
    case = b.served(world)
    with refused(case, NOT_FUTURE):
        challenge(world, case, TOMORROW)


def test_deferment_dated_before_decision_refused(world):
    case = b.served(world)
    with refused(case, AFTER_DECISION):
        s.deferment_approve(
            case=case, actor=world.head.user, on=DECIDED_ON - ONE_DAY, until=d("2026-10-30"), instalments=2, reason=""
        )


def test_court_application_dated_before_the_decision_was_served_refused(world):
    case = b.served(world)
    with refused(case, AFTER_DECISION, exact=False):  # also far too early for CE-53-COURT-APPLICATION
        s.court_apply(case=case, actor=world.head.user, on=SERVED_ON - ONE_DAY, court="示范县人民法院")


# --- not before the clue or the filing ----------------------------------------------------------------------------------


def collect(world, case, when: dt.datetime, by=None):
    return s.evidence_add(
        case=case,
        actor=world.officer.user,
        evidence_type=m.EvidenceType.DOCUMENTARY,
        title="营业执照复印件",
        collected_at=when,
        place="人民路",
        collected_by=by or [world.officer, world.colleague],
    )


def test_evidence_collected_in_1900_refused(world):
    case = b.filed(world)
    with refused(case, PLAUSIBLE):
        collect(world, case, at(d("1900-03-04")))


def test_evidence_collected_the_day_the_clue_was_discovered_allowed(world):
    case = b.filed(world)  # evidence lawfully gathered while the clue was checked is usable (SAMR Art. 23)
    assert collect(world, case, at(DISCOVERED_ON)).collected_at == at(DISCOVERED_ON)


def test_evidence_collected_the_day_before_the_clue_was_discovered_refused(world):
    case = b.filed(world)
    with refused(case, AFTER_CASE_START) as caught:
        collect(world, case, at(DISCOVERED_ON - ONE_DAY))
    assert caught.value.findings[0].detail == "取证时间2026年3月1日早于发现线索之日（2026年3月2日）"


def test_evidence_collected_tomorrow_refused(world):
    case = b.filed(world)
    with refused(case, NOT_FUTURE):
        collect(world, case, at(TOMORROW))


def record(world, case, on: dt.date):
    return s.record_add(
        case=case,
        actor=world.officer.user,
        kind=m.RecordKind.INSPECTION,
        started_at=at(on),
        ended_at=at(on, 11),
        place="人民路",
        content="现场检查情况",
        signers=[world.officer, world.colleague],
        pages=1,
        party_signed_pages=1,
    )


def test_record_made_before_the_clue_was_discovered_refused(world):
    case = b.filed(world)
    with refused(case, AFTER_CASE_START):
        record(world, case, DISCOVERED_ON - ONE_DAY)


def test_record_made_while_the_clue_was_checked_allowed(world):
    case = b.clue(world)
    assert record(world, case, DISCOVERED_ON).started_at == at(DISCOVERED_ON)


def test_measure_taken_the_day_before_filing_refused(world):
    case = b.filed(world)
    with refused(case, AFTER_CASE_START) as caught:
        take_measure(world, case, on=FILED_ON - ONE_DAY)
    assert "早于立案之日（2026年3月3日）" in caught.value.findings[0].detail


def test_measure_taken_the_day_of_filing_allowed(world):
    case = b.filed(world)
    assert take_measure(world, case, on=FILED_ON).started_on == FILED_ON


def test_suspension_dated_2099_refused(world):
    case = b.filed(world)
    with refused(case, PLAUSIBLE):
        s.case_suspend(
            case=case,
            actor=world.officer.user,
            approved_by=world.head,
            on=d("2099-03-09"),
            kind=m.SuspensionKind.TESTING,
            reason="送检",
        )


def test_payment_of_a_larger_amount_is_unaffected_by_the_date_gate(world):
    case = b.served(world)
    assert pay(world, case, SERVED_ON, amount=Decimal("500")).amount == Decimal("500")
