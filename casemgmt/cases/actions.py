"""The action registry: one declaration per case action.

Each entry says what the action is called, in which statuses and procedures the law lets it be taken, who may
take it (a role group, held on the case's units or a unit above them), whether it needs a 负责人's approval,
which case service performs it, which input schema parses it, which flow tasks it completes and which
documents it issues. Everything else is derived from here:

- the menu on the case page and ``allowed_actions`` in the API (:func:`allowed_actions`);
- the web form and the API endpoint with its OpenAPI operation (both from the one input schema,
  ``casemgmt.acts.inputs``);
- the stage and role check every act passes before its service writes (``casemgmt.cases.services.base.act_begin``);
- the inbox: a flow task is completed by the actions that name it here (``workflows.nodes.CaseTask``).

Service and input are dotted paths, resolved on first use: the registry sits below the modules that implement
them. Adding an action is one entry here plus one service (and its input schema). ``manage.py check`` refuses
an entry whose service, input schema, label or flow task does not exist (``acts.E00x``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from typing import Any

from casemgmt.cases import models as m
from casemgmt.org.models import HANDLER_ROLES, LEADER_ROLES, REVIEWER_ROLES
from casemgmt.org.selectors import memberships_of, unit_subtree_ids

S = m.CaseStatus
ORDINARY = m.ProcedureType.ORDINARY
SUMMARY = m.ProcedureType.SUMMARY
BOTH = (ORDINARY, SUMMARY)

INVESTIGATING = (S.INVESTIGATION, S.REPORTED, S.REVIEW, S.NOTICE, S.HEARING)
BEFORE_DECISION = (*INVESTIGATING, S.DISCUSSION, S.SUSPENDED)
AFTER_SERVICE = (S.SERVED, S.EXECUTION)
DECIDED_ON = (S.DECIDED, *AFTER_SERVICE)
# Before the decision, periods excluded from the decision deadline (SAMR Art. 64) can start in any of these; the
# investigation itself can only be suspended while it is under way (the service checks the kind).
SUSPENDABLE = (*INVESTIGATING, S.DISCUSSION)
# A case ended without a decision: measures taken during it must still be lifted (行政强制法 Art. 28).
ENDED = (S.TERMINATED, S.WITHDRAWN)


def resolve(path: str) -> Any:
    """``"package.module.name"`` → the object."""
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    statuses: tuple[str, ...]
    roles: tuple[str, ...]
    service: str
    input: str
    procedures: tuple[str, ...] = (ORDINARY,)
    # The role an approver named in the input (``approved_by``) must hold for the case's enforcement subject.
    approval: tuple[str, ...] = ()
    # Names of the flow tasks (``workflows.flows``) this action completes.
    tasks: tuple[str, ...] = ()
    # Codes of the documents (``documents.catalogue``) the action's record is written up in.
    documents: tuple[str, ...] = ()
    # A short Chinese description shown above the form.
    help: str = ""

    @cached_property
    def service_fn(self):
        return resolve(self.service)

    @cached_property
    def input_schema(self):
        return resolve(self.input)

    def allows(self, case: m.Case) -> bool:
        return case.status in self.statuses and case.procedure in self.procedures


def _s(name: str) -> str:
    return f"casemgmt.cases.services.{name}"


def _i(name: str) -> str:
    return f"casemgmt.acts.inputs.{name}"


HANDLER = HANDLER_ROLES
LEADER = LEADER_ROLES
HANDLER_OR_LEADER = tuple(dict.fromkeys(HANDLER_ROLES + LEADER_ROLES))

ACTIONS: tuple[Action, ...] = (
    # --- filing -------------------------------------------------------------------------------------------
    Action("add_party", "登记当事人", (S.CLUE, *BEFORE_DECISION), HANDLER, _s("party_add"), _i("AddPartyInput"), BOTH),
    Action(
        "file", "立案", (S.CLUE,), HANDLER_OR_LEADER, _s("case_file"), _i("FileInput"),
        approval=LEADER, tasks=("file_review",), documents=("la_spb",),
    ),
    Action(
        "decline_filing", "不予立案", (S.CLUE,), HANDLER_OR_LEADER, _s("case_decline_filing"),
        _i("DeclineFilingInput"), approval=LEADER, tasks=("file_review",), documents=("bla_spb",),
    ),
    Action(
        "summary_decide", "当场处罚", (S.CLUE,), HANDLER, _s("summary_decide"), _i("SummaryDecideInput"),
        (SUMMARY,), tasks=("on_spot",), documents=("dcxzcf_jds",),
    ),
    Action(
        "assign_officers", "调整承办人员", (*BEFORE_DECISION, *DECIDED_ON), LEADER, _s("case_assign_officers"),
        _i("AssignOfficersInput"),
    ),
    Action(
        "suspend", "中止调查", SUSPENDABLE, HANDLER_OR_LEADER, _s("case_suspend"), _i("SuspendInput"),
        approval=LEADER, help="中止调查只能在调查取证阶段；听证、公告、检测鉴定等期间在决定前均可登记，不计入办案期限",
    ),
    Action(
        "resume", "恢复调查", (S.SUSPENDED, *SUSPENDABLE), HANDLER_OR_LEADER, _s("case_resume"), _i("ResumeInput"),
        help="中止原因消除后，应当立即恢复案件调查",
    ),
    Action(
        "terminate", "终止调查", (S.INVESTIGATION, S.REPORTED, S.REVIEW, S.NOTICE, S.SUSPENDED), HANDLER_OR_LEADER,
        _s("case_terminate"), _i("TerminateInput"), approval=LEADER,
    ),
    Action(
        "withdraw", "撤销立案", (S.INVESTIGATION, S.REPORTED, S.REVIEW, S.NOTICE, S.SUSPENDED), HANDLER_OR_LEADER,
        _s("case_withdraw"), _i("WithdrawInput"), approval=LEADER,
    ),
    # --- investigation ------------------------------------------------------------------------------------
    Action(
        "add_record", "制作笔录", (S.CLUE, *INVESTIGATING), HANDLER, _s("record_add"), _i("AddRecordInput"), BOTH,
        documents=("xw_bl", "xcjc_bl"),
    ),
    Action(
        "add_evidence", "登记证据", (S.CLUE, *INVESTIGATING), HANDLER, _s("evidence_add"), _i("AddEvidenceInput"), BOTH,
    ),
    Action(
        "take_measure", "先行登记保存/查封扣押", INVESTIGATING, HANDLER, _s("measure_take"), _i("TakeMeasureInput"),
        approval=LEADER, documents=("xxdjbc_tzs", "cfky_jds"),
    ),
    Action(
        "report_emergency", "补报紧急措施", (*BEFORE_DECISION, *DECIDED_ON), HANDLER_OR_LEADER,
        _s("measure_report_emergency"), _i("ReportEmergencyInput"), approval=LEADER,
        help="情况紧急当场采取措施的，应当在二十四小时内向负责人报告并补办批准手续",
    ),
    Action(
        "dispose_measure", "处置/解除先行登记保存或查封扣押", (*BEFORE_DECISION, *DECIDED_ON, *ENDED), HANDLER,
        _s("measure_dispose"), _i("DisposeMeasureInput"), documents=("wpcl_tzs",),
        help="先行登记保存的证据须在法定期限内作出处理决定，逾期未处理的措施自动解除",
    ),
    Action(
        "extend_measure", "延长查封扣押期限", (*BEFORE_DECISION, *DECIDED_ON), HANDLER_OR_LEADER,
        _s("measure_extend"), _i("ExtendMeasureInput"), approval=LEADER,
    ),
    # --- report to decision -------------------------------------------------------------------------------
    Action(
        "submit_report", "调查终结报告", (S.INVESTIGATION, S.REVIEW), HANDLER, _s("report_submit"),
        _i("SubmitReportInput"), tasks=("investigate",), documents=("dczj_bg",),
    ),
    Action(
        "review", "审核", (S.REVIEW, S.NOTICE, S.DISCUSSION), REVIEWER_ROLES, _s("review_record"), _i("ReviewInput"),
        tasks=("review", "review_after_hearing"), documents=("fzsh_yjs",),
    ),
    Action(
        "issue_notice", "事先告知", (S.REVIEW, S.NOTICE, S.DISCUSSION), HANDLER, _s("notice_issue"),
        _i("IssueNoticeInput"), tasks=("issue_notice",), documents=("sxgz_s", "sxgz_s_tz"),
    ),
    Action(
        "serve_notice", "送达告知书", (S.NOTICE,), HANDLER, _s("notice_serve"), _i("ServeNoticeInput"),
        tasks=("serve_notice",), documents=("sd_hz",),
    ),
    Action(
        "record_statement", "陈述申辩/申请听证", (S.NOTICE,), HANDLER, _s("statement_record"),
        _i("RecordStatementInput"), tasks=("statement",), documents=("cssb_bl",),
    ),
    Action(
        "waive_rights", "书面放弃陈述申辩/听证", (S.NOTICE,), HANDLER, _s("statement_waive"), _i("WaiveRightsInput"),
        tasks=("statement",),
        help="当事人签名的书面放弃书须先作为证据登记并上传；同时放弃陈述申辩和听证的，可不待期限届满作出决定",
    ),
    Action(
        "recheck", "复核陈述申辩", (S.NOTICE, S.HEARING, S.DISCUSSION), HANDLER_OR_LEADER, _s("statement_recheck"),
        _i("RecheckInput"),
    ),
    Action(
        "schedule_hearing", "安排听证", (S.HEARING,), HANDLER_OR_LEADER, _s("hearing_schedule"),
        _i("ScheduleHearingInput"), tasks=("schedule_hearing",), documents=("tz_tzs",),
    ),
    Action(
        "hold_hearing", "记录听证", (S.HEARING,), HANDLER_OR_LEADER, _s("hearing_hold"), _i("HoldHearingInput"),
        tasks=("hold_hearing",), documents=("tz_bl", "tz_bg"),
    ),
    Action(
        "discussion", "集体讨论", (S.INVESTIGATION, S.REVIEW, S.NOTICE, S.DISCUSSION, S.SUSPENDED), LEADER,
        _s("discussion_record"), _i("DiscussionInput"), tasks=("discussion",), documents=("jttl_bl",),
    ),
    Action(
        "extend_deadline", "延长办案期限", BEFORE_DECISION, LEADER, _s("deadline_extend"), _i("ExtendDeadlineInput"),
    ),
    Action(
        "decide", "作出决定", (S.REVIEW, S.NOTICE, S.DISCUSSION), LEADER, _s("decision_make"), _i("DecideInput"),
        tasks=("decide",), documents=("xzcf_jdspb", "xzcf_jds", "byxzcf_jds"),
    ),
    # --- service, execution, disclosure, closing ----------------------------------------------------------
    Action(
        "serve_decision", "送达决定书", (S.DECIDED,), HANDLER, _s("decision_serve"), _i("ServeDecisionInput"),
        tasks=("serve_decision",), documents=("sd_hz",),
    ),
    Action(
        "record_payment", "登记缴款", AFTER_SERVICE, HANDLER, _s("payment_record"), _i("RecordPaymentInput"), BOTH,
        tasks=("payment",),
    ),
    Action(
        "deferment", "批准延期/分期缴纳", AFTER_SERVICE, LEADER, _s("deferment_approve"), _i("DefermentInput"), BOTH,
        documents=("yqfq_spb",),
    ),
    Action(
        "challenge", "登记复议/诉讼", AFTER_SERVICE, HANDLER_OR_LEADER, _s("challenge_record"), _i("ChallengeInput"), BOTH,
    ),
    Action(
        "conclude_challenge", "登记复议/诉讼结果", AFTER_SERVICE, HANDLER_OR_LEADER,
        _s("challenge_conclude"), _i("ConcludeChallengeInput"), BOTH,
        help="收到行政复议决定书或法院判决书、裁定书后登记；决定被撤销、变更或确认违法/无效的，另行撤回公示",
    ),
    Action(
        "reminder", "履行催告", AFTER_SERVICE, HANDLER, _s("reminder_issue"), _i("ReminderInput"), BOTH,
        documents=("lxcg_s",),
    ),
    Action(
        "apply_court", "申请法院强制执行", AFTER_SERVICE, LEADER, _s("court_apply"), _i("ApplyCourtInput"), BOTH,
        documents=("qzzx_sqs",),
    ),
    Action(
        "publish", "处罚决定公示", (*DECIDED_ON, S.CLOSED), HANDLER_OR_LEADER, _s("disclosure_publish"),
        _i("PublishInput"), BOTH, tasks=("publish",),
    ),
    Action(
        "withdraw_disclosure", "撤回公示", (*DECIDED_ON, S.CLOSED), HANDLER_OR_LEADER, _s("disclosure_withdraw"),
        _i("WithdrawDisclosureInput"), BOTH,
        help="处罚决定被依法变更、撤销、确认违法或者确认无效的，应当在法定期限内撤回公示信息",
    ),
    Action(
        "close", "结案", (*DECIDED_ON, S.TERMINATED), LEADER, _s("case_close"), _i("CloseInput"), BOTH,
        tasks=("close",), documents=("ja_spb",),
    ),
)  # fmt: skip
BY_CODE: dict[str, Action] = {a.code: a for a in ACTIONS}


def actions_for_task(task_name: str) -> tuple[str, ...]:
    """The codes of the actions that complete the flow task named ``task_name``."""
    return tuple(a.code for a in ACTIONS if task_name in a.tasks)


def roles_on_case(user, case: m.Case) -> set[str]:
    """The roles ``user`` holds on a unit of the case (handling unit, enforcement subject, assisting units) or a
    unit above it."""
    case_units = {case.enforcement_subject_id, case.handling_unit_id}
    case_units |= m.assist_unit_ids(case)
    roles = set()
    for ms in memberships_of(user):
        if case_units & unit_subtree_ids({ms.unit_id}):
            roles.add(ms.role)
    return roles


def allowed_actions(*, case: m.Case, user) -> list[Action]:
    """The actions ``user`` may start on ``case`` now. The justice bureau (read-only) gets none."""
    roles = roles_on_case(user, case)
    if not roles:
        return []
    return [a for a in ACTIONS if a.allows(case) and roles & set(a.roles)]
