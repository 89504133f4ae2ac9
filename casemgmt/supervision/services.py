"""Starting a check on demand (立即检查) from the dashboard."""

from __future__ import annotations

import datetime as dt

from casemgmt.jobs import start_job
from casemgmt.jobs.models import Job
from casemgmt.org.models import LEADER_ROLES
from casemgmt.org.selectors import memberships_of

from .jobs import sweep_scope
from .selectors import require_sweep_permission


def sweep_start(*, actor, today: dt.date | None = None) -> Job:
    """Start a background check of the open cases ``actor`` may see: the whole county for the justice bureau, the
    unit's own cases for a unit leader. Raises ``JobBusy`` while a check of the same scope is under way (a check
    whose worker died stops blocking after JOBS_STALE_AFTER), ``JobUnavailable`` when the queue is down."""
    require_sweep_permission(actor)
    scope_key, _ = sweep_scope(actor)
    unit = next((ms.unit for ms in memberships_of(actor) if ms.role in LEADER_ROLES), None)
    return start_job(
        "supervision.sweep",
        user=actor,
        unit=unit,
        actor_id=actor.pk,
        scope_key=scope_key,
        today=today.isoformat() if today else None,
    )
