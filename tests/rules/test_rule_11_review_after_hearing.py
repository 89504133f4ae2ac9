"""Rule 11: for a case that went through a hearing, the approving 法制审核 is dated on or after the hearing ended
(SAMR Art. 50 para 2)."""

from __future__ import annotations

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests.rules.support import codes, d, decide, noticed_case, refused, self_check, statement

pytestmark = pytest.mark.django_db

AFTER_HEARING = "SAMR-50-REVIEW-AFTER-HEARING"
REQUIRED = "APL-58-LEGAL-REVIEW-REQUIRED"

SERVED = d("2026-05-11")  # notice with the hearing right served on a Monday
REQUESTED = d("2026-05-13")
HEARING_NOTICE = d("2026-05-14")
HEARING_ON = d("2026-05-26")  # ≥ 7 working days after the hearing notice
HEARING_ENDED = d("2026-05-27")
DECIDE_ON = d("2026-06-01")


@pytest.fixture(autouse=True)
def _no_collective_discussion_needed(world):
    m.ProcedurePolicy.objects.create(unit=world.township, collective_discussion_for_all_reviewed=False)


def legal_review(world, case, *, on, result=m.ReviewResult.APPROVE):
    return s.review_record(
        case=case, actor=world.reviewer.user, kind=m.ReviewKind.LEGAL, result=result, opinion="法制审核意见", on=on
    )


def heard_case(world, *, review_before_on=None, party_absent=False, **kw) -> m.Case:
    """A hearing case: the party asked for a hearing, which was held (or skipped by the party) and ended."""
    case = noticed_case(world, served_on=SERVED, hearing_right=True, **kw)
    if review_before_on is not None:
        legal_review(world, case, on=review_before_on)
    statement(world, case, kind=m.StatementKind.HEARING_REQUEST, on=REQUESTED)
    hearing = s.hearing_schedule(
        case=case,
        actor=world.officer.user,
        presider=world.head,
        notice_served_on=HEARING_NOTICE,
        scheduled_on=HEARING_ON,
    )
    s.hearing_hold(
        hearing=hearing,
        actor=world.officer.user,
        held_on=HEARING_ON,
        ended_on=HEARING_ENDED,
        report="" if party_absent else "听证报告：当事人申辩理由不成立",
        party_absent=party_absent,
    )
    case.refresh_from_db()
    return case


def test_a_review_approved_before_the_hearing_does_not_clear_the_decision(world):
    case = heard_case(world, review_before_on=d("2026-05-12"))

    with refused(case, AFTER_HEARING) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "2026年5月27日结束" in caught.value.findings[0].detail


def test_a_review_approved_on_the_day_the_hearing_ended_clears_the_decision(world):
    case = heard_case(world, review_before_on=d("2026-05-12"))
    legal_review(world, case, on=HEARING_ENDED)

    assert decide(world, case, on=DECIDE_ON).decided_on == DECIDE_ON
    assert self_check(case, today=DECIDE_ON, prefix="SAMR-50") == []


def test_a_held_hearing_makes_legal_review_mandatory(world):
    case = heard_case(world)

    with refused(case, REQUIRED, AFTER_HEARING) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "经过听证程序" in next(f.detail for f in caught.value.findings if f.rule == REQUIRED)

    legal_review(world, case, on=d("2026-05-29"))
    assert decide(world, case, on=DECIDE_ON)


def test_a_failing_review_after_the_hearing_is_not_enough(world):
    case = heard_case(world)
    legal_review(world, case, on=d("2026-05-28"), result=m.ReviewResult.CORRECT)

    with refused(case, REQUIRED, AFTER_HEARING):
        decide(world, case, on=DECIDE_ON)


def test_a_hearing_the_party_did_not_attend_is_no_hearing(world):
    case = heard_case(world, party_absent=True)

    assert decide(world, case, on=DECIDE_ON).decided_on == DECIDE_ON


def test_self_check_flags_a_decided_hearing_case_whose_review_predates_the_hearing_end(world):
    case = heard_case(world)
    review = legal_review(world, case, on=HEARING_ENDED)
    decide(world, case, on=DECIDE_ON)
    assert self_check(case, today=DECIDE_ON, prefix="SAMR-50") == []

    m.ReviewOpinion.objects.filter(pk=review.pk).update(reviewed_on=d("2026-05-26"))  # the file shows an earlier date

    assert AFTER_HEARING in codes(self_check(case, today=DECIDE_ON))
