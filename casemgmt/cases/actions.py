"""Which actions a user may take next on a case: from its status, procedure and the user's roles.

This is the menu shown in the UI and returned by the API as ``allowed_actions``. Whether an action is
*lawful* is decided by the rulebook when it is attempted (the services gate every action).
"""

from __future__ import annotations

from dataclasses import dataclass

from casemgmt.cases import models as m
from casemgmt.org.models import Role
from casemgmt.org.selectors import memberships_of, unit_subtree_ids

S = m.CaseStatus
HANDLER = (Role.OFFICER, Role.COUNTY_OFFICER, Role.APPROVER)
LEADER = (Role.APPROVER, Role.AGENCY_HEAD)
REVIEWER = (Role.LEGAL_REVIEWER, Role.APPROVER, Role.AGENCY_HEAD)

ORDINARY = m.ProcedureType.ORDINARY
SUMMARY = m.ProcedureType.SUMMARY
INVESTIGATING = (S.INVESTIGATION, S.REPORTED, S.REVIEW, S.NOTICE, S.HEARING)
AFTER_SERVICE = (S.SERVED, S.EXECUTION)


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    statuses: tuple[str, ...]
    roles: tuple[str, ...]
    procedures: tuple[str, ...] = (ORDINARY,)


ACTIONS: tuple[Action, ...] = (
    Action("add_party", "登记当事人", (S.CLUE, *INVESTIGATING), HANDLER, (ORDINARY, SUMMARY)),
    Action("file", "立案", (S.CLUE,), HANDLER + LEADER),
    Action("decline_filing", "不予立案", (S.CLUE,), HANDLER + LEADER),
    Action("summary_decide", "当场处罚", (S.CLUE,), HANDLER, (SUMMARY,)),
    Action("add_record", "制作笔录", INVESTIGATING, HANDLER),
    Action("add_evidence", "登记证据", INVESTIGATING, HANDLER),
    Action("take_measure", "先行登记保存/查封扣押", INVESTIGATING, HANDLER),
    Action("assign_officers", "调整承办人员", (*INVESTIGATING, S.SUSPENDED), LEADER),
    Action("suspend", "中止调查", (S.INVESTIGATION,), HANDLER + LEADER),
    Action("resume", "恢复调查", (S.SUSPENDED,), HANDLER + LEADER),
    Action("terminate", "终止调查", (S.INVESTIGATION, S.REPORTED, S.REVIEW, S.NOTICE, S.SUSPENDED), LEADER),
    Action("withdraw", "撤销立案", (S.INVESTIGATION, S.REPORTED, S.REVIEW, S.NOTICE, S.SUSPENDED), LEADER),
    Action("submit_report", "调查终结报告", (S.INVESTIGATION, S.REVIEW), HANDLER),
    Action("review", "审核", (S.REVIEW, S.NOTICE, S.DISCUSSION), REVIEWER),
    Action("issue_notice", "事先告知", (S.REVIEW, S.NOTICE, S.DISCUSSION), HANDLER),
    Action("serve_notice", "送达告知书", (S.NOTICE,), HANDLER),
    Action("record_statement", "陈述申辩/放弃/申请听证", (S.NOTICE,), HANDLER),
    Action("recheck", "复核陈述申辩", (S.NOTICE, S.DISCUSSION), HANDLER + LEADER),
    Action("schedule_hearing", "安排听证", (S.HEARING,), HANDLER + LEADER),
    Action("hold_hearing", "记录听证", (S.HEARING,), HANDLER + LEADER),
    Action("discussion", "集体讨论", (S.INVESTIGATION, S.REVIEW, S.NOTICE, S.DISCUSSION, S.SUSPENDED), LEADER),
    Action(
        "extend_deadline",
        "延长办案期限",
        (S.INVESTIGATION, S.SUSPENDED, S.REVIEW, S.NOTICE, S.HEARING, S.DISCUSSION),
        LEADER,
    ),
    Action("decide", "作出决定", (S.REVIEW, S.NOTICE, S.DISCUSSION), LEADER),
    Action("serve_decision", "送达决定书", (S.DECIDED,), HANDLER),
    Action("record_payment", "登记缴款", AFTER_SERVICE, HANDLER, (ORDINARY, SUMMARY)),
    Action("deferment", "批准延期/分期缴纳", AFTER_SERVICE, LEADER),
    Action("challenge", "登记复议/诉讼", AFTER_SERVICE, HANDLER + LEADER),
    Action("reminder", "履行催告", AFTER_SERVICE, HANDLER),
    Action("apply_court", "申请法院强制执行", AFTER_SERVICE, LEADER),
    Action("publish", "处罚决定公示", (S.DECIDED, *AFTER_SERVICE, S.CLOSED), HANDLER + LEADER, (ORDINARY, SUMMARY)),
    Action("close", "结案", (S.DECIDED, *AFTER_SERVICE, S.TERMINATED), LEADER, (ORDINARY, SUMMARY)),
)
BY_CODE = {a.code: a for a in ACTIONS}


def _roles_on_case(user, case: m.Case) -> set[str]:
    case_units = {case.enforcement_subject_id, case.handling_unit_id}
    case_units |= {a.unit_id for a in case.caseassist_set.all()}
    roles = set()
    for ms in memberships_of(user):
        if case_units & unit_subtree_ids({ms.unit_id}):
            roles.add(ms.role)
    return roles


def allowed_actions(*, case: m.Case, user) -> list[Action]:
    """The actions ``user`` may start on ``case`` now. The justice bureau (read-only) gets none."""
    roles = _roles_on_case(user, case)
    if not roles:
        return []
    return [a for a in ACTIONS if case.status in a.statuses and case.procedure in a.procedures and roles & set(a.roles)]
