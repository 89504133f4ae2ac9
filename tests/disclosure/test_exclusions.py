"""Decisions that are not published are left out, each with its reason (the rulebook's must_publish)."""

import datetime as dt

from casemgmt.cases import models as m
from tests import builders as b
from tests.disclosure.conftest import decided_case
from tests.disclosure.support import batch_for


def test_a_no_penalty_decision_is_excluded_with_its_reason(pub):
    case = b.noticed(pub)
    b.decide(pub, case, on=dt.date(2026, 3, 20), kind=m.DecisionKind.NO_PENALTY_MINOR, types=[], fine=0)
    batch = batch_for(pub.officer.user)
    assert batch.records == []
    [excluded] = batch.exclusions
    assert excluded.case_id == case.pk and "不是行政处罚决定" in excluded.reason


def test_a_warning_only_decision_is_excluded_and_a_fine_is_not(pub):
    warned = b.decided(pub, types=("warning",), fine=0)
    fined = decided_case(pub)
    batch = batch_for(pub.officer.user)
    assert [r.case_id for r in batch.records] == [fined.pk]
    [excluded] = batch.exclusions
    assert excluded.case_id == warned.pk and "仅给予警告" in excluded.reason
