"""Legal clocks of a case, on the Chinese working-day calendar.

Working-day periods (APL Art. 85: 二日/三日/五日/七日; 行政强制法 Art. 69) and calendar periods (15-day payment,
90-day decision, 60-day 复议, 6-month 诉讼). The start day is not counted; a period that ends on a rest day moves
to the next working day (SAMR 程序规定 Art. 80). Deadlines in a year whose official holiday schedule is not
loaded yet are *provisional* (暂定).

Every deadline says whom it binds (``Binds``): a period that limits the party (陈述申辩, 听证申请, 缴纳罚款, 复议/
诉讼) or makes the agency wait for the party (听证通知, the start of the court-application window) ends, on a
provisional year, on the latest date any plausible holiday schedule could give, so no right is cut off; a period
that limits the agency (作出决定, 送达, 公示, 结案, 先行登记保存, 查封扣押) ends on the earliest, so the agency is
warned in time. Rules refuse an agency act only when it is late under every plausible schedule
(``Deadline.certainly_passed``); the clock board shows the earlier overrun as a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from casemgmt.cases import models as m
from casemgmt.legalcal.calendar import (
    Binds,
    Deadline,
    add_calendar_days,
    add_months,
    add_working_days,
    working_days_between,
)

from .rulebook.closing import NO_PENALTY_KINDS, TRANSFER_KINDS, ground_date
from .rulebook.execution import must_publish
from .rulebook.facts import CaseFacts

# Every period and rate below is read from the case's ProcedurePolicy (payment APL Art. 67, surcharge APL
# Art. 72(1), 复议 行政复议法 Art. 20, 诉讼 行政诉讼法 Art. 46, court application 行政强制法 Art. 53, 公告送达
# 民事诉讼法 Art. 95): the documents state the same numbers (``casemgmt.cases.legaltext``).


# --- single periods ---------------------------------------------------------------------------------------


def statement_period_end(facts: CaseFacts, notice: m.Notice) -> Deadline | None:
    if notice.served_on is None:
        return None
    return add_working_days(notice.served_on, facts.policy.statement_period_working_days, binds=Binds.PARTY)


def hearing_request_end(facts: CaseFacts, notice: m.Notice) -> Deadline | None:
    if notice.served_on is None:
        return None
    return add_working_days(notice.served_on, facts.policy.hearing_request_working_days, binds=Binds.PARTY)


def earliest_hearing_date(facts: CaseFacts, notice_served_on: dt.date) -> Deadline:
    """The hearing may be held at the earliest 7 working days after its notice was served (APL Art. 64): the
    agency waits for the party, so a provisional year counts the latest plausible end."""
    return add_working_days(notice_served_on, facts.policy.hearing_notice_working_days, binds=Binds.PARTY)


def suspended_days(facts: CaseFacts, *, until: dt.date) -> int:
    """Calendar days excluded from the 90-day clock (suspension, hearing, public notice, testing)."""
    days: set[dt.date] = set()
    for s in facts.suspensions:
        end = min(s.ended_on or until, until)
        day = s.started_on
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


def decision_deadline(facts: CaseFacts, *, until: dt.date | None = None) -> Deadline | None:
    """90 days from filing, + excluded periods, + 30 days with approval; beyond that only the date set by
    collective discussion (APL Art. 60; SAMR Art. 64)."""
    case = facts.case
    if case.filed_on is None:
        return None
    until = until or facts.today
    policy = facts.policy
    base = policy.decision_days + suspended_days(facts, until=until)
    approved = [e for e in facts.extensions if e.discussion_id is None]
    deadline = add_calendar_days(case.filed_on, base, binds=Binds.AGENCY)
    if approved:
        days = base + min(sum(e.days for e in approved), policy.extension_days)
        deadline = add_calendar_days(case.filed_on, days, binds=Binds.AGENCY)
    further = [e for e in facts.extensions if e.discussion_id is not None]
    if further:
        discussions = {d.pk: d for d in facts.discussions}
        dates = [discussions[e.discussion_id].new_deadline for e in further if e.discussion_id in discussions]
        dates = [d for d in dates if d]
        if dates and max(dates) > deadline.date:
            deadline = deadline.replace(max(dates))
    return deadline


def service_deadline(facts: CaseFacts, decision: m.Decision) -> Deadline:
    return add_working_days(decision.decided_on, facts.policy.service_working_days, binds=Binds.AGENCY)


def deemed_service_date(*, method: str, delivered_on: dt.date, policy: m.ProcedurePolicy | None = None) -> dt.date:
    """公告送达 counts as served 30 days after publication (民事诉讼法 Art. 95); others on delivery. Without the
    case's ``policy`` the county-wide default applies."""
    if method == m.ServiceMethod.PUBLIC:
        policy = policy or m.ProcedurePolicy.for_unit(None)
        return delivered_on + dt.timedelta(days=policy.public_service_days)
    return delivered_on


def decision_served_on(facts: CaseFacts) -> dt.date | None:
    decision = facts.decision
    if decision is None:
        return None
    if decision.handed_over_on_announcement:
        return decision.decided_on
    served = facts.decision_services()
    return served[0].served_on if served else None


def payment_deadline(facts: CaseFacts) -> Deadline | None:
    """15 days from receipt of the decision (APL Art. 67), or the approved deferment (APL Art. 66)."""
    served = decision_served_on(facts)
    if served is None:
        return None
    deadline = add_calendar_days(served, facts.policy.payment_days, binds=Binds.PARTY)
    if facts.deferments:
        until = max(d.until for d in facts.deferments)
        if until > deadline.date:
            deadline = deadline.replace(until)
    return deadline


def surcharge_rate(facts: CaseFacts) -> Decimal:
    """The daily 加处罚款 rate as a fraction of the fine (APL Art. 72(1): 3 %)."""
    return Decimal(facts.policy.surcharge_percent) / 100


def _challenge_days(facts: CaseFacts, start: dt.date, end: dt.date) -> int:
    """Days in [start, end] during which a 复议/诉讼 was pending."""
    days: set[dt.date] = set()
    for c in facts.challenges:
        first = max(c.filed_on, start)
        last = min(c.ended_on or end, end)
        day = first
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


def surcharge(facts: CaseFacts, *, on: dt.date) -> Decimal:
    """加处罚款 owed on ``on``: 3 % of the unpaid fine per day from the day after the payment deadline, never
    above the fine, not accruing while 复议/诉讼 is pending (APL Arts. 72–73)."""
    decision = facts.decision
    deadline = payment_deadline(facts)
    if decision is None or deadline is None or not decision.fine_amount:
        return Decimal("0")
    fine = decision.fine_amount
    paid_before = sum(
        (p.amount for p in facts.payments if p.kind == m.PaymentKind.FINE and p.paid_on <= deadline.date), Decimal(0)
    )
    if paid_before >= fine or on <= deadline.date:
        return Decimal("0")
    # Accrual stops on the day the fine is paid in full.
    last = on
    running = Decimal("0")
    for p in facts.payments:
        if p.kind == m.PaymentKind.FINE:
            running += p.amount
            if running >= fine:
                last = min(last, p.paid_on)
                break
    first = deadline.date + dt.timedelta(days=1)
    if last < first:
        return Decimal("0")
    days = (last - first).days + 1 - _challenge_days(facts, first, last)
    amount = (fine * surcharge_rate(facts) * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(amount, fine)


def remedy_periods_end(facts: CaseFacts, *, binds: Binds = Binds.PARTY) -> Deadline | None:
    """The later of the 60-day 复议 and the 6-month 诉讼 period, counted from service. They limit the party
    (latest end); ``binds=AGENCY`` gives the earliest plausible end, from which the agency's own window runs."""
    served = decision_served_on(facts)
    if served is None:
        return None
    reconsideration = add_calendar_days(served, facts.policy.reconsideration_days, binds=binds)
    litigation = add_months(served, facts.policy.litigation_months, binds=binds)
    later = max(reconsideration.date, litigation.date)
    return Deadline(later, reconsideration.provisional or litigation.provisional, binds)


def court_application_window(facts: CaseFacts) -> tuple[dt.date, Deadline] | None:
    """(first day, last day) to apply to the court: after the remedy periods (or the end of an approved
    deferment, whichever is later) and within 3 months of that (行政强制法 Art. 53; APL Art. 72 para 2).

    On a provisional year the first day follows the latest plausible end of the party's remedy periods; the last
    day (an agency limit) runs from their earliest plausible end and carries the latest one for refusals."""
    periods = remedy_periods_end(facts, binds=Binds.PARTY)
    if periods is None:
        return None
    earliest_periods = remedy_periods_end(facts, binds=Binds.AGENCY)
    deferred = max((d.until for d in facts.deferments), default=None)
    start, early_start = periods.date, earliest_periods.date
    if deferred is not None:
        start, early_start = max(start, deferred), max(early_start, deferred)
    months = facts.policy.court_application_months
    last = add_months(early_start, months, binds=Binds.AGENCY)
    latest = add_months(start, months, binds=Binds.PARTY)
    provisional = last.provisional or latest.provisional or periods.provisional
    bound = latest.date if latest.date != last.date else None
    return start + dt.timedelta(days=1), Deadline(last.date, provisional, Binds.AGENCY, bound)


def disclosure_deadline(facts: CaseFacts, decision: m.Decision) -> Deadline:
    return add_working_days(decision.decided_on, facts.policy.disclosure_working_days, binds=Binds.AGENCY)


def withdrawal_deadline(facts: CaseFacts, change_on: dt.date) -> Deadline:
    return add_working_days(change_on, facts.policy.disclosure_withdraw_working_days, binds=Binds.AGENCY)


def closing_deadline(facts: CaseFacts, ground_on: dt.date) -> Deadline:
    return add_working_days(ground_on, facts.policy.closing_working_days, binds=Binds.AGENCY)


def preservation_deadline(facts: CaseFacts, measure: m.Measure) -> Deadline:
    """先行登记保存 must be dealt with within 7 working days (SAMR Art. 35). An agency limit that protects the
    party's goods: the earliest plausible end, also for the automatic release."""
    return add_working_days(measure.started_on, facts.policy.preservation_working_days, binds=Binds.AGENCY)


def seizure_end(facts: CaseFacts, measure: m.Measure) -> Deadline:
    """Last day of a 查封/扣押: 30 days, + the approved extension (行政强制法 Art. 25). Not rolled forward:
    the limit protects the party."""
    days = facts.policy.seizure_days + measure.extended_days
    return add_calendar_days(measure.started_on, days, roll_forward=False, binds=Binds.AGENCY)


# --- the clock board ---------------------------------------------------------------------------------------


class ClockStatus:
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    DONE = "done"


@dataclass(frozen=True)
class Clock:
    code: str
    label: str
    deadline: Deadline
    done_on: dt.date | None
    status: str
    remaining_working_days: int | None

    @property
    def provisional(self) -> bool:
        return self.deadline.provisional

    @property
    def binds(self) -> Binds:
        return self.deadline.binds

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "deadline": self.deadline.date.isoformat(),
            "provisional": self.deadline.provisional,
            "binds": str(self.deadline.binds),
            "latest_possible": self.deadline.last_possible.isoformat(),
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "status": self.status,
            "remaining_working_days": self.remaining_working_days,
        }


YELLOW_WORKING_DAYS = 3
ENDED_WITHOUT_DECISION = (m.CaseStatus.TERMINATED, m.CaseStatus.WITHDRAWN, m.CaseStatus.CLOSED, m.CaseStatus.ARCHIVED)


def _clock(code: str, label: str, deadline: Deadline, done_on: dt.date | None, today: dt.date) -> Clock:
    if done_on is not None:
        status = ClockStatus.DONE if done_on <= deadline.date else ClockStatus.RED
        return Clock(code, label, deadline, done_on, status, None)
    binds = deadline.binds
    if today > deadline.date:
        overdue = working_days_between(deadline.date, today, binds=binds)
        return Clock(code, label, deadline, None, ClockStatus.RED, -overdue)
    remaining = working_days_between(today, deadline.date, binds=binds)
    status = ClockStatus.YELLOW if remaining <= YELLOW_WORKING_DAYS else ClockStatus.GREEN
    return Clock(code, label, deadline, None, status, remaining)


def _party_clock(code: str, label: str, deadline: Deadline, done_on: dt.date | None, today: dt.date) -> Clock:
    """A period the party may use (陈述申辩, 听证申请): once used or run out it is over, never overdue — the agency
    has nothing late to do about it, it may go on."""
    if done_on is not None or today > deadline.date:
        return Clock(code, label, deadline, done_on, ClockStatus.DONE, None)
    return _clock(code, label, deadline, None, today)


def case_clocks(facts: CaseFacts) -> list[Clock]:
    """Every running or finished clock of the case, for the case page, the API and supervision."""
    today = facts.today
    case = facts.case
    clocks: list[Clock] = []
    decision = facts.decision

    for measure in facts.measures:
        if measure.kind == m.MeasureKind.PRESERVATION:
            clocks.append(
                _clock(
                    f"preservation-{measure.pk}",
                    "先行登记保存处理期限",
                    preservation_deadline(facts, measure),
                    measure.disposed_on,
                    today,
                )
            )
        else:
            clocks.append(
                _clock(
                    f"seizure-{measure.pk}",
                    f"{measure.get_kind_display()}期限",
                    seizure_end(facts, measure),
                    measure.disposed_on,
                    today,
                )
            )

    # A case terminated or withdrawn before any decision has no running decision clock.
    ended_undecided = case.decided_on is None and case.status in ENDED_WITHOUT_DECISION
    if case.procedure == m.ProcedureType.ORDINARY and case.filed_on and not ended_undecided:
        deadline = decision_deadline(facts)
        if deadline is not None:
            clocks.append(_clock("decision", "作出处理决定期限（立案之日起）", deadline, case.decided_on, today))

    notice = facts.latest_notice
    if notice is not None and notice.served_on is not None:
        statements = facts.statements_on(notice)
        end = statement_period_end(facts, notice)
        done = min((s.received_on for s in statements), default=None)
        clocks.append(_party_clock("statement", "陈述申辩期限", end, done, today))
        if notice.includes_hearing_right:
            requests = facts.hearing_requests(notice)
            clocks.append(
                _party_clock(
                    "hearing_request",
                    "听证申请期限",
                    hearing_request_end(facts, notice),
                    requests[0].received_on if requests else None,
                    today,
                )
            )

    if decision is not None and not decision.handed_over_on_announcement:
        services = facts.decision_services()
        delivered = services[0].delivered_on if services else None
        clocks.append(_clock("service", "决定书送达期限", service_deadline(facts, decision), delivered, today))

    if decision is not None and decision.is_penalty and decision.fine_amount:
        deadline = payment_deadline(facts)
        if deadline is not None:
            paid_on = None
            running = Decimal("0")
            for p in facts.payments:
                if p.kind == m.PaymentKind.FINE:
                    running += p.amount
                    if running >= decision.fine_amount:
                        paid_on = p.paid_on
                        break
            clocks.append(_clock("payment", "罚款缴纳期限", deadline, paid_on, today))
            if paid_on is None:
                window = court_application_window(facts)
                if window is not None and not facts.challenges:
                    applied = facts.court_applications[0].applied_on if facts.court_applications else None
                    clocks.append(_clock("court", "申请法院强制执行期限", window[1], applied, today))

    if must_publish(decision):
        published = facts.disclosures[0].published_on if facts.disclosures else None
        clocks.append(_clock("disclosure", "处罚决定公示期限", disclosure_deadline(facts, decision), published, today))
        for d in facts.disclosures:
            if d.change_recorded_on:
                clocks.append(
                    _clock(
                        f"withdraw-{d.pk}",
                        "公示撤下期限",
                        withdrawal_deadline(facts, d.change_recorded_on),
                        d.withdrawn_on,
                        today,
                    )
                )

    ground = _closing_ground(decision)
    ground_on = ground_date(facts, ground) if ground else None
    if ground_on is not None:
        closed = facts.closings[0].approved_on if facts.closings else None
        clocks.append(_clock("closing", "结案审批期限", closing_deadline(facts, ground_on), closed, today))
    return clocks


def _closing_ground(decision: m.Decision | None) -> str | None:
    """The closing ground a decided case is heading for (SAMR Art. 77); None before a decision."""
    if decision is None:
        return None
    if decision.is_penalty:
        return m.ClosingGround.EXECUTED
    if decision.kind in NO_PENALTY_KINDS:
        return m.ClosingGround.NO_PENALTY
    if decision.kind in TRANSFER_KINDS:
        return m.ClosingGround.TRANSFERRED
    return None
