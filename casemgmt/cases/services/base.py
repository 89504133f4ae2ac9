"""What every case service shares: the row lock, the state machine, the rulebook gate and the event log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.cases.models.events import GENESIS
from casemgmt.cases.rulebook import Attempt, CaseFacts, enforce, load_facts
from casemgmt.cases.rulebook.core import refusal
from casemgmt.org.models import HANDLER_ROLES, LEADER_ROLES, REVIEWER_ROLES, Officer
from casemgmt.org.selectors import officer_of, role_unit_ids


class ConflictError(Exception):
    """The case changed under the user (another action won) or is not in a state that allows the action.

    ``rule`` names the rulebook rule when the conflict is a legal one (the action does not belong to the case's
    stage); the API returns its code, name, law family and article with the 409."""

    code = "CONFLICT"

    def __init__(self, message: str, *, rule: str | None = None, case: m.Case | None = None):
        self.rule = rule
        self.case = case  # the article cited is the one that governs this case
        super().__init__(message)

    def finding(self):
        """The refusal as a rulebook finding (rule code, name, family, message, article; this conflict as its
        detail)."""
        from casemgmt.cases.rulebook.core import refusal

        return refusal(self.rule, str(self), case=self.case).findings[0]

    def as_dict(self) -> dict:
        if self.rule is None:
            return {"rule": self.code, "message": str(self)}
        return self.finding().as_dict()


class InputError(Exception):
    """Input that cannot be used (missing or malformed); nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(message)


def actor_officer(actor) -> Officer:
    officer = officer_of(actor)
    if officer is None:
        raise PermissionDenied("当前用户不是登记的执法人员")
    return officer


def case_units(case: m.Case) -> set[int]:
    ids = {case.enforcement_subject_id, case.handling_unit_id}
    ids |= m.assist_unit_ids(case)
    return ids


def require_role(actor, case: m.Case, roles: Iterable[str]) -> Officer:
    """The actor must hold one of ``roles`` in a unit of the case (or above it)."""
    officer = actor_officer(actor)
    units = role_unit_ids(actor, tuple(roles))
    if not units & case_units(case):
        # A role in a parent unit (e.g. township head over its brigade) also counts.
        from casemgmt.cases.rulebook._util import case_unit_chain

        chain = case_unit_chain(case)
        held = {ms.unit_id for ms in officer.memberships.all() if ms.role in roles}
        if not held & chain:
            raise PermissionDenied("您在本案所属单位没有执行该操作的权限")
    return officer


def lock_case(case: m.Case | int, *, expected_version: int | None = None, archived_ok: bool = False) -> m.Case:
    """Lock the case row for the rest of the transaction; a stale ``expected_version`` is a conflict.

    An archived case is read-only (SAMR Art. 78): every service that locks it is refused here, whether or not it
    gates through the rulebook, unless it is the one that withdraws the archiving (``archived_ok``)."""
    pk = case.pk if isinstance(case, m.Case) else case
    locked = (
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins to the parents.
        m.Case.objects.select_for_update(of=("self",))
        .select_related("enforcement_subject__parent", "handling_unit__parent")
        .get(pk=pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError("案件已被他人更新，请刷新后重试")
    if locked.status == m.CaseStatus.ARCHIVED and not archived_ok:
        raise refusal("SAMR-78-ARCHIVED-READ-ONLY", "如确需变更，须先由负责人撤销归档并说明理由", case=locked)
    return locked


def act_begin(
    code: str, *, case: m.Case, actor, expected_version: int | None = None, archived_ok: bool = False
) -> m.Case:
    """The first step of every act: lock the case row, then check the action's procedure, stage and the actor's
    role as the action registry declares them (``casemgmt.cases.actions``). Returns the locked case.

    Nothing is written before this passes, so a refused act changes nothing."""
    from casemgmt.cases.actions import BY_CODE
    from casemgmt.cases.rulebook import acts as act_rules

    action = BY_CODE[code]
    locked = lock_case(case, expected_version=expected_version, archived_ok=archived_ok)
    if locked.procedure not in action.procedures:
        raise ConflictError(
            f"本案适用{locked.get_procedure_display()}，不能{action.label}", rule=act_rules.PROCEDURE, case=locked
        )
    if locked.status not in action.statuses:
        raise ConflictError(
            f"案件当前状态为“{locked.get_status_display()}”，不能{action.label}", rule=act_rules.STAGE, case=locked
        )
    require_role(actor, locked, action.roles)
    return locked


def require_status(case: m.Case, allowed: Iterable[str], action_label: str) -> None:
    allowed = tuple(allowed)
    if case.status not in allowed:
        raise ConflictError(f"案件当前状态为“{case.get_status_display()}”，不能{action_label}")


def gate(case: m.Case, attempt: Attempt, facts: CaseFacts | None = None) -> CaseFacts:
    """Run the rulebook on the attempted action; raises RuleViolation (the transaction rolls back)."""
    facts = facts or load_facts(case, today=timezone.localdate())
    enforce(facts, attempt)
    return facts


# --- the time an act is recorded at -------------------------------------------------------------------------------

_ACT_TIME: ContextVar[dt.datetime | None] = ContextVar("act_time", default=None)


def act_now() -> dt.datetime:
    """The time the current act is recorded at: now, unless the act was given its time (``acting_at``). Every
    timestamp an act writes — its event, the history rows of what it saves, the approval, assignment and issue
    times — is taken from here, so that one act has one time."""
    return _ACT_TIME.get() or timezone.now()


@contextmanager
def acting_at(at: dt.datetime | None) -> Iterator[None]:
    """Record the acts run inside at ``at`` instead of now (``perform_act(at=...)``): for acts entered after the
    fact in their order, e.g. the demo county, whose acts happened on their legal dates. ``None`` changes
    nothing. A time in the future is refused: the log records what has happened."""
    if at is None:
        yield
        return
    if timezone.is_naive(at):
        raise ValueError("act time must be timezone-aware")
    if at > timezone.now():
        raise ValueError(f"an act cannot be recorded in the future ({at.isoformat()})")
    token = _ACT_TIME.set(at)
    try:
        yield
    finally:
        _ACT_TIME.reset(token)


def stamp_history_row(sender, history_instance, **kwargs) -> None:
    """simple-history receiver (connected in ``CasesConfig.ready``): a history row written inside an act given
    its time carries that time."""
    at = _ACT_TIME.get()
    if at is not None:
        history_instance.history_date = at


def _normalise(payload: dict) -> dict:
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False))


def record_event(
    case: m.Case,
    *,
    action: str,
    summary: str,
    actor,
    payload: dict | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> m.CaseEvent:
    """Append to the case's hash-chained log (全过程记录). Call with the case row locked.

    The case's log head gives the sequence number and the previous hash and moves in the same transaction, so
    the head always names the newest event written: if the newest events are later deleted, the next event
    still follows the head and the gap stays visible to ``verify_case_log``."""
    head = m.CaseLogHead.objects.filter(case=case).only("count", "last_hash").first()
    if head is not None:
        seq, prev = head.count + 1, head.last_hash
    else:  # the first event, or a log written before heads existed
        last = m.CaseEvent.objects.filter(case=case).order_by("-seq").only("seq", "hash").first()
        seq, prev = ((last.seq + 1), last.hash) if last else (1, GENESIS)
    event = m.CaseEvent(
        case=case,
        seq=seq,
        action=action,
        summary=summary[:300],
        payload=_normalise(payload or {}),
        actor=actor,
        at=at or act_now(),
        reason=reason[:300],
        prev_hash=prev,
    )
    event.hash = event.compute_hash()
    event.save()
    if head is not None:
        m.CaseLogHead.objects.filter(case=case).update(count=seq, last_hash=event.hash)
    else:
        m.CaseLogHead.objects.create(case=case, count=seq, last_hash=event.hash)
    return event


def touch(case: m.Case, *, status: str | None = None, reason: str = "", **fields) -> m.Case:
    """Save the locked case with a new version (and status), recording a history reason."""
    if status is not None:
        case.status = status
    for name, value in fields.items():
        setattr(case, name, value)
    case.version += 1
    case._change_reason = reason
    case.save()
    hooks.case_changed(case.pk)
    return case


def save_tracked(obj, *, reason: str = ""):
    obj._change_reason = reason
    obj.full_clean(exclude=["case", "recorded_by", "file"])
    obj.save()
    return obj


__all__ = [
    "ConflictError",
    "HANDLER_ROLES",
    "InputError",
    "LEADER_ROLES",
    "PermissionDenied",
    "REVIEWER_ROLES",
    "act_begin",
    "act_now",
    "acting_at",
    "actor_officer",
    "gate",
    "lock_case",
    "record_event",
    "require_role",
    "require_status",
    "save_tracked",
    "touch",
    "transaction",
]
