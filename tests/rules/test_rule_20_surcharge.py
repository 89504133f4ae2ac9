"""Rule 20: 加处罚款 = fine × 3 % × days overdue from the day after the 15-day payment period, never above the fine,
not accruing while 复议/诉讼 is pending, stopping when the fine is paid (APL Arts. 66–67, 72–73)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.clocks import payment_deadline, surcharge
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.services import InputError
from tests import builders as b
from tests.rules.support import codes, d, decide, noticed_case, refused, self_check, unchanged

pytestmark = pytest.mark.django_db

SURCHARGE = "APL-72-SURCHARGE"

# b.served(): a 500-yuan fine served on Monday 2026-03-23; the 15th day is Tuesday 2026-04-07.
DAY_15 = d("2026-04-07")
DAY_16 = d("2026-04-08")


def owed(case, on):
    return surcharge(load_facts(case, today=on), on=on)


def pay(world, case, *, amount, on, kind=m.PaymentKind.SURCHARGE):
    return s.payment_record(case=case, actor=world.officer.user, kind=kind, amount=Decimal(amount), paid_on=on)


def test_no_surcharge_on_day_15_and_three_percent_from_day_16(world):
    case = b.served(world)

    assert payment_deadline(load_facts(case)).date == DAY_15
    assert owed(case, DAY_15) == 0
    assert owed(case, DAY_16) == Decimal("15.00")
    assert owed(case, d("2026-04-09")) == Decimal("30.00")


def test_surcharge_reaches_the_fine_on_day_34_and_stops_there(world):
    case = b.served(world)

    assert owed(case, d("2026-05-10")) == Decimal("495.00")  # 33 days overdue
    assert owed(case, d("2026-05-11")) == Decimal("500.00")  # 34 days: 102 %, capped at the fine
    assert owed(case, d("2026-09-30")) == Decimal("500.00")


def test_a_surcharge_payment_above_the_lawful_amount_is_refused(world):
    case = b.served(world)

    with refused(case, SURCHARGE) as caught:
        pay(world, case, amount="0.01", on=DAY_15)
    assert "依法应加处罚款0.00元" in caught.value.findings[0].detail

    with refused(case, SURCHARGE):
        pay(world, case, amount="15.01", on=DAY_16)
    pay(world, case, amount="15.00", on=DAY_16)
    with refused(case, SURCHARGE):
        pay(world, case, amount="0.01", on=DAY_16)  # already collected what the law allows that day


def test_a_surcharge_payment_above_the_fine_is_refused_after_day_34(world):
    case = b.served(world)

    with refused(case, SURCHARGE):
        pay(world, case, amount="500.01", on=d("2026-06-30"))
    pay(world, case, amount="500", on=d("2026-06-30"))

    assert self_check(case, today=d("2026-07-01"), prefix=SURCHARGE) == []


def test_surcharge_pauses_while_a_reconsideration_is_pending(world):
    case = b.served(world)
    s.challenge_record(
        case=case,
        actor=world.officer.user,
        kind=m.RemedyKind.RECONSIDERATION,
        filed_on=d("2026-04-09"),
        ended_on=d("2026-04-20"),
        result=m.RemedyResult.UPHELD,
    )

    # 2026-04-08..04-30 is 23 days, of which 04-09..04-20 (12 days) were under 复议.
    assert owed(case, d("2026-04-30")) == Decimal("165.00")


def test_surcharge_does_not_accrue_while_a_lawsuit_is_still_pending(world):
    case = b.served(world)
    s.challenge_record(case=case, actor=world.officer.user, kind=m.RemedyKind.LITIGATION, filed_on=d("2026-04-10"))

    assert owed(case, d("2026-04-30")) == Decimal("30.00")  # 04-08 and 04-09 only
    with refused(case, SURCHARGE):
        pay(world, case, amount="30.01", on=d("2026-04-30"))


def test_surcharge_stops_on_the_day_the_fine_is_paid_in_full(world):
    case = b.served(world)
    pay(world, case, amount="200", on=d("2026-04-09"), kind=m.PaymentKind.FINE)
    assert owed(case, d("2026-04-30")) == Decimal("345.00")  # a partial payment does not stop it

    pay(world, case, amount="300", on=d("2026-04-10"), kind=m.PaymentKind.FINE)

    assert owed(case, d("2026-06-30")) == Decimal("45.00")  # 04-08, 04-09, 04-10


def test_no_surcharge_when_the_fine_is_paid_on_day_15(world):
    case = b.served(world)
    pay(world, case, amount="500", on=DAY_15, kind=m.PaymentKind.FINE)

    assert owed(case, d("2026-06-30")) == 0
    with refused(case, SURCHARGE):
        pay(world, case, amount="15", on=d("2026-06-30"))


def test_approved_deferment_moves_the_payment_deadline(world):
    case = b.served(world)
    s.deferment_approve(
        case=case, actor=world.head.user, on=d("2026-04-01"), until=d("2026-05-29"), instalments=1, reason="经营困难"
    )

    assert payment_deadline(load_facts(case)).date == d("2026-05-29")
    assert owed(case, d("2026-05-29")) == 0
    assert owed(case, d("2026-05-30")) == Decimal("15.00")


def test_a_payment_deadline_in_the_labour_day_holiday_rolls_to_the_next_working_day(world):
    # Served Thu 2026-04-16: the 15th day, 05-01, is inside the 05-01..05-05 holiday, so the period ends 05-06.
    case = noticed_case(world, served_on=d("2026-04-01"))
    decide(world, case, on=d("2026-04-14"))
    s.decision_serve(
        case=case,
        actor=world.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=d("2026-04-16"),
    )

    assert payment_deadline(load_facts(case)).date == d("2026-05-06")
    assert owed(case, d("2026-05-06")) == 0
    assert owed(case, d("2026-05-07")) == Decimal("15.00")


def test_self_check_flags_recorded_surcharges_above_the_fine(world):
    case = b.served(world)
    for amount in ("300", "300"):  # imported receipts, bypassing the services
        m.Payment.objects.create(
            case=case,
            recorded_by=world.officer.user,
            kind=m.PaymentKind.SURCHARGE,
            amount=Decimal(amount),
            paid_on=d("2026-06-30"),
        )

    found = self_check(case, today=d("2026-07-01"), prefix=SURCHARGE)

    assert codes(found) == {SURCHARGE}
    assert "超过罚款数额500.00元" in found[0].detail


def test_fine_payments_above_the_decided_fine_are_refused_as_input(world):
    case = b.served(world)
    pay(world, case, amount="300", on=d("2026-04-01"), kind=m.PaymentKind.FINE)

    with unchanged(case, InputError) as caught:
        pay(world, case, amount="200.01", on=d("2026-04-02"), kind=m.PaymentKind.FINE)
    assert "超过罚款500.00元" in str(caught.value)
    with unchanged(case, InputError):
        pay(world, case, amount="1", on=d("2026-04-02"), kind=m.PaymentKind.CONFISCATION)  # nothing was confiscated


def test_a_challenge_cannot_end_before_it_was_filed(world):
    case = b.served(world)

    with unchanged(case, InputError):
        s.challenge_record(
            case=case,
            actor=world.officer.user,
            kind=m.RemedyKind.LITIGATION,
            filed_on=d("2026-04-10"),
            ended_on=d("2026-04-09"),
        )
