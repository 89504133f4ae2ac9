"""The right person decides: the decision, 集体讨论, the approvals of 先行登记保存/查封扣押 and their extension and the
court application are the acts of the 行政机关负责人 of the case's enforcement subject (APL Arts. 56, 57; CE Arts.
18, 25, 55) — for a township's case the township government's head (镇长) or a deputy he has designated, never the
brigade head, who approves the internal steps (filing, suspension, ...)."""

from __future__ import annotations

import pytest

from casemgmt.cases import services as s
from casemgmt.org.models import Role
from casemgmt.org.services import membership_add
from tests import builders as b
from tests.factories import make_officer

from .support import d, decide, noticed_case, refused, self_check, take_measure

pytestmark = pytest.mark.django_db

DECIDED_FOR = "APL-57-DECIDED-FOR-SUBJECT"
CHAIR = "APL-57-DISCUSSION-BY-HEADS"
MEASURE = "APL-56-PRESERVATION-APPROVAL"
SIGNER = "CE-55-APPLICATION-SIGNED-BY-HEAD"

SERVED = d("2026-03-13")
DECIDE_ON = d("2026-03-23")


def test_the_brigade_head_cannot_decide_a_township_case(world):
    case = noticed_case(world, served_on=SERVED)
    with refused(case, DECIDED_FOR) as caught:
        decide(world, case, on=DECIDE_ON, actor=world.head)
    assert "城关镇人民政府的行政机关负责人" in caught.value.findings[0].detail


def test_the_township_head_decides_the_township_case(world):
    case = noticed_case(world, served_on=SERVED)
    decision = decide(world, case, on=DECIDE_ON, actor=world.mayor)
    assert decision.decided_by == world.mayor
    assert self_check(case, today=DECIDE_ON, prefix=DECIDED_FOR) == []


def test_a_deputy_designated_on_the_township_decides(world):
    deputy = make_officer(world.township, Role.APPROVER, name="孙副镇长", certified=False)
    case = noticed_case(world, served_on=SERVED)
    with refused(case, DECIDED_FOR):
        decide(world, case, on=DECIDE_ON, actor=deputy)

    membership_add(
        officer=deputy, unit=world.township, role=Role.APPROVER, acts_for_head=True, designation_ref="城府发〔2026〕3号"
    )
    deputy.refresh_from_db()
    assert decide(world, case, on=DECIDE_ON, actor=deputy).decided_by == deputy


def test_a_designation_on_the_brigade_does_not_make_its_head_the_townships(world):
    membership_add(officer=world.head, unit=world.brigade, role=Role.APPROVER, acts_for_head=True)
    case = noticed_case(world, served_on=SERVED)
    with refused(case, DECIDED_FOR):
        decide(world, case, on=DECIDE_ON, actor=world.head)


def test_the_head_of_another_township_cannot_decide(world):
    other_mayor = make_officer(world.other_township, Role.AGENCY_HEAD, name="冯镇长", certified=False)
    membership_add(officer=other_mayor, unit=world.brigade, role=Role.APPROVER)  # may act on the case, not decide it
    case = noticed_case(world, served_on=SERVED)
    with refused(case, DECIDED_FOR):
        decide(world, case, on=DECIDE_ON, actor=other_mayor)


def test_self_check_flags_a_decision_recorded_by_the_brigade_head(world):
    case = noticed_case(world, served_on=SERVED)
    decide(world, case, on=DECIDE_ON)
    case.decisions.update(decided_by=world.head)
    assert [f.rule for f in self_check(case, today=DECIDE_ON, prefix=DECIDED_FOR)] == [DECIDED_FOR]


def _discuss(world, case, actor):
    return s.discussion_record(
        case=case, actor=actor.user, held_on=DECIDE_ON, participants="钱镇长、赵队长", conclusion="同意处罚"
    )


def test_collective_discussion_chaired_by_the_brigade_head_is_refused(world):
    case = noticed_case(world, served_on=SERVED)
    with refused(case, CHAIR):
        _discuss(world, case, world.head)


def test_collective_discussion_chaired_by_the_township_head_is_recorded(world):
    case = noticed_case(world, served_on=SERVED)
    assert _discuss(world, case, world.mayor).chair == world.mayor
    assert self_check(case, today=DECIDE_ON, prefix=CHAIR) == []


def test_preservation_approved_by_the_brigade_head_is_refused(world):
    case = b.filed(world)
    with refused(case, MEASURE) as caught:
        take_measure(world, case, approved_by="head")
    assert "批准先行登记保存/查封扣押须由城关镇人民政府的行政机关负责人" in caught.value.findings[0].detail


def test_self_check_flags_a_measure_recorded_with_the_brigade_heads_approval(world):
    case = b.filed(world)
    take_measure(world, case)
    case.measures.update(approved_by=world.head)
    findings = self_check(case, today=d("2026-03-05"), prefix=MEASURE)
    assert [f.detail for f in findings] == [
        "先行登记保存（2026年3月5日）的批准人赵队长不是本案执法主体的行政机关负责人"
    ]


def test_the_brigade_head_still_approves_filing_an_internal_step(world):
    case = b.filed(world)
    assert case.filing_approved_by == world.head


def test_a_leader_of_the_county_government_above_cannot_decide_the_townships_case(world):
    magistrate = make_officer(world.county, Role.AGENCY_HEAD, name="卫县长", certified=False)
    case = noticed_case(world, served_on=SERVED)
    with refused(case, DECIDED_FOR):
        decide(world, case, on=DECIDE_ON, actor=magistrate)
