"""The 90-day decision limit and its extensions (APL Art. 60; SAMR Art. 64)."""

from __future__ import annotations

from casemgmt.cases import models as m

from ._util import fmt, is_case_leader
from .core import LawFamily, rule

DECIDE = "decide"
EXTEND = "extend_deadline"


@rule(
    code="APL-60-DECISION-DEADLINE",
    name="办案期限",
    family=LawFamily.APL,
    number=13,
    message="行政处罚案件应当自立案之日起九十日内作出处理决定；经批准可延长三十日，再延长须经集体讨论并确定合理期限",
    article="《行政处罚法》第六十条；《市场监督管理行政处罚程序规定》第六十四条",
    gates={DECIDE},
)
def decision_deadline_rule(facts, attempt):
    from casemgmt.cases.clocks import decision_deadline

    case = facts.case
    if case.procedure != m.ProcedureType.ORDINARY or case.filed_on is None:
        return
    if attempt is not None:
        on = attempt.on
    elif case.decided_on is not None:
        on = case.decided_on
    elif case.status in (m.CaseStatus.TERMINATED, m.CaseStatus.WITHDRAWN) or case.closed_on is not None:
        return  # ended without a decision (终止调查, possibly closed afterwards): no decision is due
    else:
        on = facts.today
    deadline = decision_deadline(facts, until=on)
    if deadline.certainly_passed(on):  # a provisional overrun is a warning on the clock board
        what = "作出决定" if (attempt is not None or case.decided_on) else "至今未作出决定"
        yield f"立案于{fmt(case.filed_on)}，办案期限至{deadline.at_latest}，{fmt(on)}{what}已超期"


@rule(
    code="SAMR-64-DEADLINE-EXTENSION",
    name="延长办案期限",
    family=LawFamily.SAMR,
    number=13,
    message="延长办案期限须在期限届满前经负责人批准（三十日以内）；再次延长须经集体讨论决定并确定新的期限",
    article="《市场监督管理行政处罚程序规定》第六十四条",
    general="《行政处罚法》第六十条",
    gates={EXTEND},
)
def extension(facts, attempt):
    from casemgmt.cases.clocks import decision_deadline

    if attempt is None:
        return
    case = facts.case
    if case.filed_on is None:
        yield "案件尚未立案"
        return
    current = decision_deadline(facts, until=attempt.on)
    if current.certainly_passed(attempt.on):
        yield f"办案期限已于{current.at_latest}届满，不能再延长"
    first = not any(e.discussion_id is None for e in facts.extensions)
    discussion = attempt.get("discussion")
    if first and discussion is None:
        days = attempt.get("days") or 0
        if days <= 0 or days > facts.policy.extension_days:
            yield f"经负责人批准的延长不得超过{facts.policy.extension_days}日"
        approver = attempt.get("approved_by")
        if not is_case_leader(case, approver):
            yield "延长未经本机关负责人批准"
    else:
        if discussion is None:
            yield "已经延长过一次，再次延长须经集体讨论"
        elif discussion.new_deadline is None:
            yield "集体讨论未确定新的办案期限"
        elif discussion.new_deadline <= current.date:
            yield f"集体讨论确定的期限{fmt(discussion.new_deadline)}不晚于现有期限{current}"
