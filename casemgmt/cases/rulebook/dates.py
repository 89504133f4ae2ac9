"""Dates a person enters: plausible, not in the future, and not before the step of the case they follow.

Convention: a service passes every date (or date-time) its user entered as ``Attempt.data["dates"]``, a dict from
the input field's name to the value as entered (``None`` for an optional field left blank), e.g.
``data={"dates": {"paid_on": paid_on}}``. Date-times are taken on their local (Asia/Shanghai) day. The labels in
the messages come from :data:`LABELS`; a field not listed there is named by its field name.

Each entered date must

- lie in a plausible year, :data:`EARLIEST_YEAR` to next year (a typo such as 1900 or 2099 is caught here);
- not be after today, unless it is a scheduled date (:data:`SCHEDULED`: a hearing date, the end of a deferment,
  a new deadline set by collective discussion);
- not be before the step the action follows (:data:`ANCHORS`): the discovery of the clue for filing and for
  records and evidence (evidence lawfully gathered while checking the clue is usable, SAMR Art. 23), the filing
  for every other act of the investigation and procedure, the decision for payment, deferment, challenge and
  the withdrawal of a disclosure, and the decision's service for the reminder and the court application
  (行政强制法 Arts. 53–54 count from it). The service of the decision and its publication are held after the
  decision by their own rules (``APL-61-DECISION-SERVICE``, ``APL-48-DISCLOSURE``). The dates of the violation itself (:data:`BEFORE_CASE`) naturally precede it.

One finding per entered date: the first check it fails.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ._util import fmt
from .core import LawFamily, rule

EARLIEST_YEAR = 2000
LATEST_YEARS_AHEAD = 1  # the latest plausible year is today's year + this

LABELS: dict[str, str] = {
    "on": "日期",
    "violation_start": "违法行为发生日期",
    "violation_end": "违法行为终了日期",
    "started_at": "笔录开始时间",
    "ended_at": "笔录结束时间",
    "collected_at": "取证时间",
    "started_on": "措施采取日期",
    "taken_at": "措施实施时间",
    "reported_at": "报告时间",
    "notice_served_on": "通知送达日期",
    "delivered_on": "送达日期",
    "received_on": "提出日期",
    "scheduled_on": "听证日期",
    "held_on": "举行日期",
    "ended_on": "结束日期",
    "new_deadline": "新的办案期限",
    "paid_on": "缴款日期",
    "until": "延期截止日期",
    "filed_on": "提起日期",
    "issued_on": "催告日期",
    "served_on": "催告书送达日期",
    "change_recorded_on": "变更记录日期",
    "ground_on": "结案事由发生日期",
    "correction_notice_on": "责令改正通知书送达日期",
}
SCHEDULED = frozenset({"scheduled_on", "until", "new_deadline"})
# The violation's dates, and a 责令改正通知书 which may be served on the spot when the violation is found.
BEFORE_CASE = frozenset({"violation_start", "violation_end", "correction_notice_on"})

DISCOVERY, FILING, DECISION, SERVICE = "discovery", "filing", "decision", "service"
ANCHORS: dict[str, str] = {
    "file": DISCOVERY,
    "decline_filing": DISCOVERY,
    "summary_decide": DISCOVERY,
    "add_record": DISCOVERY,
    "add_evidence": DISCOVERY,
    "close": DISCOVERY,
    "assign_officers": FILING,
    "suspend": FILING,
    "resume": FILING,
    "terminate": FILING,
    "withdraw": FILING,
    "take_measure": FILING,
    "report_emergency": FILING,
    "dispose_measure": FILING,
    "extend_measure": FILING,
    "submit_report": FILING,
    "review": FILING,
    "issue_notice": FILING,
    "serve": FILING,
    "record_statement": FILING,
    "request_hearing": FILING,
    "waive_rights": FILING,
    "recheck": FILING,
    "schedule_hearing": FILING,
    "hold_hearing": FILING,
    "discussion": FILING,
    "extend_deadline": FILING,
    "decide": FILING,
    "record_payment": DECISION,
    "deferment": DECISION,
    "challenge": DECISION,
    "conclude_challenge": DECISION,
    "withdraw_disclosure": DECISION,
    "reminder": SERVICE,
    "apply_court": SERVICE,
}
# Service and publication are dated after the decision under rules of their own (APL-61-DECISION-SERVICE,
# APL-48-DISCLOSURE); here only their plausibility and that they are not in the future.
DATED_ACTIONS = frozenset(ANCHORS) | {"serve_decision", "publish"}

PLAUSIBLE = "PROC-DATE-PLAUSIBLE"
NOT_FUTURE = "PROC-DATE-NOT-FUTURE"
AFTER_CASE_START = "PROC-DATE-AFTER-CASE-START"
AFTER_DECISION = "PROC-DATE-AFTER-DECISION"


def _day(value) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def _anchor(facts, kind: str) -> tuple[str, dt.date | None]:
    case = facts.case
    if kind == DISCOVERY:
        return "发现线索之日", case.discovered_on
    if kind == FILING:
        return "立案之日", case.filed_on
    decided_on = case.decided_on or (facts.decision.decided_on if facts.decision else None)
    if kind == DECISION:
        return "作出决定之日", decided_on
    decision = facts.decision
    if decision is not None and decision.handed_over_on_announcement:
        return "决定书送达之日", decision.decided_on
    served = [s.served_on for s in facts.decision_services() if s.served_on is not None]
    return "决定书送达之日", min(served) if served else None


def is_plausible(day: dt.date, today: dt.date) -> bool:
    return EARLIEST_YEAR <= day.year <= today.year + LATEST_YEARS_AHEAD


def date_defect(facts, action: str, field: str, value) -> tuple[str, str] | None:
    """The first rule the entered date breaks, as (rule code, detail), or None."""
    day = _day(value)
    label = LABELS.get(field, field)
    if not is_plausible(day, facts.today):
        latest_year = facts.today.year + LATEST_YEARS_AHEAD
        return PLAUSIBLE, f"{label}{fmt(day)}不在{EARLIEST_YEAR}年至{latest_year}年之间，请核对"
    if field not in SCHEDULED and day > facts.today:
        return NOT_FUTURE, f"{label}{fmt(day)}晚于今天（{fmt(facts.today)}）"
    kind = ANCHORS.get(action)
    if kind is None or field in BEFORE_CASE:
        return None
    anchor_label, anchor = _anchor(facts, kind)
    if anchor is not None and day < anchor:
        code = AFTER_CASE_START if kind in (DISCOVERY, FILING) else AFTER_DECISION
        return code, f"{label}{fmt(day)}早于{anchor_label}（{fmt(anchor)}）"
    return None


def _defects(facts, attempt, code: str):
    if attempt is None:
        return
    for field, value in (attempt.get("dates") or {}).items():
        if value is None:
            continue
        found = date_defect(facts, attempt.action, field, value)
        if found is not None and found[0] == code:
            yield found[1]


@rule(
    code=PLAUSIBLE,
    name="日期合理",
    family=LawFamily.SYSTEM,
    message="填写的日期须在合理的年份范围内",
    article="《行政处罚法》第四十七条（全过程记录）",
    gates=DATED_ACTIONS,
    audit=False,
)
def plausible_year(facts, attempt):
    yield from _defects(facts, attempt, PLAUSIBLE)


@rule(
    code=NOT_FUTURE,
    name="日期不晚于当日",
    family=LawFamily.SYSTEM,
    message="已经发生的事项，其日期不得晚于今天",
    article="《行政处罚法》第四十七条（全过程记录）",
    gates=DATED_ACTIONS,
    audit=False,
)
def not_in_future(facts, attempt):
    yield from _defects(facts, attempt, NOT_FUTURE)


@rule(
    code=AFTER_CASE_START,
    name="日期不早于线索或立案",
    family=LawFamily.SYSTEM,
    message="立案、调查取证及其后各环节的日期，不得早于发现线索或者立案之日",
    article="《行政处罚法》第五十四条；《市场监督管理行政处罚程序规定》第十八条、第十九条、第二十三条",
    gates=DATED_ACTIONS,
    audit=False,
)
def after_case_start(facts, attempt):
    yield from _defects(facts, attempt, AFTER_CASE_START)


@rule(
    code=AFTER_DECISION,
    name="日期不早于决定或送达",
    family=LawFamily.SYSTEM,
    message="缴款、延期分期缴纳、复议诉讼的日期不得早于作出决定之日；催告、申请强制执行不得早于决定书送达之日",
    article="《行政处罚法》第六十一条、第六十六条、第六十七条、第七十三条；《行政强制法》第五十三条、第五十四条",
    gates=DATED_ACTIONS,
    audit=False,
)
def after_decision(facts, attempt):
    yield from _defects(facts, attempt, AFTER_DECISION)
