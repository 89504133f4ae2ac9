"""The flow node for a step of the procedure that a person performs on the case page."""

from __future__ import annotations

from viewflow.workflow import flow

from casemgmt.cases.actions import actions_for_task

from .permissions import holds
from .views import open_task


def _handling_unit(process):
    from casemgmt.org.models import Unit

    # One query per process instance for the unit a new task's permissions are checked on, whether or not the
    # process has its case: an act that passes several tasks (the decision: gateways, a split) asks once. The
    # handling unit of a case does not change while its flow lock is held.
    unit = getattr(process, "_handling_unit_cache", None)
    if unit is None:
        unit = Unit.objects.get(handled_cases__process=process.pk)
        process._handling_unit_cache = unit
    return unit


class CaseTask(flow.View):
    """A human task, completed by the actions whose registry entry names it (``tasks`` in
    ``casemgmt.cases.actions``).

    The task has no form of its own: its view opens the case action page, whose form calls the case
    service bound to the action. When that service succeeds the engine completes this task in the same
    transaction; when the rulebook refuses, the task stays open.
    """

    def __init__(self, *, title: str, description: str = ""):
        super().__init__(open_task)
        self.Annotation(title=title, description=description)

    @property
    def actions(self) -> tuple[str, ...]:
        return actions_for_task(self.name)

    def Permission(self, permission=None, auto_create=False, obj=None, help_text=None):  # noqa: N802 - viewflow API
        # The permission is held on a unit; the task records the handling unit as its object.
        return super().Permission(permission, auto_create=auto_create, obj=obj or _handling_unit, help_text=help_text)

    def can_assign(self, user, task):
        if task.owner_id or user is None or not user.is_authenticated:
            return False
        if not task.owner_permission:
            return True
        return holds(user, task.owner_permission, task.process.caseprocess.case)

    @property
    def primary_action(self) -> str:
        return self.actions[0]
