"""Rule 5: a fine is collected on the spot only if ≤ 100 yuan or on a recorded ground, always against an official
receipt (APL Arts. 68–70)."""

from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases.models.procedure import OnSpotGround

from .support import SUMMARY_ON as ON
from .support import refused, self_check, set_policy, summary_case
from .support import summary_decide as summary

pytestmark = pytest.mark.django_db

COLLECTION = "APL-68-ON-SPOT-COLLECTION"


def collect(world, case, *, fine, ground=OnSpotGround.SMALL, receipt="财字No.0012345"):
    return summary(world, case, fine=fine, collected_on_spot=True, on_spot_ground=ground, receipt_number=receipt)


def test_fine_of_exactly_100_yuan_may_be_collected_on_the_spot(world):
    case = summary_case(world)
    decision = collect(world, case, fine="100")

    case.refresh_from_db()
    payment = case.payments.get()
    assert (payment.amount, payment.receipt_number) == (Decimal("100"), decision.receipt_number)
    assert case.status == m.CaseStatus.EXECUTION
    assert self_check(case, today=ON, prefix="APL-68") == []


def test_fine_above_100_yuan_without_a_ground_is_refused(world):
    case = summary_case(world)
    with refused(case, COLLECTION) as caught:
        collect(world, case, fine="100.01", ground="")
    assert "未记录事后难以执行或边远地区的事由" in caught.value.findings[0].detail


def test_the_small_fine_ground_does_not_cover_a_larger_fine(world):
    case = summary_case(world)
    with refused(case, COLLECTION):
        collect(world, case, fine="150", ground=OnSpotGround.SMALL)


def test_fine_above_100_yuan_hard_to_enforce_later_may_be_collected(world):
    case = summary_case(world)
    assert collect(world, case, fine="200", ground=OnSpotGround.HARD_TO_ENFORCE).collected_on_spot


def test_fine_above_100_yuan_in_a_remote_area_may_be_collected(world):
    case = summary_case(world)
    assert collect(world, case, fine="200", ground=OnSpotGround.REMOTE).collected_on_spot


def test_collection_without_a_receipt_number_is_refused(world):
    case = summary_case(world)
    with refused(case, COLLECTION) as caught:
        collect(world, case, fine="50", receipt="  ")
    assert "专用票据" in caught.value.findings[0].detail


def test_the_policy_table_sets_the_collection_limit(world):
    set_policy(world, on_spot_collection_limit=Decimal("50"))
    case = summary_case(world)
    with refused(case, COLLECTION):
        collect(world, case, fine="80")


def test_a_fine_paid_later_needs_no_receipt(world):
    case = summary_case(world)
    decision = summary(world, case, fine="200")

    case.refresh_from_db()
    assert not decision.collected_on_spot
    assert case.status == m.CaseStatus.SERVED
    assert not case.payments.exists()


def test_self_check_flags_a_recorded_collection_without_receipt(world):
    case = summary_case(world)
    decision = collect(world, case, fine="100")
    m.Decision.objects.filter(pk=decision.pk).update(receipt_number="")  # legacy data

    assert [f.rule for f in self_check(case, today=ON, prefix="APL-68")] == [COLLECTION]
