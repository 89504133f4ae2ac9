"""立即检查 as a background job: the button starts it, the progress page follows it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from casemgmt.cases.selectors import cases_visible_to
from casemgmt.jobs import job
from casemgmt.org.selectors import memberships_of, sees_everything

from .models import SweepRun, SweepState, SweepTrigger
from .selectors import require_sweep_permission
from .snapshots import sweep_run

ABANDONED = "执行进程已中止，本次检查未完成"


def sweep_scope(actor) -> tuple[str, str]:
    """(lock key, Chinese scope) of a check by ``actor``: the whole county, or the units of the actor's memberships.
    Two checks of the same scope never run at once; checks of different townships do."""
    if sees_everything(actor):
        return "all", "全部单位"
    units = sorted({ms.unit for ms in memberships_of(actor)}, key=lambda unit: unit.pk)
    return ",".join(str(unit.pk) for unit in units), "、".join(sorted(unit.name for unit in units))


@job("supervision.sweep", title="立即检查", lock=lambda params: f"sweep:{params['scope_key']}")
def run_sweep(ctx, *, actor_id: int, scope_key: str, today: str | None = None) -> dict:
    actor = get_user_model().objects.get(pk=actor_id)
    require_sweep_permission(actor)  # the role may have been withdrawn while the job waited
    _, scope = sweep_scope(actor)
    # This job holds the scope's lock: a run of the same scope still marked running was left by a dead worker.
    SweepRun.objects.filter(state=SweepState.RUNNING, scope=scope[:200], full=scope_key == "all").update(
        state=SweepState.FAILED, error=ABANDONED, finished_at=timezone.now()
    )

    def progress(done: int, of: int) -> None:
        ctx.progress(done, of, f"正在检查第 {done}/{of} 件")

    as_of = dt.date.fromisoformat(today) if today else None
    if scope_key == "all":
        run = sweep_run(trigger=SweepTrigger.MANUAL, actor=actor, today=as_of, progress=progress)
    else:
        base = cases_visible_to(user=actor)
        run = sweep_run(
            trigger=SweepTrigger.MANUAL, actor=actor, today=as_of, base=base, scope=scope, progress=progress
        )
    return {
        "sweep_run": run.pk,
        "cases_checked": run.cases_checked,
        "problems_found": run.problems_found,
        "clocks_red": run.clocks_red,
        "clocks_yellow": run.clocks_yellow,
        "summary": sweep_summary(run),
        "url": reverse("dashboard:board"),
    }


def sweep_summary(run: SweepRun) -> str:
    return (
        f"检查完成（{run.scope}）：检查案件 {run.cases_checked} 件，发现问题 {run.problems_found} 处，"
        f"超期期限 {run.clocks_red} 个，临近届满 {run.clocks_yellow} 个"
    )
