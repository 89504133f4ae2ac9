"""Rule 13: the decision within 90 calendar days of filing, excluded periods not counted, +30 days with the head's
approval, beyond that only by collective discussion setting a new date (APL Art. 60; SAMR Art. 64)."""

from __future__ import annotations

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests.rules.support import codes, d, decide, noticed_case, refused, self_check, set_policy, statement

pytestmark = pytest.mark.django_db

DEADLINE = "APL-60-DECISION-DEADLINE"
EXTENSION = "SAMR-64-DEADLINE-EXTENSION"

FILED = d("2026-03-03")
DAY_90 = d("2026-06-01")  # a Monday
DAY_91 = d("2026-06-02")


def case_filed_march_3(world, **kw) -> m.Case:
    return noticed_case(world, filed_on=FILED, served_on=d("2026-05-20"), **kw)


def extend(world, case, *, on, days=30, discussion=None):
    return s.deadline_extend(
        case=case, actor=world.head.user, on=on, reason="案情复杂，需补充鉴定", days=days, discussion=discussion
    )


def discuss(world, case, *, on, new_deadline):
    return s.discussion_record(
        case=case,
        actor=world.mayor.user,
        held_on=on,
        participants="钱镇长、赵队长",
        conclusion="同意继续延长办案期限",
        new_deadline=new_deadline,
    )


def test_decision_on_day_90_is_in_time_and_day_91_is_refused(world):
    case = case_filed_march_3(world)

    with refused(case, DEADLINE) as caught:
        decide(world, case, on=DAY_91)
    assert "办案期限至2026年6月1日" in caught.value.findings[0].detail

    assert decide(world, case, on=DAY_90).decided_on == DAY_90


def test_a_day_90_on_a_holiday_rolls_to_the_next_working_day(world):
    # Filed 2026-07-03: day 90 is 2026-10-01, inside the 国庆 holiday (10-01..10-07), so the limit is 2026-10-08.
    case = noticed_case(world, filed_on=d("2026-07-03"), served_on=d("2026-09-01"))

    with refused(case, DEADLINE) as caught:
        decide(world, case, on=d("2026-10-09"))
    assert "2026年10月8日" in caught.value.findings[0].detail

    assert decide(world, case, on=d("2026-10-08"))


def test_suspension_ledger_days_are_not_counted(world):
    case = case_filed_march_3(world)
    # Ten calendar days of testing (2026-03-20..03-29 inclusive) move the limit from 06-01 to 06-11.
    s.case_suspend(
        case=case,
        actor=world.officer.user,
        approved_by=world.head,
        on=d("2026-03-20"),
        kind=m.SuspensionKind.TESTING,
        reason="送检",
    )
    s.case_resume(case=case, actor=world.head.user, on=d("2026-03-29"))

    with refused(case, DEADLINE):
        decide(world, case, on=d("2026-06-12"))

    assert decide(world, case, on=d("2026-06-11"))


def test_hearing_days_are_not_counted(world):
    set_policy(world, collective_discussion_for_all_reviewed=False)
    case = noticed_case(world, filed_on=FILED, served_on=d("2026-05-11"), hearing_right=True)
    statement(world, case, kind=m.StatementKind.HEARING_REQUEST, on=d("2026-05-13"))
    hearing = s.hearing_schedule(
        case=case,
        actor=world.officer.user,
        presider=world.head,
        notice_served_on=d("2026-05-14"),
        scheduled_on=d("2026-05-26"),
    )
    s.hearing_hold(
        hearing=hearing, actor=world.officer.user, held_on=d("2026-05-26"), ended_on=d("2026-05-27"), report="听证报告"
    )
    s.review_record(
        case=case,
        actor=world.reviewer.user,
        kind=m.ReviewKind.LEGAL,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=d("2026-05-28"),
    )
    # The hearing ledger runs from the request (05-13) to the end (05-27): 15 days, so the limit is 2026-06-16.

    with refused(case, DEADLINE):
        decide(world, case, on=d("2026-06-17"))

    assert decide(world, case, on=d("2026-06-16"))


def test_head_approved_extension_adds_thirty_days(world):
    case = case_filed_march_3(world)
    extension = extend(world, case, on=d("2026-05-29"))
    assert extension.approved_by == world.head

    with refused(case, DEADLINE):
        decide(world, case, on=d("2026-07-02"))

    assert decide(world, case, on=d("2026-07-01"))


def test_extension_on_the_last_day_is_allowed_but_not_after_the_deadline(world):
    case = case_filed_march_3(world)

    with refused(case, EXTENSION) as caught:
        extend(world, case, on=DAY_91)
    assert "已于2026年6月1日届满" in caught.value.findings[0].detail

    assert extend(world, case, on=DAY_90).days == 30


def test_head_extension_is_at_most_thirty_days_and_only_once(world):
    case = case_filed_march_3(world)

    with refused(case, EXTENSION) as caught:
        extend(world, case, on=d("2026-05-29"), days=31)
    assert "不得超过30日" in caught.value.findings[0].detail

    extend(world, case, on=d("2026-05-29"), days=20)
    with refused(case, EXTENSION) as caught:
        extend(world, case, on=d("2026-06-10"), days=10)
    assert "须经集体讨论" in caught.value.findings[0].detail


def test_beyond_thirty_days_only_a_collective_discussion_setting_a_new_date(world):
    case = case_filed_march_3(world)
    extend(world, case, on=d("2026-05-29"))  # limit now 2026-07-01

    vague = discuss(world, case, on=d("2026-06-25"), new_deadline=None)
    with refused(case, EXTENSION) as caught:
        extend(world, case, on=d("2026-06-25"), discussion=vague)
    assert "未确定新的办案期限" in caught.value.findings[0].detail

    shorter = discuss(world, case, on=d("2026-06-26"), new_deadline=d("2026-06-30"))
    with refused(case, EXTENSION) as caught:
        extend(world, case, on=d("2026-06-26"), discussion=shorter)
    assert "不晚于现有期限" in caught.value.findings[0].detail

    proper = discuss(world, case, on=d("2026-06-29"), new_deadline=d("2026-07-31"))
    extend(world, case, on=d("2026-06-29"), discussion=proper)

    with refused(case, DEADLINE):
        decide(world, case, on=d("2026-08-03"))
    assert decide(world, case, on=d("2026-07-31"))


def test_self_check_reports_an_undecided_case_past_its_deadline(world):
    case = case_filed_march_3(world)

    assert self_check(case, today=DAY_90, prefix=DEADLINE) == []
    late = self_check(case, today=DAY_91, prefix=DEADLINE)
    assert codes(late) == {DEADLINE}
    assert "至今未作出决定" in late[0].detail


def test_self_check_reports_a_recorded_decision_made_late(world):
    case = case_filed_march_3(world)
    decide(world, case, on=DAY_90)
    assert self_check(case, today=DAY_91, prefix=DEADLINE) == []

    m.Case.objects.filter(pk=case.pk).update(decided_on=DAY_91)  # e.g. a legacy file with the true date

    assert codes(self_check(case, today=DAY_91, prefix=DEADLINE)) == {DEADLINE}


def test_a_case_terminated_and_closed_without_a_decision_is_not_overdue(world):
    case = case_filed_march_3(world)
    s.case_terminate(
        case=case, actor=world.head.user, approved_by=world.mayor, on=d("2026-05-25"), reason="当事人死亡，无继承人"
    )
    s.case_close(
        case=case,
        actor=world.head.user,
        ground=m.ClosingGround.INVESTIGATION_TERMINATED,
        ground_on=d("2026-05-25"),
        on=d("2026-05-26"),
    )

    assert self_check(case, today=d("2026-09-01"), prefix=DEADLINE) == []
