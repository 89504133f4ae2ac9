"""Rule 7: no penalty decision before the statement/defence period (default 5 working days after service of the
notice, SAMR Art. 57) has elapsed, unless a written waiver or a rechecked statement is recorded (APL Arts. 45, 62).

Working days follow the official 2026 schedule (APL Art. 85): 春节 2026-02-15..23 with make-up workdays Saturday
02-14 and Saturday 02-28; 中秋/国庆 2026-09-25..27 and 10-01..07 with make-up workdays Sunday 09-20 and Saturday 10-10.
"""

import datetime as dt

import pytest
import time_machine

from casemgmt.cases import clocks
from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import load_facts

from .support import SHANGHAI, d, decide, noticed_case, refused, self_check, set_policy, statement, waive

pytestmark = pytest.mark.django_db

PERIOD = "SAMR-57-STATEMENT-PERIOD"


def assert_refused_on(world, case, *days):
    for day in days:
        with refused(case, PERIOD):
            decide(world, case, on=d(day))


def test_service_on_friday_runs_to_the_next_friday(world):
    # Served Friday 03-13: working days 16, 17, 18, 19, 20.
    case = noticed_case(world, served_on=d("2026-03-13"))
    with refused(case, PERIOD) as caught:
        decide(world, case, on=d("2026-03-20"))
    assert "陈述申辩期限至2026年3月20日届满" in caught.value.findings[0].detail

    assert decide(world, case, on=d("2026-03-23")).decided_on == d("2026-03-23")


def test_period_ending_across_a_weekend_does_not_count_saturday_and_sunday(world):
    # Served Monday 03-09: working days 10, 11, 12, 13, then Monday 16 (not Saturday 14).
    case = noticed_case(world, served_on=d("2026-03-09"))
    assert_refused_on(world, case, "2026-03-14", "2026-03-15", "2026-03-16")
    decide(world, case, on=d("2026-03-17"))


def test_national_day_holiday_is_skipped_and_its_make_up_saturday_counts(world):
    # Served Wednesday 09-30: 10-01..07 holiday; working days 08, 09, Saturday 10 (调休), 12, 13.
    case = noticed_case(world, served_on=d("2026-09-30"))
    assert_refused_on(world, case, "2026-10-08", "2026-10-12", "2026-10-13")
    decide(world, case, on=d("2026-10-14"))


def test_spring_festival_is_skipped_and_its_make_up_saturday_counts(world):
    # Served Thursday 02-12: working days Friday 13, Saturday 14 (调休), then 24, 25, 26 after the holiday.
    case = noticed_case(world, served_on=d("2026-02-12"))
    assert_refused_on(world, case, "2026-02-23", "2026-02-26")
    decide(world, case, on=d("2026-02-27"))


def test_make_up_saturday_after_spring_festival_is_a_working_day(world):
    # Served Friday 02-27: working days Saturday 28 (调休), 03-02, 03, 04, 05 — a weekday-only count would say 03-06.
    case = noticed_case(world, served_on=d("2026-02-27"))
    assert_refused_on(world, case, "2026-03-05")
    decide(world, case, on=d("2026-03-06"))


def test_the_period_is_configurable_in_the_procedure_policy(world):
    set_policy(world, statement_period_working_days=3)
    case = noticed_case(world, served_on=d("2026-03-13"))
    assert_refused_on(world, case, "2026-03-18")
    decide(world, case, on=d("2026-03-19"))


def test_a_written_waiver_allows_an_earlier_decision(world):
    case = noticed_case(world, served_on=d("2026-03-13"))
    waive(world, case, on=d("2026-03-16"))
    assert decide(world, case, on=d("2026-03-16")).decided_on == d("2026-03-16")


def test_a_decision_dated_before_the_waiver_is_refused(world):
    case = noticed_case(world, served_on=d("2026-03-13"))
    waive(world, case, on=d("2026-03-17"))
    assert_refused_on(world, case, "2026-03-16")


def test_a_rechecked_statement_allows_an_earlier_decision(world):
    case = noticed_case(world, served_on=d("2026-03-13"))
    st = statement(world, case, kind=m.StatementKind.STATEMENT, on=d("2026-03-16"))
    s.statement_recheck(
        statement=st, actor=world.head.user, recheck="所述不影响事实认定", adopted=False, on=d("2026-03-17")
    )
    assert decide(world, case, on=d("2026-03-17")).decided_on == d("2026-03-17")


def test_a_statement_not_yet_rechecked_blocks_the_decision_even_after_the_period(world):
    case = noticed_case(world, served_on=d("2026-03-13"))
    st = statement(world, case, kind=m.StatementKind.STATEMENT, on=d("2026-03-16"))
    with refused(case, PERIOD) as caught:
        decide(world, case, on=d("2026-03-23"))
    assert "尚未复核" in caught.value.findings[0].detail

    s.statement_recheck(statement=st, actor=world.head.user, recheck="部分采纳", adopted=True, on=d("2026-03-23"))
    decide(world, case, on=d("2026-03-23"))


def test_waiving_the_statement_does_not_cut_short_the_hearing_request_period(world):
    case = noticed_case(world, served_on=d("2026-03-13"), hearing_right=True)
    waive(world, case, on=d("2026-03-16"))
    with refused(case, PERIOD) as caught:
        decide(world, case, on=d("2026-03-20"))
    assert "听证申请期限至2026年3月20日届满" in caught.value.findings[0].detail

    decide(world, case, on=d("2026-03-23"))


def test_a_written_waiver_of_both_rights_allows_the_decision_the_same_day(world):
    case = noticed_case(world, served_on=d("2026-03-13"), hearing_right=True)
    waive(world, case, on=d("2026-03-16"), statement=True, hearing=True)
    assert decide(world, case, on=d("2026-03-16")).decided_on == d("2026-03-16")


def test_a_written_waiver_of_the_hearing_alone_leaves_the_statement_period_running(world):
    case = noticed_case(world, served_on=d("2026-03-13"), hearing_right=True)
    waive(world, case, on=d("2026-03-16"), statement=False, hearing=True)
    with refused(case, PERIOD) as caught:
        decide(world, case, on=d("2026-03-20"))
    assert "陈述申辩期限至2026年3月20日届满" in caught.value.findings[0].detail

    decide(world, case, on=d("2026-03-23"))


def test_a_decision_dated_before_the_waiver_of_both_rights_is_refused(world):
    case = noticed_case(world, served_on=d("2026-03-13"), hearing_right=True)
    waive(world, case, on=d("2026-03-17"), statement=True, hearing=True)
    assert_refused_on(world, case, "2026-03-16")
    decide(world, case, on=d("2026-03-17"))


def test_record_statement_no_longer_takes_a_waiver(world):
    from casemgmt.cases.services.base import InputError

    case = noticed_case(world, served_on=d("2026-03-13"))
    with pytest.raises(InputError, match="书面放弃陈述申辩/听证"):
        statement(world, case, kind=m.StatementKind.WAIVER, on=d("2026-03-16"))


def test_a_period_running_into_2027_is_provisional(world):
    # 2027's official schedule is not published: the statement period (the party's) ends on its latest end.
    with time_machine.travel(dt.datetime(2027, 1, 20, 10, tzinfo=SHANGHAI), tick=False):
        case = noticed_case(world, served_on=d("2026-12-29"))
        end = clocks.statement_period_end(load_facts(case), case.notices.get())
        # The party's period ends on the latest plausible date: Monday 2027-01-04 may be bridged to 元旦.
        assert (end.date, end.provisional) == (d("2027-01-07"), True)

        with refused(case, PERIOD) as caught:
            decide(world, case, on=d("2027-01-07"))
        assert "2027年1月7日（暂定）" in caught.value.findings[0].detail
        decide(world, case, on=d("2027-01-08"))


def test_a_period_inside_2026_is_not_provisional(world):
    case = noticed_case(world, served_on=d("2026-03-13"))
    end = clocks.statement_period_end(load_facts(case), case.notices.get())
    assert (end.date, end.provisional) == (d("2026-03-20"), False)


def test_self_check_flags_a_decision_recorded_inside_the_period(world):
    case = noticed_case(world, served_on=d("2026-03-13"))
    decision = decide(world, case, on=d("2026-03-23"))
    assert self_check(case, today=d("2026-03-23"), prefix="SAMR-57") == []

    m.Decision.objects.filter(pk=decision.pk).update(decided_on=d("2026-03-19"))  # back-dated behind the service
    assert [f.rule for f in self_check(case, today=d("2026-03-23"), prefix="SAMR-57")] == [PERIOD]


def test_while_a_year_is_provisional_the_decision_waits_for_the_latest_possible_end(world):
    from casemgmt.legalcal.calendar import treat_as_unpublished

    case = noticed_case(world, served_on=d("2026-09-30"))
    true_end = clocks.statement_period_end(load_facts(case), case.notices.get())
    with treat_as_unpublished(2026):
        end = clocks.statement_period_end(load_facts(case), case.notices.get())
        assert end.provisional and end.date > true_end.date
        with refused(case, PERIOD) as caught:
            decide(world, case, on=true_end.date + dt.timedelta(days=1))
        assert "（暂定）" in caught.value.findings[0].detail
