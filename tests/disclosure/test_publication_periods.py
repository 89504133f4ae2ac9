"""公示期限 by penalty type, read from rulebook.publication (short for 通报批评 / small fines, else three years)."""

import datetime as dt
from decimal import Decimal

from casemgmt.cases.models import ProcedurePolicy
from casemgmt.cases.rulebook.publication import (
    LONG_PUBLICATION_YEARS,
    SHORT_PUBLICATION_MONTHS,
    publication_end,
    publication_months,
)

POLICY = ProcedurePolicy()  # built-in defaults: summary ceilings 200 元 / 3,000 元


def months(types, fine="0", citizen=True):
    return publication_months(penalty_types=types, fine=Decimal(fine), is_citizen=citizen, policy=POLICY)


def test_criticism_and_fines_within_the_summary_ceiling_are_short():
    assert months(["criticism"]) == SHORT_PUBLICATION_MONTHS
    assert months(["fine"], "200") == SHORT_PUBLICATION_MONTHS
    assert months(["fine"], "3000", citizen=False) == SHORT_PUBLICATION_MONTHS


def test_larger_fines_and_other_penalties_are_long():
    assert months(["fine"], "200.01") == LONG_PUBLICATION_YEARS * 12
    assert months(["fine", "confiscate_income"], "100") == LONG_PUBLICATION_YEARS * 12
    assert months(["suspend_business"]) == LONG_PUBLICATION_YEARS * 12


def test_end_dates(db):
    assert publication_end(published_on=dt.date(2026, 11, 30), months=3) == dt.date(2027, 2, 28)
    assert publication_end(published_on=dt.date(2028, 2, 29), months=36) == dt.date(2031, 2, 28)
