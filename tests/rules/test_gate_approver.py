"""The approver of an act must be a 负责人 of the case's units (or a unit above them) and not the officer who takes
the act (SAMR Arts. 19, 20, 46, 47): ``casemgmt.cases.rulebook.approval``."""

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.actions import ACTIONS
from casemgmt.cases.rulebook import RULES
from casemgmt.cases.rulebook.approval import APPROVER_AUTHORITY
from casemgmt.org.models import Role
from tests import builders as b
from tests.factories import make_officer

from .support import d, refused, take_measure

pytestmark = pytest.mark.django_db

FILING_APPROVAL = "SAMR-19-FILING-APPROVAL"
MEASURE_APPROVAL = "APL-56-PRESERVATION-APPROVAL"
APPROVAL_RULES = (APPROVER_AUTHORITY, FILING_APPROVAL, MEASURE_APPROVAL, "CE-25-SEIZURE-DURATION")


def test_every_act_that_needs_approval_is_checked_by_exactly_one_approval_rule():
    for action in ACTIONS:
        gated_by = [code for code in APPROVAL_RULES if action.code in RULES[code].gates]
        if action.approval:
            assert len(gated_by) == 1, (action.code, gated_by)
        else:
            assert APPROVER_AUTHORITY not in gated_by, action.code


# --- suspension -------------------------------------------------------------------------------------------------------


def suspend(world, case, *, actor, approved_by):
    return s.case_suspend(
        case=case,
        actor=actor.user,
        approved_by=approved_by,
        on=d("2026-03-09"),
        kind=m.SuspensionKind.INVESTIGATION,
        reason="等待检测结果",
    )


def test_suspension_approved_by_the_brigade_head_is_allowed(world):
    case = b.filed(world)
    suspend(world, case, actor=world.officer, approved_by=world.head)
    assert case.suspensions.get().approved_by == world.head


def test_suspension_approved_by_the_township_head_above_the_brigade_is_allowed(world):
    case = b.filed(world)
    suspend(world, case, actor=world.officer, approved_by=world.mayor)


def test_suspension_refused_when_officer_approves_himself(world):
    case = b.filed(world)
    with refused(case, APPROVER_AUTHORITY) as caught:
        suspend(world, case, actor=world.officer, approved_by=world.officer)
    details = [f.detail for f in caught.value.findings]
    assert any("不是本案执法主体或承办单位（或其上级）的负责人" in x for x in details), details
    assert any("不能批准本人经办的操作" in x for x in details), details


def test_suspension_refused_when_the_head_approves_his_own_suspension(world):
    case = b.filed(world)
    with refused(case, APPROVER_AUTHORITY) as caught:
        suspend(world, case, actor=world.head, approved_by=world.head)
    assert caught.value.findings[0].detail == "赵队长是本次中止调查的经办人，不能批准本人经办的操作"


def test_suspension_refused_when_head_of_another_township_approves(world):
    other_mayor = make_officer(world.other_township, Role.AGENCY_HEAD, name="河西镇长", username="hexi")
    case = b.filed(world)
    with refused(case, APPROVER_AUTHORITY) as caught:
        suspend(world, case, actor=world.officer, approved_by=other_mayor)
    assert "河西镇长不是本案执法主体或承办单位（或其上级）的负责人" in caught.value.findings[0].detail


def test_suspension_refused_when_the_brigade_head_of_another_township_approves(world):
    other_head = make_officer(world.other_brigade, Role.APPROVER, name="河西队长", username="hexi_head")
    case = b.filed(world)
    with refused(case, APPROVER_AUTHORITY):
        suspend(world, case, actor=world.officer, approved_by=other_head)


def test_suspension_refused_when_the_legal_reviewer_approves(world):
    case = b.filed(world)
    with refused(case, APPROVER_AUTHORITY):
        suspend(world, case, actor=world.officer, approved_by=world.reviewer)


# --- termination, withdrawal, not filing -----------------------------------------------------------------------------


def test_termination_refused_when_the_head_approves_himself(world):
    case = b.filed(world)
    with refused(case, APPROVER_AUTHORITY):
        s.case_terminate(case=case, actor=world.head.user, approved_by=world.head, on=d("2026-03-09"), reason="死亡")


def test_termination_proposed_by_the_lead_officer_and_approved_by_the_head_is_allowed(world):
    case = b.filed(world)
    s.case_terminate(case=case, actor=world.officer.user, approved_by=world.head, on=d("2026-03-09"), reason="死亡")
    case.refresh_from_db()
    assert case.status == m.CaseStatus.TERMINATED


def test_termination_approved_by_the_township_head_is_allowed(world):
    case = b.filed(world)
    s.case_terminate(case=case, actor=world.head.user, approved_by=world.mayor, on=d("2026-03-09"), reason="死亡")
    case.refresh_from_db()
    assert case.status == m.CaseStatus.TERMINATED


def test_withdrawal_refused_when_an_ordinary_officer_approves(world):
    case = b.filed(world)
    with refused(case, APPROVER_AUTHORITY):
        s.case_withdraw(
            case=case, actor=world.head.user, approved_by=world.colleague, on=d("2026-03-09"), reason="管辖"
        )


def test_withdrawal_approved_by_the_township_head_is_allowed(world):
    case = b.filed(world)
    s.case_withdraw(case=case, actor=world.head.user, approved_by=world.mayor, on=d("2026-03-09"), reason="管辖")


def test_not_filing_refused_when_the_outsider_township_head_approves(world):
    other_mayor = make_officer(world.other_township, Role.AGENCY_HEAD, name="河西镇长", username="hexi")
    case = b.clue(world)
    with refused(case, APPROVER_AUTHORITY):
        s.case_decline_filing(
            case=case, actor=world.officer.user, approved_by=other_mayor, on=d("2026-03-03"), reason="情节轻微"
        )


def test_not_filing_approved_by_the_brigade_head_is_allowed(world):
    case = b.clue(world)
    s.case_decline_filing(
        case=case, actor=world.officer.user, approved_by=world.head, on=d("2026-03-03"), reason="轻微"
    )
    case.refresh_from_db()
    assert case.status == m.CaseStatus.NOT_FILED


# --- acts whose approval has a rule of its own: same check, that rule's code ------------------------------------------


def test_filing_refused_when_the_head_approves_his_own_filing(world):
    case = b.clue(world)
    with refused(case, FILING_APPROVAL) as caught:
        s.case_file(
            case=case,
            actor=world.head.user,
            officers=[world.officer, world.colleague],
            lead=world.officer,
            approved_by=world.head,
            on=d("2026-03-03"),
            violation_start=d("2026-03-01"),
            violation_end=d("2026-03-02"),
        )
    assert caught.value.findings[0].detail == "赵队长是本次立案的经办人，不能批准本人经办的操作"


def test_preservation_refused_when_the_head_takes_it_and_approves_it_himself(world):
    case = b.filed(world)
    with refused(case, MEASURE_APPROVAL):
        s.measure_take(
            case=case,
            actor=world.head.user,
            kind=m.MeasureKind.PRESERVATION,
            items="电动三轮车一辆",
            started_on=d("2026-03-05"),
            taken_at=b.at(d("2026-03-05")),
            approved_by=world.head,
        )
    take_measure(world, case)  # taken by the officer, approved by the head
