"""The two procedures as viewflow flows: the graph, who may take each task, and which action completes it.

Every task is a :class:`~workflows.nodes.CaseTask`, completed by the actions whose entry in the action registry
(``casemgmt.cases.actions``) names the task; each entry binds its input schema and case service:

=====================  ================================  ==============================
task                   action                            case service
=====================  ================================  ==============================
file_review            file / decline_filing             case_file / case_decline_filing
investigate            submit_report                     report_submit
review                 review                            review_record
issue_notice           issue_notice                      notice_issue
serve_notice           serve_notice                      notice_serve
statement              record_statement                  statement_record
schedule_hearing       schedule_hearing                  hearing_schedule
hold_hearing           hold_hearing                      hearing_hold
review_after_hearing   review                            review_record
discussion             discussion                        discussion_record
decide                 decide                            decision_make
serve_decision         serve_decision                    decision_serve
on_spot                summary_decide                    summary_decide
payment                record_payment                    payment_record
publish                publish                           disclosure_publish
close                  close                             case_close
=====================  ================================  ==============================

No legal rule lives here. Gateways read recorded facts (was a hearing requested? did the review approve?) or
ask the rulebook (would the decision be refused for want of a collective discussion?). Whether an action is
lawful is decided by the service when the action is attempted.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from viewflow import this
from viewflow.workflow import flow, lock

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt, findings_for, load_facts

from .models import OrdinaryCaseProcess, SummaryCaseProcess
from .nodes import CaseTask

HANDLE = "org.handle_case"
APPROVE = "org.approve_case"
REVIEW = "org.review_case"

COLLECTIVE_DISCUSSION_RULE = "APL-57-COLLECTIVE-DISCUSSION"


def _case(activation) -> m.Case:
    """The case as the service has just written it, in one query (not the process's cached copy refreshed)."""
    return m.Case.objects.select_related("enforcement_subject__parent", "handling_unit__parent").get(
        pk=activation.process.case_id
    )


def fine_outstanding(activation) -> bool:
    """A fine was decided and is not paid in full (e.g. not collected on the spot)."""
    case = _case(activation)
    decision = case.decisions.order_by("-id").first()
    if decision is None or not decision.fine_amount:
        return False
    paid = sum((p.amount for p in case.payments.filter(kind=m.PaymentKind.FINE)), Decimal(0))
    return paid < decision.fine_amount


class CaseFlowMixin:
    def start_case(self, activation, case: m.Case):
        activation.process.case = case
        return activation.process


class OrdinaryProcedureFlow(CaseFlowMixin, flow.Flow):
    """普通程序

    立案、调查取证、审核、事先告知、陈述申辩或听证、集体讨论、决定、送达、执行与公示、结案。
    """

    process_class = OrdinaryCaseProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_case).Next(this.file_review)

    file_review = CaseTask(title="立案审查").Permission(HANDLE).Next(this.is_filed)
    is_filed = flow.If(this.case_was_filed).Annotation(title="是否立案？").Then(this.investigate).Else(this.not_filed)
    investigate = CaseTask(title="调查取证并提交调查终结报告").Permission(HANDLE).Next(this.review)
    review = CaseTask(title="审核").Permission(REVIEW).Next(this.review_approved)
    review_approved = (
        flow.If(this.latest_review_approves)
        .Annotation(title="审核同意？")
        .Then(this.issue_notice)
        .Else(this.investigate)
    )
    issue_notice = CaseTask(title="制作事先告知书").Permission(HANDLE).Next(this.serve_notice)
    serve_notice = CaseTask(title="送达事先告知书").Permission(HANDLE).Next(this.statement)
    statement = CaseTask(title="陈述申辩/听证申请").Permission(HANDLE).Next(this.hearing_requested)
    hearing_requested = (
        flow.If(this.party_requested_hearing)
        .Annotation(title="申请听证？")
        .Then(this.schedule_hearing)
        .Else(this.discussion_needed)
    )
    schedule_hearing = CaseTask(title="安排听证").Permission(HANDLE).Next(this.hold_hearing)
    hold_hearing = CaseTask(title="举行听证").Permission(HANDLE).Next(this.review_after_hearing)
    review_after_hearing = CaseTask(title="听证后法制审核").Permission(REVIEW).Next(this.discussion_needed)
    discussion_needed = (
        flow.If(this.decision_needs_discussion).Annotation(title="须集体讨论？").Then(this.discussion).Else(this.decide)
    )
    discussion = CaseTask(title="集体讨论").Permission(APPROVE).Next(this.decide)
    decide = CaseTask(title="作出处理决定").Permission(APPROVE).Next(this.after_decision)
    # Service and disclosure run side by side: the law lets the decision be published before it is served.
    after_decision = flow.Split().Always(this.serve_decision).Always(this.publish)
    serve_decision = CaseTask(title="送达决定书").Permission(HANDLE).Next(this.execution)
    execution = flow.If(fine_outstanding).Annotation(title="罚款未缴清？").Then(this.payment).Else(this.executed)
    payment = CaseTask(title="登记缴款").Permission(HANDLE).Next(this.executed)
    publish = CaseTask(title="处罚决定公示").Permission(HANDLE).Next(this.executed)
    executed = flow.Join().Next(this.close)
    close = CaseTask(title="结案").Permission(APPROVE).Next(this.end)

    not_filed = flow.End()
    end = flow.End()

    # --- gateways: recorded facts, or the rulebook's answer ---------------------------------------------

    def case_was_filed(self, activation) -> bool:
        return _case(activation).status != m.CaseStatus.NOT_FILED

    def latest_review_approves(self, activation) -> bool:
        latest = (
            m.ReviewOpinion.objects.filter(case_id=activation.process.case_id).order_by("-reviewed_on", "-id").first()
        )
        return latest is not None and latest.result == m.ReviewResult.APPROVE

    def party_requested_hearing(self, activation) -> bool:
        latest = m.Statement.objects.filter(case_id=activation.process.case_id).order_by("-received_on", "-id").first()
        return latest is not None and latest.kind == m.StatementKind.HEARING_REQUEST

    def decision_needs_discussion(self, activation) -> bool:
        """Would the rulebook refuse the notified penalty today for want of a collective discussion?"""
        case = _case(activation)
        facts = load_facts(case, today=timezone.localdate())
        notice = facts.latest_notice
        report = facts.report
        data = {
            "kind": m.DecisionKind.PENALTY,
            "penalty_types": notice.penalty_types if notice else [],
            "fine_amount": notice.fine_amount if notice else 0,
            "confiscation_amount": notice.confiscation_amount if notice else 0,
            "is_reduction": bool(report and report.proposes_reduction),
        }
        findings = findings_for(facts, Attempt("decide", facts.today, data=data))
        return any(f.rule == COLLECTIVE_DISCUSSION_RULE for f in findings)


class SummaryProcedureFlow(CaseFlowMixin, flow.Flow):
    """简易程序

    当场作出处罚决定并交付，缴款（未当场收缴的），公示，结案。
    """

    process_class = SummaryCaseProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_case).Next(this.on_spot)

    on_spot = CaseTask(title="当场处罚").Permission(HANDLE).Next(this.execution)
    execution = flow.Split().Next(this.payment, case=fine_outstanding).Always(this.publish)
    payment = CaseTask(title="登记缴款").Permission(HANDLE).Next(this.executed)
    publish = CaseTask(title="处罚决定公示").Permission(HANDLE).Next(this.executed)
    executed = flow.Join().Next(this.close)
    close = CaseTask(title="结案").Permission(APPROVE).Next(this.end)

    end = flow.End()


FLOWS = {
    m.ProcedureType.ORDINARY: OrdinaryProcedureFlow,
    m.ProcedureType.SUMMARY: SummaryProcedureFlow,
}
