"""Engine level: the ordinary-procedure flow advances with the case, and a refused action changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.services.act import perform_act
from tests.builders import at, signed_waiver
from workflows import engine
from workflows.flows import OrdinaryProcedureFlow
from workflows.models import OrdinaryCaseProcess

from .helpers import do, open_task_names

S = m.CaseStatus
pytestmark = pytest.mark.django_db


def file_case(world, case):
    return do(
        case,
        world.head.user,
        "file",
        s.case_file,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.mayor,
        on=dt.date(2026, 3, 3),
        violation_start=dt.date(2026, 3, 1),
        violation_end=dt.date(2026, 3, 2),
    )


def test_registering_a_clue_starts_the_flow_at_filing_review(world, registered):
    case = registered()
    process = engine.process_of(case)
    assert isinstance(process.flow_class.process_class(), OrdinaryCaseProcess)
    assert process.flow_class is OrdinaryProcedureFlow
    assert open_task_names(case) == ["file_review"]


def test_filing_task_run_through_its_activation_moves_the_case_to_investigation(world, registered):
    case = registered()
    task = engine.open_tasks(engine.process_of(case)).get()
    assert task.flow_task.can_assign(world.officer.user, task)
    assert not task.flow_task.can_assign(world.outsider.user, task)
    assert not task.flow_task.can_assign(world.evaluator.user, task)

    with task.activation() as activation:
        activation.assign(world.head.user)
        activation.start(None)
        s.case_file(
            case=case,
            actor=world.head.user,
            officers=[world.officer, world.colleague],
            lead=world.officer,
            approved_by=world.mayor,  # not the head who files: nobody approves his own act
            on=dt.date(2026, 3, 3),
            violation_start=dt.date(2026, 3, 1),
            violation_end=dt.date(2026, 3, 2),
        )
        activation.execute()

    case.refresh_from_db()
    task.refresh_from_db()
    assert case.status == S.INVESTIGATION
    assert task.status == STATUS.DONE and task.owner == world.head.user
    assert open_task_names(case) == ["investigate"]


def test_declining_to_file_ends_the_flow(world, registered):
    case = registered()
    do(
        case,
        world.head.user,
        "decline_filing",
        s.case_decline_filing,
        approved_by=world.mayor,
        on=dt.date(2026, 3, 3),
        reason="不属于本机关管辖",
    )
    assert case.status == S.NOT_FILED
    assert engine.process_of(case).status == PROCESS.DONE
    assert open_task_names(case) == []


def test_ordinary_case_flow_runs_from_clue_to_closing(world, registered):
    case = registered()
    file_case(world, case)
    do(
        case,
        world.officer.user,
        "add_record",
        s.record_add,
        kind=m.RecordKind.INSPECTION,
        started_at=at(dt.date(2026, 3, 4)),
        ended_at=at(dt.date(2026, 3, 4), 11),
        place="人民路",
        content="现场检查",
        signers=[world.officer, world.colleague],
        pages=1,
        party_signed_pages=1,
        rights_told=True,
    )
    assert open_task_names(case) == ["investigate"]  # a record is part of the investigation, not a step of its own

    do(
        case,
        world.officer.user,
        "submit_report",
        s.report_submit,
        on=dt.date(2026, 3, 10),
        facts="占道经营",
        evidence_summary="现场笔录",
        nature="违法",
        legal_basis="《城市道路管理条例》第四十二条",
        discretion_reasons="一般情节",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    assert (case.status, open_task_names(case)) == (S.REVIEW, ["review"])

    do(
        case,
        world.reviewer.user,
        "review",
        s.review_record,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=dt.date(2026, 3, 11),
    )
    assert open_task_names(case) == ["issue_notice"]

    notice = do(
        case,
        world.officer.user,
        "issue_notice",
        s.notice_issue,
        on=dt.date(2026, 3, 12),
        facts_and_reasons="占道经营",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    assert (case.status, open_task_names(case)) == (S.NOTICE, ["serve_notice"])

    perform_act(
        "serve_notice",
        case=case,
        actor=world.officer.user,
        call=lambda: s.notice_serve(
            notice=notice,
            actor=world.officer.user,
            method=m.ServiceMethod.DIRECT,
            recipient="陈某",
            delivered_on=dt.date(2026, 3, 12),
        ),
    )
    assert open_task_names(case) == ["statement"]

    do(
        case,
        world.officer.user,
        "waive_rights",
        s.statement_waive,
        received_on=dt.date(2026, 3, 13),
        waives_statement=True,
        signed_document=signed_waiver(world, case, on=dt.date(2026, 3, 13)),
    )
    assert open_task_names(case) == ["decide"]  # no hearing requested, no collective discussion required

    do(
        case,
        world.mayor.user,
        "decide",
        s.decision_make,
        kind=m.DecisionKind.PENALTY,
        correction_order="责令当事人立即停止占道经营",
        on=dt.date(2026, 3, 20),
        facts="占道经营",
        legal_basis="《城市道路管理条例》第四十二条",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    assert case.status == S.DECIDED
    assert sorted(open_task_names(case)) == ["publish", "serve_decision"]  # side by side

    do(
        case,
        world.officer.user,
        "serve_decision",
        s.decision_serve,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=dt.date(2026, 3, 23),
    )
    assert sorted(open_task_names(case)) == ["payment", "publish"]

    do(
        case,
        world.officer.user,
        "record_payment",
        s.payment_record,
        kind=m.PaymentKind.FINE,
        amount=Decimal("500"),
        paid_on=dt.date(2026, 3, 30),
    )
    do(
        case,
        world.officer.user,
        "publish",
        s.disclosure_publish,
        on=dt.date(2026, 3, 24),
        channel="县政府网站",
        content="公示",
    )
    assert open_task_names(case) == ["close"]

    do(
        case,
        world.head.user,
        "close",
        s.case_close,
        ground=m.ClosingGround.EXECUTED,
        ground_on=dt.date(2026, 3, 30),
        on=dt.date(2026, 4, 1),
    )
    assert case.status == S.CLOSED
    assert engine.process_of(case).status == PROCESS.DONE


def test_silent_party_statement_step_is_passed_when_the_head_decides(world, registered):
    case = registered()
    file_case(world, case)
    do(
        case,
        world.officer.user,
        "submit_report",
        s.report_submit,
        on=dt.date(2026, 3, 10),
        facts="占道经营",
        evidence_summary="现场笔录",
        nature="违法",
        legal_basis="依据",
        discretion_reasons="一般情节",
        penalty_types=["warning"],
    )
    do(
        case,
        world.reviewer.user,
        "review",
        s.review_record,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=dt.date(2026, 3, 11),
    )
    notice = do(
        case,
        world.officer.user,
        "issue_notice",
        s.notice_issue,
        on=dt.date(2026, 3, 12),
        facts_and_reasons="占道经营",
        penalty_types=["warning"],
    )
    perform_act(
        "serve_notice",
        case=case,
        actor=world.officer.user,
        call=lambda: s.notice_serve(
            notice=notice,
            actor=world.officer.user,
            method=m.ServiceMethod.DIRECT,
            recipient="陈某",
            delivered_on=dt.date(2026, 3, 12),
        ),
    )

    do(
        case,
        world.mayor.user,
        "decide",
        s.decision_make,
        kind=m.DecisionKind.PENALTY,
        correction_order="责令当事人立即停止占道经营",
        on=dt.date(2026, 3, 25),
        facts="占道经营",
        legal_basis="依据",
        penalty_types=["warning"],
    )

    process = engine.process_of(case)
    statement = process.task_set.get(flow_task=OrdinaryProcedureFlow.statement)
    assert statement.status == STATUS.DONE and statement.data["skipped"] is True
    assert sorted(open_task_names(case)) == ["publish", "serve_decision"]


def test_publishing_before_service_keeps_the_service_task_open(world, registered):
    case = registered()
    file_case(world, case)
    do(
        case,
        world.officer.user,
        "submit_report",
        s.report_submit,
        on=dt.date(2026, 3, 10),
        facts="占道经营",
        evidence_summary="现场笔录",
        nature="违法",
        legal_basis="依据",
        discretion_reasons="一般情节",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    do(
        case,
        world.reviewer.user,
        "review",
        s.review_record,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=dt.date(2026, 3, 11),
    )
    notice = do(
        case,
        world.officer.user,
        "issue_notice",
        s.notice_issue,
        on=dt.date(2026, 3, 12),
        facts_and_reasons="占道经营",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    perform_act(
        "serve_notice",
        case=case,
        actor=world.officer.user,
        call=lambda: s.notice_serve(
            notice=notice,
            actor=world.officer.user,
            method=m.ServiceMethod.DIRECT,
            recipient="陈某",
            delivered_on=dt.date(2026, 3, 12),
        ),
    )
    do(
        case,
        world.mayor.user,
        "decide",
        s.decision_make,
        kind=m.DecisionKind.PENALTY,
        correction_order="责令当事人立即停止占道经营",
        on=dt.date(2026, 3, 25),
        facts="占道经营",
        legal_basis="依据",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )

    do(
        case,
        world.officer.user,
        "publish",
        s.disclosure_publish,
        on=dt.date(2026, 3, 26),
        channel="县政府网站",
        content="公示",
    )

    assert open_task_names(case) == ["serve_decision"]


def test_review_asking_for_more_investigation_sends_the_flow_back(world, registered):
    case = registered()
    file_case(world, case)
    do(
        case,
        world.officer.user,
        "submit_report",
        s.report_submit,
        on=dt.date(2026, 3, 10),
        facts="占道经营",
        evidence_summary="现场笔录",
        nature="违法",
        legal_basis="依据",
        discretion_reasons="一般情节",
        penalty_types=["warning"],
    )
    do(
        case,
        world.reviewer.user,
        "review",
        s.review_record,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.INVESTIGATE,
        opinion="证据不足",
        on=dt.date(2026, 3, 11),
    )
    assert (case.status, open_task_names(case)) == (S.INVESTIGATION, ["investigate"])


def test_refused_filing_leaves_the_task_open_and_the_case_unchanged(world, registered):
    case = registered()
    version = case.version
    with pytest.raises(RuleViolation) as refused:
        do(
            case,
            world.head.user,
            "file",
            s.case_file,
            officers=[world.officer],
            lead=world.officer,
            approved_by=world.mayor,
            on=dt.date(2026, 3, 3),
            violation_start=dt.date(2026, 3, 1),
            violation_end=dt.date(2026, 3, 2),
        )

    assert "APL-42-TWO-CERTIFIED-OFFICERS" in {f.rule for f in refused.value.findings}
    case.refresh_from_db()
    assert (case.status, case.version) == (S.CLUE, version)
    task = engine.open_tasks(engine.process_of(case)).get()
    assert (task.flow_task.name, task.status, task.owner) == ("file_review", STATUS.NEW, None)


def test_terminated_investigation_cancels_the_remaining_tasks(world, registered):
    case = registered()
    file_case(world, case)
    do(
        case,
        world.head.user,
        "terminate",
        s.case_terminate,
        approved_by=world.mayor,
        on=dt.date(2026, 3, 5),
        reason="当事人死亡",
    )
    assert engine.process_of(case).status == PROCESS.CANCELED
    assert open_task_names(case) == []


def test_hearing_request_routes_through_hearing_legal_review_and_collective_discussion(world, registered):
    case = registered()
    file_case(world, case)
    do(
        case,
        world.officer.user,
        "submit_report",
        s.report_submit,
        on=dt.date(2026, 3, 10),
        facts="占道经营",
        evidence_summary="现场笔录",
        nature="违法",
        legal_basis="依据",
        discretion_reasons="一般情节",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    do(
        case,
        world.reviewer.user,
        "review",
        s.review_record,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=dt.date(2026, 3, 11),
    )
    notice = do(
        case,
        world.officer.user,
        "issue_notice",
        s.notice_issue,
        on=dt.date(2026, 3, 12),
        facts_and_reasons="占道经营",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
        includes_hearing_right=True,
    )
    perform_act(
        "serve_notice",
        case=case,
        actor=world.officer.user,
        call=lambda: s.notice_serve(
            notice=notice,
            actor=world.officer.user,
            method=m.ServiceMethod.DIRECT,
            recipient="陈某",
            delivered_on=dt.date(2026, 3, 12),
        ),
    )

    do(
        case,
        world.officer.user,
        "record_statement",
        s.statement_record,
        kind=m.StatementKind.HEARING_REQUEST,
        received_on=dt.date(2026, 3, 13),
    )
    assert (case.status, open_task_names(case)) == (S.HEARING, ["schedule_hearing"])
    do(
        case,
        world.head.user,
        "schedule_hearing",
        s.hearing_schedule,
        presider=world.third,
        notice_served_on=dt.date(2026, 3, 16),
        scheduled_on=dt.date(2026, 3, 26),
    )
    assert open_task_names(case) == ["hold_hearing"]
    hearing = case.hearings.get()
    perform_act(
        "hold_hearing",
        case=case,
        actor=world.head.user,
        call=lambda: s.hearing_hold(
            hearing=hearing,
            actor=world.head.user,
            held_on=dt.date(2026, 3, 26),
            ended_on=dt.date(2026, 3, 26),
            report="当事人申辩理由不成立",
        ),
    )
    assert open_task_names(case) == ["review_after_hearing"]

    do(
        case,
        world.reviewer.user,
        "review",
        s.review_record,
        kind=m.ReviewKind.LEGAL,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=dt.date(2026, 3, 27),
    )
    assert open_task_names(case) == ["discussion"]  # the rulebook requires a collective discussion after legal review

    do(
        case,
        world.mayor.user,
        "discussion",
        s.discussion_record,
        held_on=dt.date(2026, 3, 30),
        participants="钱镇长、赵队长",
        conclusion="同意罚款500元",
    )
    assert open_task_names(case) == ["decide"]
    do(
        case,
        world.mayor.user,
        "decide",
        s.decision_make,
        kind=m.DecisionKind.PENALTY,
        correction_order="责令当事人立即停止占道经营",
        on=dt.date(2026, 3, 31),
        facts="占道经营",
        legal_basis="依据",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    assert case.status == S.DECIDED
    assert sorted(open_task_names(case)) == ["publish", "serve_decision"]  # side by side
