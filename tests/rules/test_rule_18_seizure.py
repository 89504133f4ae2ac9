"""Rule 18: 查封/扣押 lasts ≤ 30 days; one extension of ≤ 30 days with the head's approval and written notice to the
party, 60 days in all (行政强制法 Art. 25)."""

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b

from .support import MEASURE_ON as TAKEN_ON
from .support import d, refused, self_check
from .support import dispose_measure as dispose
from .support import take_measure as take

pytestmark = pytest.mark.django_db

DURATION = "CE-25-SEIZURE-DURATION"
APPROVAL = "APL-56-PRESERVATION-APPROVAL"
# Taken 03-05: the 30 days end on 04-04 (a Saturday: not rolled forward, the limit protects the party).
END = d("2026-04-04")
EXTENDED_END = d("2026-05-04")


def seize(world, case, **kw):
    return take(world, case, kind=m.MeasureKind.DETENTION, **kw)


def extend(world, measure, *, days=30, on="2026-04-01", approved_by="mayor", notice_served_on="2026-04-02"):
    return s.measure_extend(
        measure=measure,
        actor=world.officer.user,
        approved_by=getattr(world, approved_by) if approved_by else None,
        days=days,
        on=d(on),
        notice_served_on=d(notice_served_on) if notice_served_on else None,
    )


def test_detention_needs_approval_like_any_measure(world):
    case = b.filed(world)
    with refused(case, APPROVAL):
        seize(world, case, approved_by=None)


def test_self_check_flags_a_detention_still_running_after_30_days(world):
    case = b.filed(world)
    seize(world, case)
    assert self_check(case, today=END, prefix="CE-25") == []

    findings = self_check(case, today=END.replace(day=5), prefix="CE-25")
    assert [f.detail for f in findings] == ["扣押（2026年3月5日）超过法定期限2026年4月4日"]


def test_release_after_30_days_is_recorded_but_flagged(world):
    case = b.filed(world)
    measure = seize(world, case)
    dispose(world, measure, d("2026-04-10"), disposal=m.MeasureDisposal.RELEASED)
    assert [f.rule for f in self_check(case, today=d("2026-04-30"), prefix="CE-25")] == [DURATION]


def test_release_within_30_days_is_clean(world):
    case = b.filed(world)
    dispose(world, seize(world, case), END, disposal=m.MeasureDisposal.RELEASED)
    assert self_check(case, today=d("2026-04-30"), prefix="CE-25") == []


def test_one_extension_of_30_days_with_approval_and_notice_runs_to_60_days(world):
    case = b.filed(world)
    measure = extend(world, seize(world, case))

    assert (measure.extended_days, measure.extension_approved_by) == (30, world.mayor)
    assert self_check(case, today=EXTENDED_END, prefix="CE-25") == []
    assert [f.rule for f in self_check(case, today=d("2026-05-05"), prefix="CE-25")] == [DURATION]


def test_an_extension_of_31_days_is_refused(world):
    case = b.filed(world)
    measure = seize(world, case)
    with refused(case, DURATION) as caught:
        extend(world, measure, days=31)
    assert caught.value.findings[0].detail == "延长天数须为1至30日"


def test_a_second_extension_is_refused(world):
    case = b.filed(world)
    measure = extend(world, seize(world, case), days=10)
    with refused(case, DURATION) as caught:
        extend(world, measure, days=10, on="2026-04-10")
    assert caught.value.findings[0].detail == "查封、扣押已经延长过一次"


def test_an_extension_without_notice_to_the_party_is_refused(world):
    case = b.filed(world)
    measure = seize(world, case)
    with refused(case, DURATION):
        extend(world, measure, notice_served_on=None)


def test_an_extension_without_approval_is_refused(world):
    case = b.filed(world)
    measure = seize(world, case)
    with refused(case, DURATION):
        extend(world, measure, approved_by=None)


def test_an_extension_approved_by_an_ordinary_officer_is_refused(world):
    case = b.filed(world)
    measure = seize(world, case)
    with refused(case, DURATION) as caught:
        extend(world, measure, approved_by="colleague")
    assert "批准延长查封扣押期限须由城关镇人民政府的行政机关负责人" in caught.value.findings[0].detail


def test_an_extension_after_the_30_days_expired_is_refused(world):
    case = b.filed(world)
    measure = seize(world, case)
    with refused(case, DURATION) as caught:
        extend(world, measure, on="2026-04-05")
    assert "原期限已于2026年4月4日届满" in caught.value.findings[0].detail


def test_a_preservation_cannot_be_extended(world):
    case = b.filed(world)
    measure = take(world, case, on=TAKEN_ON)
    with refused(case, DURATION):
        extend(world, measure, on="2026-03-06")


def test_self_check_flags_an_extension_recorded_without_notice(world):
    case = b.filed(world)
    measure = extend(world, seize(world, case))
    m.Measure.objects.filter(pk=measure.pk).update(extension_notice_served_on=None)  # legacy data

    findings = self_check(case, today=d("2026-04-20"), prefix="CE-25")
    assert [f.detail for f in findings] == ["扣押延长缺少负责人批准或未告知当事人"]
