"""Keeps a case's flow in step with the actions done on the case.

Every case act runs through :func:`wrap_act` (the act skeleton, ``casemgmt.cases.services.act``, calls it): under the flow lock (``select_for_update`` on the process row,
then the service locks the case row — always in that order) it calls the case service and, when the service
succeeds, completes the open task that the action fulfils. A refused action (rule violation, conflict, bad
input) raises out of the transaction, so neither the case nor the task changes.

Steps the law lets a case pass without a record of their own (a party who neither states nor waives, a fine
collected on the spot) are completed as *skipped* when a later action of the flow happens: the service has
already checked that this later action is lawful.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from viewflow.workflow import lock
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casemgmt.cases import models as m

from .flows import FLOWS
from .models import CaseProcess

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
FINISHED_PROCESS = (PROCESS.DONE, PROCESS.CANCELED)
# The case ended outside the flow's graph: its remaining tasks are cancelled.
ABANDONED_CASE = (m.CaseStatus.TERMINATED, m.CaseStatus.WITHDRAWN)
MAX_STEPS = 20


def start_for_case(case: m.Case) -> CaseProcess:
    """Start the procedure's flow for a newly registered case (call inside the registering transaction)."""
    flow_class = FLOWS[case.procedure]
    return flow_class.start.run(case=case)


def process_of(case: m.Case) -> CaseProcess | None:
    return CaseProcess.objects.filter(case_id=case.pk).first()


def open_tasks(process: CaseProcess):
    return Task.objects.filter(process_id=process.pk, status__in=OPEN_TASK_STATUSES, flow_task_type="HUMAN").order_by(
        "created", "id"
    )


def lock_process_of(case: m.Case) -> CaseProcess | None:
    """The case's process row, locked for the rest of the transaction (``select_for_update``, as the flows'
    ``select_for_update_lock`` takes it) and loaded by the same statement."""
    return CaseProcess.objects.select_for_update().filter(case_id=case.pk).first()


@contextmanager
def _held(flow_class, process_pk):
    """A flow lock already held by the enclosing transaction (see :func:`lock_process_of`)."""
    yield


def wrap_act(*, case: m.Case, actor, action: str, run: Callable[[], Any]) -> Any:
    """The engine's part of every act (registered with ``casemgmt.cases.hooks.register_act_wrapper``): run
    ``run()`` (the service call for ``action``) under the flow lock and advance the case's flow, atomically.

    The act skeleton runs this inside its transaction, so the flow lock is the process row locked and loaded in
    one statement; viewflow's lock scope still runs its after-release callbacks."""
    with transaction.atomic(savepoint=False):  # a no-op inside the act's transaction; a transaction outside it
        process = lock_process_of(case)
        if process is None or process.status in FINISHED_PROCESS:
            return run()
        with lock.lock_scope(_held, process.flow_class, process.pk):
            result = run()
            advance(process, action=action, user=actor)
        return result


def _reaches(src, dst) -> bool:
    seen, queue = set(), deque([src])
    while queue:
        node = queue.popleft()
        for edge in node._outgoing():
            nxt = edge.dst
            if nxt is dst:
                return True
            if nxt is not None and nxt.name not in seen:
                seen.add(nxt.name)
                queue.append(nxt)
    return False


def _complete(task: Task, user, action: str, *, skipped: bool) -> None:
    activation = task.flow_task.activation_class(task)
    if task.status == STATUS.NEW or (task.status == STATUS.ASSIGNED and task.owner_id != user.pk):
        # What viewflow's assign/reassign do, without their own save: execute() below saves the task once, done
        # and owned by the user who acted.
        task.owner = user
        task.status = STATUS.ASSIGNED
    activation.start(None)
    task.data = {**(task.data or {}), "action": action, "skipped": skipped}
    activation.execute()


def advance(process: CaseProcess, *, action: str, user) -> None:
    """Complete the task ``action`` fulfils, passing over earlier open steps that lead to it. Call under the
    flow lock, after the service succeeded."""
    flow_class = process.flow_class
    targets = [n for n in flow_class.instance.nodes() if action in getattr(n, "actions", ())]
    skipped_nodes: set[str] = set()
    for _ in range(MAX_STEPS if targets else 0):
        tasks = list(open_tasks(process))
        for task in tasks:
            task.process = process  # the locked instance: activations neither reload nor coerce it again
        exact = next((t for t in tasks if action in getattr(t.flow_task, "actions", ())), None)
        if exact is not None:
            _complete(exact, user, action, skipped=False)
            break
        ahead = next(
            (
                t
                for t in tasks
                if t.flow_task.name not in skipped_nodes and any(_reaches(t.flow_task, n) for n in targets)
            ),
            None,
        )
        if ahead is None:
            break
        skipped_nodes.add(ahead.flow_task.name)
        _complete(ahead, user, action, skipped=True)
    case = m.Case.objects.only("status").get(pk=process.case_id)
    if case.status not in ABANDONED_CASE:
        return
    process.refresh_from_db()
    if process.status not in FINISHED_PROCESS:
        flow_class.instance.cancel(process)
