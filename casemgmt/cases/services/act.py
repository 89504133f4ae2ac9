"""The one skeleton every state-changing act runs through, whoever starts it (web, API, document service, demo).

perform_act(code, case=…, actor=…, call=…)
  1. the registered act wrappers open around the act: the workflow engine locks the case's process row
     (always before the case row) and, after the service, completes the flow task the action fulfils;
  2. the service: ``act_begin`` locks the case row and checks procedure, stage and role from the action
     registry; the rulebook gate; the write; the event (``record_event``); ``touch`` schedules the side
     effects (search index, supervision snapshot) for after the commit;
  3. one transaction around all of it: a refused act (RuleViolation, ConflictError, InputError,
     PermissionDenied) rolls back whole — no event, no number consumed, no task completed, no clock moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.cases.actions import BY_CODE

from .base import acting_at, lock_case

T = TypeVar("T")


def perform_act(
    code: str,
    *,
    case: m.Case,
    actor,
    call: Callable[[], T],
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> T:
    """Run ``call()`` — the service of action ``code`` — as one act on ``case`` (see the module docstring).

    ``expected_version`` is the case version the user saw: a stale one is a conflict (409), checked under the row
    lock before anything is written, whether or not the service takes it.

    ``at`` records the act at that (past) time instead of now — its event, history rows and the times it writes
    (``base.acting_at``). The web and the API never pass it: an officer's act happens when it is entered. It is
    for acts entered in their order after the fact (the demo county). The event log stays in append order, so
    the caller gives each act of a case a later time than the one before."""
    if code not in BY_CODE:
        raise KeyError(f"unknown action {code!r}")

    def run() -> Any:
        if expected_version is not None:
            lock_case(case, expected_version=expected_version)
        return call()

    step: Callable[[], Any] = run
    for wrapper in reversed(hooks.act_wrappers()):
        step = (lambda w, inner: lambda: w(case=case, actor=actor, action=code, run=inner))(wrapper, step)
    with acting_at(at), transaction.atomic():
        return step()


def register_clue(*, actor, **fields) -> m.Case:
    """案件来源登记 as the web and the API do it: the clue registered and the procedure's flow started (by the
    registered case-opened hooks), in one transaction."""
    from .filing import clue_register

    with transaction.atomic():
        case = clue_register(actor=actor, **fields)
        hooks.case_opened(case)
    return case
