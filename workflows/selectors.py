"""Reads about flow tasks (the inbox: ``workflows.inbox``)."""

from __future__ import annotations

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS


def case_open_tasks(*, case) -> list[Task]:
    return list(
        Task.objects.filter(
            flow_task_type="HUMAN", status__in=(STATUS.NEW, STATUS.ASSIGNED), process__caseprocess__case=case
        ).select_related("owner")
    )
