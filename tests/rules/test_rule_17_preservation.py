"""Rule 17: 先行登记保存 needs the head's approval, or in an emergency a report within 24 hours; it must be disposed
of within 7 working days, otherwise it lapses (APL Art. 56; SAMR Arts. 33–35)."""

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.services import ConflictError
from tests import builders as b

from .support import MEASURE_ON, at, d, filed_case, refused, self_check, unchanged
from .support import dispose_measure as dispose
from .support import take_measure as take

pytestmark = pytest.mark.django_db

APPROVAL = "APL-56-PRESERVATION-APPROVAL"
SEVEN_DAYS = "APL-56-PRESERVATION-7-DAYS"
TAKEN_ON = MEASURE_ON  # 2026-03-05, Thursday: working days 06, 09, 10, 11, 12, 13, 16 -> deadline Monday 03-16


# --- approval ------------------------------------------------------------------------------------------------------


def test_preservation_approved_by_the_agency_head_is_allowed(world):
    case = b.filed(world)
    measure = take(world, case)
    assert measure.approved_by == world.mayor
    assert self_check(case, today=TAKEN_ON, prefix="APL-56") == []


def test_preservation_without_approval_or_emergency_is_refused(world):
    case = b.filed(world)
    with refused(case, APPROVAL) as caught:
        take(world, case, approved_by=None)
    assert caught.value.findings[0].detail == "未经负责人批准，也未注明情况紧急"


def test_preservation_approved_by_an_ordinary_officer_is_refused(world):
    case = b.filed(world)
    with refused(case, APPROVAL):
        take(world, case, approved_by="third")


def emergency(world, case):
    return take(world, case, approved_by=None, emergency=True)


def report(world, measure, *, after: dt.timedelta, approved_by="mayor"):
    return s.measure_report_emergency(
        measure=measure,
        actor=world.officer.user,
        approved_by=getattr(world, approved_by),
        reported_at=measure.taken_at + after,
    )


def test_emergency_reported_exactly_24_hours_later_is_approved(world):
    case = b.filed(world)
    measure = report(world, emergency(world, case), after=dt.timedelta(hours=24))

    assert (measure.approved_by, measure.emergency_reported_at) == (world.mayor, at(TAKEN_ON) + dt.timedelta(hours=24))
    assert self_check(case, today=d("2026-03-06"), prefix="APL-56-PRESERVATION-APPROVAL") == []


def test_emergency_reported_24_hours_and_one_minute_later_is_refused(world):
    case = b.filed(world)
    measure = emergency(world, case)
    with refused(case, APPROVAL) as caught:
        report(world, measure, after=dt.timedelta(hours=24, minutes=1))
    assert "报告时间已超过二十四小时" in caught.value.findings[0].detail


def test_emergency_report_approved_by_an_ordinary_officer_is_refused(world):
    case = b.filed(world)
    measure = emergency(world, case)
    with refused(case, APPROVAL):
        report(world, measure, after=dt.timedelta(hours=2), approved_by="colleague")


def test_a_report_dated_before_the_measure_was_taken_is_refused(world):
    case = b.filed(world)
    measure = emergency(world, case)
    with unchanged(case, s.InputError):
        report(world, measure, after=-dt.timedelta(minutes=5))


def test_self_check_flags_an_emergency_never_reported_once_24_hours_have_passed(world):
    case = b.filed(world)
    emergency(world, case)

    assert self_check(case, today=TAKEN_ON, prefix="APL-56-PRESERVATION-APPROVAL") == []
    findings = self_check(case, today=d("2026-03-06"), prefix="APL-56-PRESERVATION-APPROVAL")
    assert [f.detail for f in findings] == ["先行登记保存（2026年3月5日）紧急实施后二十四小时内未报告负责人"]


# --- disposal within 7 working days ----------------------------------------------------------------------------------


def test_disposal_on_the_seventh_working_day_is_allowed(world):
    case = b.filed(world)
    measure = dispose(world, take(world, case), d("2026-03-16"))
    assert measure.disposal == m.MeasureDisposal.RECORDED
    assert self_check(case, today=d("2026-03-20"), prefix="APL-56") == []


def test_disposal_on_the_eighth_working_day_is_refused(world):
    case = b.filed(world)
    measure = take(world, case)
    with refused(case, SEVEN_DAYS) as caught:
        dispose(world, measure, d("2026-03-17"))
    assert "处理期限至2026年3月16日届满" in caught.value.findings[0].detail


def test_disposal_period_skips_national_day_and_counts_the_make_up_saturday(world):
    # Taken Wednesday 09-30: working days 10-08, 09, Saturday 10 (调休), 12, 13, 14, 15.
    case = filed_case(world, filed_on=d("2026-09-28"))
    measure = take(world, case, on=d("2026-09-30"))
    with refused(case, SEVEN_DAYS):
        dispose(world, measure, d("2026-10-16"))
    dispose(world, measure, d("2026-10-15"), disposal=m.MeasureDisposal.TO_SEIZURE)


def test_lapse_marks_an_undisposed_preservation_auto_released_and_the_self_check_reports_it(world):
    case = b.filed(world)
    measure = take(world, case)
    version = m.Case.objects.get(pk=case.pk).version

    assert s.measures_lapse(today=d("2026-03-16"), actor=world.head.user) == []
    assert [f.rule for f in self_check(case, today=d("2026-03-17"), prefix="APL-56")] == [SEVEN_DAYS]

    assert s.measures_lapse(today=d("2026-03-17"), actor=world.head.user) == [measure]
    measure.refresh_from_db()
    assert (measure.disposal, measure.disposed_on) == (m.MeasureDisposal.AUTO_RELEASED, d("2026-03-17"))
    case.refresh_from_db()
    assert case.version == version + 1
    assert case.events.order_by("-seq").first().action == "measure_lapsed"
    findings = self_check(case, today=d("2026-03-17"), prefix="APL-56")
    assert [f.detail for f in findings] == ["2026年3月5日的先行登记保存逾期未处理，已自动解除"]


def test_a_lapsed_preservation_cannot_be_disposed_of_any_more(world):
    case = b.filed(world)
    measure = take(world, case)
    s.measures_lapse(today=d("2026-03-17"), actor=world.head.user)
    with unchanged(case, ConflictError):
        dispose(world, measure, d("2026-03-17"))


def test_lapse_leaves_disposed_preservations_and_seizures_alone(world):
    case = b.filed(world)
    dispose(world, take(world, case), d("2026-03-06"))
    take(world, case, kind=m.MeasureKind.SEIZURE)
    assert s.measures_lapse(today=d("2026-03-31"), actor=world.head.user) == []
