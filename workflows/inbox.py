"""我的待办: the user's open flow tasks, split into 我的任务 and 本单位待认领, each with the legal deadline its case
runs against and the working days left.

A task is *mine* when I claimed it, when it is a handling step of a case I am assigned to (an active
``CaseOfficer``), or when it is a review or approval routed to my role (法制审核, 审批: nobody is assigned to those
but the unit's reviewer or head). Every other handling task I could take is in the unit's queue.

The deadline shown is the case's earliest running legal clock (``casemgmt.cases.clocks.case_clocks``, on the
working-day calendar of ``casemgmt.legalcal``): the one the case's next act must beat. The facts of every listed
case are loaded together (``load_facts_many``), so the statements do not grow with the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casemgmt.cases import models as m
from casemgmt.cases.clocks import Clock, ClockStatus, case_clocks
from casemgmt.cases.rulebook import load_facts_many
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.org.selectors import memberships_of, officer_of

from .flows import APPROVE, REVIEW, OrdinaryProcedureFlow, SummaryProcedureFlow
from .nodes import CaseTask
from .permissions import case_unit_ids

MINE = "mine"
QUEUE = "queue"


def task_kinds() -> list[tuple[str, str]]:
    """(node name, title) of every human step of the procedures, in flow order, each name once."""
    kinds: dict[str, str] = {}
    for flow_class in (OrdinaryProcedureFlow, SummaryProcedureFlow):
        for node in flow_class.instance.nodes():
            if isinstance(node, CaseTask):
                kinds.setdefault(node.name, str(node.task_title))
    return list(kinds.items())


class InboxFilter(forms.Form):
    kind = forms.ChoiceField(
        label="待办类型", required=False, error_messages={"invalid_choice": "无此待办类型：%(value)s"}
    )
    unit = forms.TypedChoiceField(
        label="单位",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "您不属于该单位：%(value)s"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部类型"), *task_kinds()]
        units = {ms.unit_id: ms.unit for ms in memberships_of(user)}
        self.fields["unit"].choices = [("", "全部单位"), *((pk, str(u)) for pk, u in units.items())]


@dataclass
class InboxRow:
    task: Task
    case: m.Case
    section: str
    status: str
    clock: Clock | None

    @property
    def kind(self) -> str:
        return self.task.flow_task.name

    @property
    def title(self) -> str:
        return str(self.task.flow_task.task_title)

    @property
    def parties(self) -> list[str]:
        return [p.name for p in self.case.parties.all()]

    @property
    def days_left(self) -> int | None:
        """Working days until the deadline (negative: working days overdue); None without a running clock."""
        return None if self.clock is None else self.clock.remaining_working_days

    @property
    def overdue(self) -> bool:
        return self.clock is not None and self.clock.status == ClockStatus.RED

    def sort_key(self):
        # overdue first (most overdue first), then fewest working days left, rows without a deadline last
        no_clock = self.clock is None
        return (
            no_clock,
            not self.overdue,  # past its deadline over a weekend: overdue although 0 working days have passed
            self.days_left if not no_clock else 0,
            self.clock.deadline.date if self.clock else dt.date.max,
            self.task.created,
            self.task.pk,
        )


@dataclass
class Inbox:
    mine: list[InboxRow] = field(default_factory=list)
    queue: list[InboxRow] = field(default_factory=list)


def next_clock(clocks: list[Clock]) -> Clock | None:
    """The earliest running clock of a case: the deadline its next act must meet."""
    running = [c for c in clocks if c.done_on is None and c.status != ClockStatus.DONE]
    return min(running, key=lambda c: (c.deadline.date, c.code), default=None)


def _status(task: Task, user, section: str) -> str:
    if task.owner_id == user.pk:
        return "已认领，由我办理"
    if section == QUEUE:
        return "待认领"
    permission = task.owner_permission
    if permission == REVIEW:
        return "待我审核"
    if permission == APPROVE:
        return "待我审批"
    return "承办案件，待办理"


def inbox_for(*, user, today: dt.date, kind: str | None = None, unit_id: int | None = None) -> Inbox:
    """The user's open tasks (claimed by them or open to their role in the case's units), split and sorted."""
    tasks = (
        Task.objects.filter(
            flow_task_type="HUMAN",
            status__in=(STATUS.NEW, STATUS.ASSIGNED),
            process__caseprocess__case__in=cases_visible_to(user=user),
        )
        .select_related("process__caseprocess")
        .order_by("created", "id")
    )
    tasks = list(tasks)
    case_ids = {t.process.caseprocess.case_id for t in tasks}
    if not case_ids:
        return Inbox()
    cases = {
        c.pk: c
        for c in m.Case.objects.filter(pk__in=case_ids)
        .select_related("enforcement_subject__parent", "handling_unit__parent", "filing_approved_by")
        .prefetch_related("caseassist_set", "parties")
    }
    officer = officer_of(user)
    assigned = (
        set(
            m.CaseOfficer.objects.filter(case_id__in=case_ids, officer=officer, released_at__isnull=True).values_list(
                "case_id", flat=True
            )
        )
        if officer
        else set()
    )
    chosen: list[tuple[Task, m.Case, str]] = []
    for task in tasks:
        case = cases[task.process.caseprocess.case_id]
        task.process.caseprocess.case = case  # the permission check reads the case's units from the loaded case
        if kind and task.flow_task.name != kind:
            continue
        if unit_id is not None and unit_id not in case_unit_ids(case):
            continue
        if task.owner_id == user.pk:
            section = MINE
        elif task.status == STATUS.NEW and task.flow_task.can_assign(user, task):
            routed = task.owner_permission in (REVIEW, APPROVE)
            section = MINE if routed or case.pk in assigned else QUEUE
        else:
            continue
        chosen.append((task, case, section))
    facts = load_facts_many(list({c.pk: c for _t, c, _s in chosen}.values()), today=today)
    clocks = {pk: next_clock(case_clocks(f)) for pk, f in facts.items()}
    inbox = Inbox()
    for task, case, section in chosen:
        row = InboxRow(task, case, section, _status(task, user, section), clocks[case.pk])
        (inbox.mine if section == MINE else inbox.queue).append(row)
    inbox.mine.sort(key=InboxRow.sort_key)
    inbox.queue.sort(key=InboxRow.sort_key)
    return inbox
