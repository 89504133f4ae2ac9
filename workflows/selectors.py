"""Reads about flow tasks. The inbox starts from the cases the user may see."""

from __future__ import annotations

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casemgmt.cases.selectors import cases_visible_to


def tasks_for(*, user) -> list[Task]:
    """Open tasks assigned to ``user`` or available to them by their role in the case's units (我的待办)."""
    candidates = (
        Task.objects.filter(
            flow_task_type="HUMAN",
            status__in=(STATUS.NEW, STATUS.ASSIGNED),
            process__caseprocess__case__in=cases_visible_to(user=user),
        )
        .select_related(
            "owner", "process__caseprocess__case__handling_unit", "process__caseprocess__case__enforcement_subject"
        )
        .prefetch_related("process__caseprocess__case__caseassist_set")
        .order_by("created", "id")
    )
    return [
        t for t in candidates if t.owner_id == user.pk or (t.status == STATUS.NEW and t.flow_task.can_assign(user, t))
    ]


def case_open_tasks(*, case) -> list[Task]:
    return list(
        Task.objects.filter(
            flow_task_type="HUMAN", status__in=(STATUS.NEW, STATUS.ASSIGNED), process__caseprocess__case=case
        ).select_related("owner")
    )
