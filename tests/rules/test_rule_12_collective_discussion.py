"""Rule 12: 集体讨论 dated on or before the decision for complex/serious cases, and (SAMR mode) for every case that
went through 法制审核 (APL Art. 57 para 2; SAMR Art. 60 para 2)."""

from __future__ import annotations

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests.rules.support import codes, d, decide, noticed_case, refused, self_check, set_policy

pytestmark = pytest.mark.django_db

DISCUSSION = "APL-57-COLLECTIVE-DISCUSSION"

SERVED = d("2026-06-01")  # statement period runs to 2026-06-08
DECIDE_ON = d("2026-06-09")


def discuss(world, case, *, on):
    return s.discussion_record(
        case=case,
        actor=world.mayor.user,
        held_on=on,
        participants="钱镇长、赵队长、孙审核",
        conclusion="同意给予罚款处罚",
    )


def legal_review(world, case, *, on):
    return s.review_record(
        case=case,
        actor=world.reviewer.user,
        kind=m.ReviewKind.LEGAL,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=on,
    )


def test_a_complex_case_cannot_be_decided_without_collective_discussion(world):
    case = noticed_case(world, served_on=SERVED, is_complex=True)

    with refused(case, DISCUSSION) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "情节复杂或重大违法" in caught.value.findings[0].detail

    discuss(world, case, on=DECIDE_ON)  # held on the decision day: on/before counts
    assert decide(world, case, on=DECIDE_ON).decided_on == DECIDE_ON


def test_a_discussion_held_after_the_decision_date_does_not_count(world):
    case = noticed_case(world, served_on=SERVED, is_complex=True)
    discuss(world, case, on=d("2026-06-10"))

    with refused(case, DISCUSSION):
        decide(world, case, on=DECIDE_ON)


def test_every_legally_reviewed_case_needs_discussion_by_default(world):
    case = noticed_case(world, served_on=SERVED, major_public_interest=True)
    legal_review(world, case, on=d("2026-06-08"))

    with refused(case, DISCUSSION) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "经法制审核" in caught.value.findings[0].detail

    discuss(world, case, on=d("2026-06-08"))
    assert decide(world, case, on=DECIDE_ON)


def test_policy_can_limit_discussion_to_complex_cases(world):
    set_policy(world, collective_discussion_for_all_reviewed=False)
    case = noticed_case(world, served_on=SERVED, major_public_interest=True)
    legal_review(world, case, on=d("2026-06-08"))

    assert decide(world, case, on=DECIDE_ON).decided_on == DECIDE_ON


def test_an_ordinary_case_needs_no_discussion(world):
    case = noticed_case(world, served_on=SERVED)

    assert decide(world, case, on=DECIDE_ON)
    assert self_check(case, today=DECIDE_ON, prefix="APL-57") == []


def test_self_check_flags_a_recorded_complex_decision_without_discussion(world):
    case = noticed_case(world, served_on=SERVED, is_complex=True)
    discussion = discuss(world, case, on=DECIDE_ON)
    decide(world, case, on=DECIDE_ON)
    assert self_check(case, today=DECIDE_ON, prefix="APL-57") == []

    m.CollectiveDiscussion.objects.filter(pk=discussion.pk).update(held_on=d("2026-06-12"))  # the record says later

    assert DISCUSSION in codes(self_check(case, today=DECIDE_ON))
