"""Filing (立案): two certified officers and head approval; the limitation period."""

from __future__ import annotations

from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.org.tree import unit_tree

from ._util import add_years, fmt, is_case_leader
from .approval import approver_defects
from .core import LawFamily, rule

FILE = "file"
ASSIGN = "assign_officers"
SUMMARY = "summary_decide"


def _assigned_on(case, assignment, today):
    """The day an officer's certificate had to be valid: the filing (or summary decision) day for the officers
    assigned then, the day of joining for an officer assigned later (e.g. after 回避)."""
    start = case.filed_on or case.decided_on or today
    approved_at = case.filing_approved_at
    if approved_at is None or assignment.assigned_at <= approved_at:
        return start
    return max(start, timezone.localtime(assignment.assigned_at).date())


@rule(
    code="APL-42-TWO-CERTIFIED-OFFICERS",
    name="两名持证执法人员",
    family=LawFamily.APL,
    number=1,
    message="执法人员不得少于两人，且须持有有效的行政执法证件",
    article="《行政处罚法》第四十二条；《市场监督管理行政处罚程序规定》第十九条",
    gates={FILE, ASSIGN, SUMMARY},
)
def two_certified_officers(facts, attempt):
    case = facts.case
    if attempt is not None:
        officers = attempt.get("officers")
        if officers is None:  # an action that does not change the assignment: check the current one
            officers = [a.officer for a in facts.active_assignments]
        checks = [(officer, attempt.on) for officer in officers]
        minimum = 1 if (attempt.action == SUMMARY and facts.policy.summary_single_officer_allowed) else 2
    else:
        if case.filed_on is None and case.procedure == m.ProcedureType.ORDINARY:
            return
        checks = [(a.officer, _assigned_on(case, a, facts.today)) for a in facts.active_assignments]
        minimum = (
            1 if (case.procedure == m.ProcedureType.SUMMARY and facts.policy.summary_single_officer_allowed) else 2
        )
    units = _case_unit_ids(case)
    valid: set[int] = set()  # one officer listed twice is still one officer
    for officer, on in checks:
        if officer.valid_certificate(on) is None:
            yield f"{officer.name}在{fmt(on)}无有效执法证（过期、暂扣或未登记）"
        elif not _belongs(officer, units):
            yield f"{officer.name}不属于本案执法主体、承办单位或协办单位"
        else:
            valid.add(officer.pk)
    if len(valid) < minimum:
        yield f"持有效执法证的执法人员为{len(valid)}人，少于{minimum}人"


def _case_unit_ids(case) -> set[int]:
    ids = {case.enforcement_subject_id, case.handling_unit_id}
    if case.pk is not None:
        ids |= m.assist_unit_ids(case)
    return ids


def _belongs(officer, units: set[int]) -> bool:
    """Officers act for their own body (APL Art. 42): a member of the case's units or of a unit below them
    (a squadron of the brigade), or of an assisting unit (协办, e.g. transition-period joint enforcement)."""
    tree = unit_tree()
    return any(set(tree.chain(ms.unit_id)) & units for ms in officer.memberships.all())  # prefetched by load_facts


@rule(
    code="SAMR-19-FILING-APPROVAL",
    name="立案审批",
    family=LawFamily.APL,
    number=1,
    message="立案须经行政机关负责人批准",
    article="《行政处罚法》第五十四条；《市场监督管理行政处罚程序规定》第十九条",
    gates={FILE},
)
def filing_approval(facts, attempt):
    case = facts.case
    if attempt is None:
        if case.filed_on is None:
            return
        approver = case.filing_approved_by
    else:
        approver = attempt.get("approved_by")
    if approver is None:
        yield "未记录负责人立案审批"
        return
    if attempt is not None:
        yield from approver_defects(case, FILE, approver, attempt.actor)
    elif not is_case_leader(case, approver):
        yield f"{approver.name}不是本案执法主体或承办单位的负责人"


@rule(
    code="APL-36-LIMITATION",
    name="追责时效",
    family=LawFamily.APL,
    number=2,
    message="违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，期限延长至五年",
    article="《行政处罚法》第三十六条",
    gates={FILE, SUMMARY},
)
def limitation(facts, attempt):
    case = facts.case
    if attempt is not None and attempt.action == FILE:
        end = attempt.get("violation_end", case.violation_end) or attempt.get("violation_start", case.violation_start)
        discovered = attempt.get("discovered_on", case.discovered_on)
        harm = attempt.get("involves_safety_harm", case.involves_safety_harm)
    else:
        if attempt is None and case.filed_on is None and case.procedure == m.ProcedureType.ORDINARY:
            return
        end = case.violation_end or case.violation_start
        discovered = case.discovered_on
        harm = case.involves_safety_harm
    if end is None:
        yield "未填写违法行为发生（终了）日期，无法判断是否超过追责期限"
        return
    if discovered is None:
        return
    years = 5 if harm else 2
    limit = add_years(end, years)
    if discovered > limit:
        yield f"违法行为终了于{fmt(end)}，至{fmt(discovered)}发现，已超过{years}年（截至{fmt(limit)}）"
