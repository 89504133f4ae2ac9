"""Rule 4: a summary (当场) penalty is a warning, or a fine ≤ 200 yuan (citizen) / ≤ 3,000 yuan (organisation);
the ceilings and whether one officer may act come from the procedure policy (APL Arts. 42, 51)."""

from decimal import Decimal

import pytest

from casemgmt.cases import models as m

from .support import SUMMARY_ON as ON
from .support import refused, self_check, set_policy, summary_case
from .support import summary_decide as summary

pytestmark = pytest.mark.django_db

CEILING = "APL-51-SUMMARY-CEILING"
OFFICERS = "APL-42-TWO-CERTIFIED-OFFICERS"


def test_citizen_fine_of_exactly_200_yuan_is_allowed(world):
    case = summary_case(world)
    decision = summary(world, case, fine="200")

    case.refresh_from_db()
    assert decision.fine_amount == Decimal("200")
    assert case.status == m.CaseStatus.SERVED
    assert self_check(case, today=ON, prefix="APL-51") == []


def test_citizen_fine_of_200_yuan_and_one_fen_is_refused(world):
    case = summary_case(world)
    with refused(case, CEILING) as caught:
        summary(world, case, fine="200.01")
    assert "应适用普通程序" in caught.value.findings[0].detail


def test_organisation_fine_of_exactly_3000_yuan_is_allowed(world):
    case = summary_case(world, party_kind=m.PartyKind.ORGANISATION)
    assert summary(world, case, fine="3000").fine_amount == Decimal("3000")


def test_organisation_fine_above_3000_yuan_is_refused(world):
    case = summary_case(world, party_kind=m.PartyKind.ORGANISATION)
    with refused(case, CEILING):
        summary(world, case, fine="3000.01")


def test_a_warning_is_allowed(world):
    case = summary_case(world)
    assert summary(world, case, types=("warning",)).penalty_types == ["warning"]


def test_a_penalty_other_than_warning_or_fine_is_refused(world):
    case = summary_case(world)
    with refused(case, CEILING) as caught:
        summary(world, case, fine="50", types=("fine", "confiscate_property"))
    assert "没收非法财物" in caught.value.findings[0].detail


def test_the_policy_table_can_lower_the_ceiling(world):
    set_policy(world, summary_fine_limit_citizen=Decimal("100"))
    case = summary_case(world)
    with refused(case, CEILING) as caught:
        summary(world, case, fine="150")
    assert "100.00元" in caught.value.findings[0].detail


def test_the_policy_table_can_raise_the_ceiling_where_another_law_allows_it(world):
    set_policy(world, summary_fine_limit_citizen=Decimal("500"))
    case = summary_case(world)
    assert summary(world, case, fine="500").fine_amount == Decimal("500")


def test_a_single_officer_is_refused_by_default(world):
    case = summary_case(world)
    with refused(case, OFFICERS):
        summary(world, case, fine="50", officers=[world.officer])


def test_a_single_officer_is_allowed_when_the_policy_says_so(world):
    set_policy(world, summary_single_officer_allowed=True)
    case = summary_case(world)
    summary(world, case, fine="50", officers=[world.officer])

    assert case.officers.count() == 1
    assert self_check(case, today=ON, prefix="APL-42") == []


def test_self_check_flags_a_recorded_summary_fine_above_the_ceiling(world):
    case = summary_case(world)
    decision = summary(world, case, fine="200")
    m.Decision.objects.filter(pk=decision.pk).update(fine_amount=Decimal("250"))  # e.g. edited behind the service

    assert [f.rule for f in self_check(case, today=ON, prefix="APL-51")] == [CEILING]
