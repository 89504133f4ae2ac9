"""Starting a check on demand (立即检查) from the dashboard."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import ConflictError
from casemgmt.org.selectors import memberships_of, sees_everything

from .models import SweepRun, SweepState, SweepTrigger
from .selectors import require_sweep_permission
from .snapshots import sweep_run

# A run that has not finished after this long is taken to have died (the process was killed); it no longer blocks.
STALE_AFTER = dt.timedelta(hours=2)


def sweep_start(*, actor, today: dt.date | None = None) -> SweepRun:
    """Run the rulebook and the clocks now over the open cases ``actor`` may see: the whole county for the justice
    bureau, the unit's own cases for a unit leader. Refused while another check is under way."""
    require_sweep_permission(actor)
    running = SweepRun.objects.filter(state=SweepState.RUNNING, started_at__gte=timezone.now() - STALE_AFTER).first()
    if running is not None:
        started = timezone.localtime(running.started_at)
        raise ConflictError(f"已有一次检查正在进行（{started:%Y-%m-%d %H:%M} 开始），请完成后再试")
    if sees_everything(actor):
        return sweep_run(trigger=SweepTrigger.MANUAL, actor=actor, today=today)
    scope = "、".join(sorted({ms.unit.name for ms in memberships_of(actor)}))
    return sweep_run(
        trigger=SweepTrigger.MANUAL, actor=actor, today=today, base=cases_visible_to(user=actor), scope=scope
    )
