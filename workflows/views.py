from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from viewflow.workflow.models import Task

from casemgmt.cases.selectors import case_get_for_user


@login_required
def open_task(request, task_pk, process_pk=None, **kwargs):
    """A task is done on its case's action page: 404 unless the user may see the case. Start, decision and other
    machine steps have no page of their own: they lead to the case page."""
    task = get_object_or_404(Task.objects.select_related("process__caseprocess"), pk=task_pk)
    case = case_get_for_user(user=request.user, pk=task.process.caseprocess.case_id)
    action = getattr(task.flow_task, "primary_action", None)
    if not action:
        messages.info(request, "该环节由系统自动处理，无需单独办理，已转到案件页面")
        return redirect("web:case_detail", pk=case.pk)
    return redirect("web:case_action", pk=case.pk, code=action)
