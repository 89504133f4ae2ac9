"""Rules of the archive issue, registered with the rulebook on import.

Archiving (归档) takes a closed case into one ordered case file (一案一卷, SAMR Art. 78); from then on the file is
read-only: every case action is refused until the archiving is withdrawn.
"""

from __future__ import annotations

from casemgmt.cases import models as m

from .core import LawFamily, rule

ARCHIVE = "archive"

# Every action a case service gates (casemgmt/cases/services); the documents module's actions are added when
# they gate through the rulebook with these names.
CASE_ACTIONS = frozenset(
    {
        "file",
        "decline_filing",
        "assign_officers",
        "add_record",
        "take_measure",
        "report_emergency",
        "dispose_measure",
        "extend_measure",
        "submit_report",
        "review",
        "issue_notice",
        "serve",
        "request_hearing",
        "schedule_hearing",
        "extend_deadline",
        "decide",
        "summary_decide",
        "serve_decision",
        "record_payment",
        "apply_court",
        "publish",
        "withdraw_disclosure",
        "close",
        "issue_document",
        "add_evidence",
        "transfer",
        "transfer_accept",
    }
)


@rule(
    code="SAMR-78-ARCHIVE-CLOSED",
    name="结案后方可归档",
    family=LawFamily.SAMR,
    message="只有已结案的案件才能归档",
    article="《市场监督管理行政处罚程序规定》第七十八条",
    general="《行政处罚法》第四十七条",
    gates={ARCHIVE},
    audit=False,
)
def archive_only_closed(facts, attempt):
    status = facts.case.status
    if status == m.CaseStatus.ARCHIVED:
        yield "案件已归档"
    elif status != m.CaseStatus.CLOSED:
        yield f"案件当前状态为“{facts.case.get_status_display()}”，尚未结案"


@rule(
    code="SAMR-78-ARCHIVED-READ-ONLY",
    name="归档案卷不得变更",
    family=LawFamily.SAMR,
    message="案件已归档，案卷不得再作任何变更",
    article="《市场监督管理行政处罚程序规定》第七十八条",
    general="《行政处罚法》第四十七条",
    gates=CASE_ACTIONS,
    audit=False,
)
def archived_is_read_only(facts, attempt):
    if facts.case.status == m.CaseStatus.ARCHIVED:
        yield "如确需变更，须先由负责人撤销归档并说明理由"
