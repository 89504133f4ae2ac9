"""Every act is taken at the stage, in the procedure and by the role its registry entry declares
(``casemgmt.cases.actions``); ``act_begin`` refuses the rest before anything is written."""

import datetime as dt
import inspect

import pytest
from django.core.exceptions import PermissionDenied

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.actions import ACTIONS, BY_CODE
from casemgmt.cases.rulebook import acts
from casemgmt.cases.services import ConflictError
from tests import builders as b

from .support import MEASURE_ON, d, decide, summary_case, take_measure, unchanged

pytestmark = pytest.mark.django_db

NOT_ESTABLISHED = m.DecisionKind.NOT_ESTABLISHED
DECIDE_ON = dt.date(2026, 3, 20)
SUSPEND_ON = dt.date(2026, 3, 12)


def not_established(world, case, on=DECIDE_ON):
    return decide(world, case, on=on, kind=NOT_ESTABLISHED, types=[], fine=0)


# --- every service begins with the registry's check -----------------------------------------------------------------


def test_every_registered_service_begins_with_its_own_action_code():
    for action in ACTIONS:
        source = inspect.getsource(action.service_fn)
        assert f'act_begin("{action.code}"' in source, action.code


# --- the decision ------------------------------------------------------------------------------------------------


def test_decision_refused_while_case_under_investigation(world):
    case = b.filed(world)
    with unchanged(case, ConflictError) as caught:
        not_established(world, case)
    assert caught.value.rule == acts.STAGE
    assert "调查取证" in str(caught.value)


def test_transfer_decision_refused_while_case_under_investigation(world):
    case = b.filed(world)
    with unchanged(case, ConflictError) as caught:
        decide(world, case, on=d("2026-03-20"), kind=m.DecisionKind.TRANSFER, types=[], fine=0, transfer_to="县公安局")
    assert caught.value.rule == acts.STAGE


def test_decision_refused_while_case_reported_but_not_yet_sent_to_review(world):
    case = b.filed(world)
    m.Case.objects.filter(pk=case.pk).update(status=m.CaseStatus.REPORTED)
    with unchanged(case, ConflictError) as caught:
        not_established(world, case)
    assert caught.value.rule == acts.STAGE


def test_decision_that_facts_are_not_established_allowed_once_reviewed(world):
    case = b.reviewed(world)
    assert not_established(world, case).kind == NOT_ESTABLISHED


def test_decision_refused_while_a_hearing_is_pending(world):
    case = b.noticed(world, hearing_right=True)
    m.Case.objects.filter(pk=case.pk).update(status=m.CaseStatus.HEARING)
    with unchanged(case, ConflictError) as caught:
        decide(world, case, on=d("2026-03-20"))
    assert caught.value.rule == acts.STAGE


# --- procedure and role ---------------------------------------------------------------------------------------------


def test_filing_refused_once_the_case_is_filed(world):
    case = b.filed(world)
    with unchanged(case, ConflictError) as caught:
        s.case_file(
            case=case,
            actor=world.officer.user,
            officers=[world.officer, world.colleague],
            lead=world.officer,
            approved_by=world.head,
            on=d("2026-03-04"),
            violation_start=None,
            violation_end=None,
        )
    assert caught.value.rule == acts.STAGE


def test_summary_procedure_case_cannot_be_filed(world):
    case = summary_case(world)
    with unchanged(case, ConflictError) as caught:
        s.case_file(
            case=case,
            actor=world.officer.user,
            officers=[world.officer, world.colleague],
            lead=world.officer,
            approved_by=world.head,
            on=case.discovered_on,
            violation_start=None,
            violation_end=None,
        )
    assert caught.value.rule == acts.PROCEDURE


def test_record_refused_to_an_officer_of_another_township(world):
    case = b.filed(world)
    with unchanged(case, PermissionDenied):
        s.record_add(
            case=case,
            actor=world.outsider.user,
            kind=m.RecordKind.INSPECTION,
            started_at=b.at(d("2026-03-04")),
            ended_at=b.at(d("2026-03-04"), 11),
            place="人民路",
            content="现场检查情况",
            signers=[world.outsider],
        )


def test_decision_refused_to_an_ordinary_officer(world):
    case = b.reviewed(world)
    with unchanged(case, PermissionDenied):
        s.decision_make(
            case=case, actor=world.officer.user, kind=NOT_ESTABLISHED, on=d("2026-03-20"), facts="", legal_basis=""
        )


# --- suspension and its periods -------------------------------------------------------------------------------------


def suspend(world, case, *, kind, on=SUSPEND_ON, approved_by="head"):
    return s.case_suspend(
        case=case,
        actor=world.officer.user,
        approved_by=getattr(world, approved_by),
        on=on,
        kind=kind,
        reason="送检",
    )


def test_investigation_cannot_be_suspended_after_it_was_reported(world):
    case = b.reviewed(world)
    with unchanged(case, ConflictError) as caught:
        suspend(world, case, kind=m.SuspensionKind.INVESTIGATION)
    assert caught.value.rule == acts.STAGE


def test_testing_period_may_start_while_the_report_is_under_review(world):
    case = b.reviewed(world)
    suspend(world, case, kind=m.SuspensionKind.TESTING)
    case.refresh_from_db()
    assert case.status == m.CaseStatus.REVIEW
    s.case_resume(case=case, actor=world.officer.user, on=d("2026-03-13"))
    assert not case.suspensions.filter(ended_on__isnull=True).exists()


def test_resuming_an_investigation_needs_no_approval(world):
    assert BY_CODE["resume"].approval == ()
    assert "approved_by" not in inspect.signature(s.case_resume).parameters
    case = b.filed(world)
    suspend(world, case, kind=m.SuspensionKind.INVESTIGATION)
    s.case_resume(case=case, actor=world.officer.user, on=d("2026-03-20"))
    case.refresh_from_db()
    assert case.status == m.CaseStatus.INVESTIGATION


# --- measures after the case ended ------------------------------------------------------------------------------------


def test_seized_goods_may_be_released_after_the_investigation_was_terminated(world):
    case = b.filed(world)
    measure = take_measure(world, case, kind=m.MeasureKind.SEIZURE)
    s.case_terminate(
        case=case, actor=world.head.user, approved_by=world.mayor, on=d("2026-03-06"), reason="当事人死亡，无继承人"
    )
    s.measure_dispose(
        measure=measure, actor=world.officer.user, disposal=m.MeasureDisposal.RELEASED, on=d("2026-03-06")
    )
    measure.refresh_from_db()
    assert measure.disposed_on == MEASURE_ON + dt.timedelta(days=1)


def test_measure_cannot_be_taken_on_a_summary_procedure_case(world):
    case = summary_case(world)
    with unchanged(case, ConflictError) as caught:
        take_measure(world, case, on=case.discovered_on)
    assert caught.value.rule == acts.PROCEDURE
