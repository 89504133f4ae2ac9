"""Rule 6: no penalty decision before the prior notice has a recorded service date (APL Arts. 44, 62)."""

import pytest

from casemgmt.cases import models as m
from casemgmt.cases.services import ConflictError

from .support import d, decide, issue_notice, noticed_case, refused, reviewed_case, self_check, serve_notice, unchanged

pytestmark = pytest.mark.django_db

NOTICE = "APL-62-NOTICE-SERVED"
PERIOD = "SAMR-57-STATEMENT-PERIOD"


def test_penalty_without_any_prior_notice_is_refused(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"))
    with refused(case, NOTICE) as caught:
        decide(world, case, on=d("2026-03-20"), types=["fine"], fine=500)
    assert caught.value.findings[0].detail == "尚未制作行政处罚事先告知书"


def test_penalty_after_an_unserved_notice_is_refused(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"))
    issue_notice(world, case, on=d("2026-03-12"))
    with refused(case, NOTICE) as caught:
        decide(world, case, on=d("2026-03-30"))
    assert caught.value.findings[0].detail == "行政处罚事先告知书尚无送达日期"


def test_penalty_dated_before_the_notice_was_served_is_refused(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"))
    notice = issue_notice(world, case, on=d("2026-03-12"))
    serve_notice(world, notice, d("2026-03-20"))
    with refused(case, NOTICE, PERIOD):
        decide(world, case, on=d("2026-03-19"))


def test_penalty_after_the_served_notice_and_its_period_is_allowed(world):
    case = noticed_case(world, served_on=d("2026-03-12"))
    decision = decide(world, case, on=d("2026-03-20"))

    case.refresh_from_db()
    assert decision.decided_on == d("2026-03-20")
    assert case.status == m.CaseStatus.DECIDED
    assert self_check(case, today=d("2026-03-20"), prefix="APL-62") == []


def test_a_no_penalty_decision_needs_no_prior_notice(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"))
    decision = decide(world, case, on=d("2026-03-12"), kind=m.DecisionKind.NOT_ESTABLISHED, types=[], fine=0)
    assert decision.kind == m.DecisionKind.NOT_ESTABLISHED


def test_self_check_flags_a_decision_whose_notice_lost_its_service_date(world):
    case = noticed_case(world, served_on=d("2026-03-12"))
    decide(world, case, on=d("2026-03-20"))
    case.notices.update(served_on=None)  # e.g. a corrupted import

    assert [f.rule for f in self_check(case, today=d("2026-03-20"), prefix="APL-62")] == [NOTICE]


def test_serving_a_superseded_notice_is_refused(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"))
    old = issue_notice(world, case, on=d("2026-03-12"))
    issue_notice(world, case, on=d("2026-03-13"), fine=400)
    with unchanged(case, ConflictError):
        serve_notice(world, old, d("2026-03-13"))
