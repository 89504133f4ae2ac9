"""Rule 8: hearings (APL Arts. 63–65). The notice states the hearing right when a configured 较大数额 threshold or
a licence-type penalty applies; a request is accepted within 5 working days of service; the hearing is held ≥ 7
working days after its notice; the presider is not an investigator; the decision waits for the hearing to end."""

from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.models.policy import Comparison
from casemgmt.cases.services import ConflictError

from .support import (
    d,
    decide,
    issue_notice,
    noticed_case,
    refused,
    reviewed_case,
    self_check,
    statement,
    unchanged,
)

pytestmark = pytest.mark.django_db

RIGHT = "APL-63-HEARING-RIGHT-IN-NOTICE"
REQUEST = "APL-64-HEARING-REQUEST-PERIOD"
NOTICE_PERIOD = "APL-64-HEARING-NOTICE-PERIOD"
PRESIDER = "APL-64-PRESIDER-NOT-INVESTIGATOR"
BEFORE_DECISION = "APL-64-HEARING-BEFORE-DECISION"


def jiangxi_threshold(**kw) -> m.HearingTrigger:
    """江西省: citizens ≥ 3,000 yuan, organisations ≥ 20,000 yuan (legal brief §3.3)."""
    fields = {
        "citizen_fine": Decimal("3000"),
        "organisation_fine": Decimal("20000"),
        "effective_from": d("2021-07-15"),
        "source": "江西省行政处罚听证程序规定",
    }
    return m.HearingTrigger.objects.create(**{**fields, **kw})


def review_case(world, **kw):
    return reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"), **kw)


def request_hearing(world, case, on):
    return statement(world, case, kind=m.StatementKind.HEARING_REQUEST, on=on)


def schedule(world, case, *, served, on, presider=None):
    return s.hearing_schedule(
        case=case, actor=world.head.user, presider=presider or world.head, notice_served_on=served, scheduled_on=on
    )


# --- the hearing right in the notice ------------------------------------------------------------------------------


def test_notice_of_a_fine_reaching_the_threshold_must_state_the_hearing_right(world):
    jiangxi_threshold()
    case = review_case(world, fine=Decimal("3000"))
    with refused(case, RIGHT) as caught:
        issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("3000"))
    assert "达到较大数额标准（江西省行政处罚听证程序规定）" in caught.value.findings[0].detail

    notice = issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("3000"), hearing_right=True)
    assert notice.includes_hearing_right


def test_notice_of_a_fine_below_the_threshold_needs_no_hearing_right(world):
    jiangxi_threshold()
    case = review_case(world)
    assert not issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("2999.99")).includes_hearing_right


def test_a_strictly_greater_threshold_is_not_reached_by_an_equal_fine(world):
    jiangxi_threshold(comparison=Comparison.GT)
    case = review_case(world)
    assert not issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("3000")).includes_hearing_right


def test_organisations_are_measured_against_their_own_threshold(world):
    jiangxi_threshold()
    case = review_case(world, party_kind=m.PartyKind.ORGANISATION)
    issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("19999"))
    with refused(case, RIGHT):
        issue_notice(world, case, on=d("2026-03-13"), fine=Decimal("20000"))


def test_a_threshold_not_yet_in_force_on_the_notice_date_does_not_apply(world):
    jiangxi_threshold(effective_from=d("2026-04-01"))
    case = review_case(world)
    assert not issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("5000")).includes_hearing_right


def test_a_threshold_of_another_township_does_not_apply(world):
    jiangxi_threshold(unit=world.other_township)
    case = review_case(world)
    assert not issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("5000")).includes_hearing_right


def test_notice_of_a_licence_revocation_must_state_the_hearing_right_without_any_threshold(world):
    case = review_case(world)
    with refused(case, RIGHT) as caught:
        issue_notice(world, case, on=d("2026-03-12"), types=("revoke_licence",), fine=0)
    assert "吊销许可证件" in caught.value.findings[0].detail


def test_self_check_flags_a_notice_issued_without_the_right_under_a_threshold_entered_later(world):
    case = review_case(world)
    issue_notice(world, case, on=d("2026-03-12"), fine=Decimal("5000"))
    assert self_check(case, today=d("2026-03-20"), prefix="APL-63") == []

    jiangxi_threshold()  # the province's rule was in force; the administrator entered it late
    assert [f.rule for f in self_check(case, today=d("2026-03-20"), prefix="APL-63")] == [RIGHT]


# --- the request period ---------------------------------------------------------------------------------------------


def test_hearing_request_on_the_fifth_working_day_is_accepted(world):
    # Served Friday 03-13: the fifth working day is Friday 03-20.
    case = noticed_case(world, served_on=d("2026-03-13"), hearing_right=True)
    request_hearing(world, case, d("2026-03-20"))

    case.refresh_from_db()
    assert case.status == m.CaseStatus.HEARING


def test_hearing_request_on_the_sixth_working_day_is_refused(world):
    case = noticed_case(world, served_on=d("2026-03-13"), hearing_right=True)
    with refused(case, REQUEST) as caught:
        request_hearing(world, case, d("2026-03-23"))
    assert "听证申请期限至2026年3月20日届满" in caught.value.findings[0].detail


def test_hearing_request_period_skips_national_day_and_counts_the_make_up_saturday(world):
    # Served Wednesday 09-30: working days 10-08, 09, Saturday 10 (调休), 12, 13.
    case = noticed_case(world, served_on=d("2026-09-30"), hearing_right=True)
    with refused(case, REQUEST):
        request_hearing(world, case, d("2026-10-14"))
    request_hearing(world, case, d("2026-10-13"))


def test_hearing_request_on_a_notice_without_the_hearing_right_is_refused(world):
    case = noticed_case(world, served_on=d("2026-03-13"))
    with refused(case, REQUEST) as caught:
        request_hearing(world, case, d("2026-03-16"))
    assert "未告知听证权利" in caught.value.findings[0].detail


# --- the hearing notice and the presider ----------------------------------------------------------------------------


def requested_case(world, *, served_on="2026-03-13", requested_on="2026-03-16"):
    case = noticed_case(world, served_on=d(served_on), hearing_right=True)
    request_hearing(world, case, d(requested_on))
    case.refresh_from_db()
    return case


def test_hearing_on_the_seventh_working_day_after_its_notice_is_allowed(world):
    # Hearing notice served Monday 03-16: working days 17, 18, 19, 20, 23, 24, 25.
    case = requested_case(world)
    with refused(case, NOTICE_PERIOD) as caught:
        schedule(world, case, served=d("2026-03-16"), on=d("2026-03-24"))
    assert "最早应在2026年3月25日举行" in caught.value.findings[0].detail

    assert schedule(world, case, served=d("2026-03-16"), on=d("2026-03-25")).scheduled_on == d("2026-03-25")


def test_hearing_notice_period_skips_mid_autumn_and_national_day_and_counts_the_make_up_saturday(world):
    # Hearing notice served Wednesday 09-23: working days 09-24, 28, 29, 30, 10-08, 09, Saturday 10-10 (调休).
    case = requested_case(world, served_on="2026-09-21", requested_on="2026-09-22")
    with refused(case, NOTICE_PERIOD):
        schedule(world, case, served=d("2026-09-23"), on=d("2026-10-09"))
    schedule(world, case, served=d("2026-09-23"), on=d("2026-10-10"))


def test_a_case_officer_may_not_preside(world):
    case = requested_case(world)
    with refused(case, PRESIDER) as caught:
        schedule(world, case, served=d("2026-03-16"), on=d("2026-03-25"), presider=world.colleague)
    assert "李执法是本案承办（调查）人员" in caught.value.findings[0].detail


def test_an_officer_released_from_the_case_may_not_preside_either(world):
    case = requested_case(world)
    s.case_assign_officers(
        case=case,
        actor=world.head.user,
        add=[world.third],
        release=[world.colleague],
        on=d("2026-03-16"),
        reason="回避",
    )
    with refused(case, PRESIDER):
        schedule(world, case, served=d("2026-03-16"), on=d("2026-03-25"), presider=world.colleague)


# --- the decision waits for the hearing -------------------------------------------------------------------------------


def test_no_decision_while_the_requested_hearing_is_pending(world):
    case = requested_case(world)
    schedule(world, case, served=d("2026-03-16"), on=d("2026-03-25"))
    with unchanged(case, ConflictError):
        decide(world, case, on=d("2026-03-30"))


def held_case(world, *, party_absent=False):
    case = requested_case(world)
    hearing = schedule(world, case, served=d("2026-03-16"), on=d("2026-03-25"))
    s.hearing_hold(
        hearing=hearing,
        actor=world.head.user,
        held_on=d("2026-03-25"),
        ended_on=d("2026-03-26"),
        report="" if party_absent else "当事人对事实无异议，请求从轻",
        party_absent=party_absent,
    )
    case.refresh_from_db()
    return case


def test_decision_dated_before_the_hearing_ended_is_refused(world):
    case = held_case(world)
    # The hearing also makes legal review and collective discussion mandatory (rules 10–12), not done yet.
    with refused(case, BEFORE_DECISION, exact=False) as caught:
        decide(world, case, on=d("2026-03-25"))
    detail = next(f.detail for f in caught.value.findings if f.rule == BEFORE_DECISION)
    assert detail == "听证于2026年3月26日结束，不能在2026年3月25日作出决定"


def test_decision_after_the_hearing_legal_review_and_discussion_is_allowed(world):
    case = held_case(world)
    s.review_record(
        case=case,
        actor=world.reviewer.user,
        kind=m.ReviewKind.LEGAL,
        result=m.ReviewResult.APPROVE,
        opinion="听证后审核，同意",
        on=d("2026-03-27"),
    )
    s.discussion_record(
        case=case, actor=world.mayor.user, held_on=d("2026-03-27"), participants="钱镇长、赵队长", conclusion="同意处罚"
    )
    decide(world, case, on=d("2026-03-27"))

    assert self_check(case, today=d("2026-03-27"), prefix="APL-6") == []  # APL-62/63/64 rules

    case.hearings.update(ended_on=d("2026-03-30"))  # a record corrected behind the service
    assert {f.rule for f in self_check(case, today=d("2026-03-30"), prefix="APL-64")} == {BEFORE_DECISION}


def test_party_absent_without_reason_counts_as_waiver(world):
    case = held_case(world, party_absent=True)
    # No hearing was held, so nothing more is required before deciding.
    assert decide(world, case, on=d("2026-03-26")).decided_on == d("2026-03-26")


def test_a_hearing_cannot_be_recorded_as_ended_in_the_future(world):
    case = requested_case(world)
    hearing = schedule(world, case, served=d("2026-03-16"), on=d("2026-12-15"))
    with unchanged(case, s.InputError):
        s.hearing_hold(
            hearing=hearing, actor=world.head.user, held_on=d("2026-12-15"), ended_on=d("2026-12-16"), report="…"
        )


def test_self_check_flags_a_recorded_hearing_with_a_short_notice_and_an_investigator_presiding(world):
    case = held_case(world)
    case.hearings.update(notice_served_on=d("2026-03-20"), presider=world.officer)  # legacy data

    assert {f.rule for f in self_check(case, today=d("2026-03-27"), prefix="APL-64")} == {NOTICE_PERIOD, PRESIDER}


def test_a_timely_hearing_request_is_accepted_while_its_year_is_provisional(world):
    # Replay 2026 as if its schedule were unpublished: the request on the true fifth working day (10-13) is
    # accepted, the period ending on the latest date any plausible schedule could give.
    from casemgmt.cases import clocks
    from casemgmt.cases.rulebook import load_facts
    from casemgmt.legalcal.calendar import treat_as_unpublished

    case = noticed_case(world, served_on=d("2026-09-30"), hearing_right=True)
    with treat_as_unpublished(2026):
        end = clocks.hearing_request_end(load_facts(case), case.notices.get())
        assert end.provisional and end.date > d("2026-10-13")
        request_hearing(world, case, d("2026-10-13"))
    case.refresh_from_db()
    assert case.status == m.CaseStatus.HEARING
