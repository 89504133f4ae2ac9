"""Supervision: the rulebook's self-check run across many cases to find problems early (overdue decisions,
unserved or unpublished decisions), using the same rules as the gates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Finding, check_case, load_facts


def findings_by_case(
    *, cases: Iterable[m.Case] | None = None, today: dt.date | None = None
) -> dict[int, list[Finding]]:
    """Case id → findings, for every case that has at least one. Defaults to every case on today's date."""
    today = today or timezone.localdate()
    if cases is None:
        cases = m.Case.objects.select_related(
            "enforcement_subject__parent", "handling_unit__parent", "filing_approved_by"
        )
    result: dict[int, list[Finding]] = {}
    for case in cases:
        found = check_case(load_facts(case, today=today))
        if found:
            result[case.pk] = found
    return result


# --- the self-check of a case still being handled ------------------------------------------------------------
# A case file is scored once it is finished (closed or archived): an open case's "score" would only say that
# nothing has gone wrong yet (a case under investigation would read "100 分 优秀"). For an open case the
# self-check reports the defects found so far and the steps of its path still to come, and gives no score.

FINISHED_STATUSES = (m.CaseStatus.CLOSED, m.CaseStatus.ARCHIVED)
CLOSING, FILING = "结案（结案报告）", "立卷归档（卷内目录、备考表）"


def is_finished(case: m.Case) -> bool:
    """Whether the case's file is complete enough to be scored (closed or archived)."""
    return case.status in FINISHED_STATUSES


def still_to_come(facts) -> list[str]:
    """The steps of the case's path not yet recorded, in procedure order, each with the papers the file will
    hold for it (empty for a finished case)."""
    case = facts.case
    if case.status == m.CaseStatus.TERMINATED:
        return [CLOSING, FILING]  # 终止调查 is closed and archived like any other file
    if case.status not in m.OPEN_STATUSES:
        return []  # finished, or ended without a file (不予立案, 撤销立案)
    decision = facts.decision
    steps: list[tuple[bool, str]] = []
    summary = case.procedure == m.ProcedureType.SUMMARY
    if summary:
        steps.append((decision is not None, "当场作出行政处罚决定（当场行政处罚决定书）"))
    else:
        discussion_due = case.is_complex
        hearing_asked = bool(facts.hearing_requests(facts.latest_notice))
        steps += [
            (case.filed_on is not None, "立案（立案审批表）"),
            (bool(facts.records), "调查取证（询问笔录、现场检查笔录等证据材料）"),
            (bool(facts.reports), "调查终结（案件调查终结报告）"),
            (decision is not None or bool(facts.legal_reviews()), "法制审核（属法制审核情形的，法制审核意见书）"),
            (bool(facts.notices), "事先告知（行政处罚事先告知书及送达回证）"),
        ]
        if hearing_asked:
            steps.append((facts.held_hearing is not None, "听证（当事人已申请：听证通知书、听证笔录、听证报告）"))
        if discussion_due:
            steps.append((bool(facts.discussions), "负责人集体讨论（集体讨论记录）"))
        steps.append((decision is not None, "作出决定（行政处罚决定书）"))
        steps.append((bool(facts.decision_services()), "送达决定书（送达回证）"))  # 当场: handed over on the spot
    penalty = decision is None or decision.kind == m.DecisionKind.PENALTY
    fine = decision.fine_amount if decision is not None else None
    if penalty and (decision is None or fine):
        steps.append((bool(fine) and facts.paid() >= fine, "执行（罚款缴纳凭证，或催告书、强制执行申请）"))
    steps.append((bool(facts.closings), CLOSING))
    steps.append((False, FILING))
    return [label for done, label in steps if not done]
