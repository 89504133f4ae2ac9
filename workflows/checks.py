"""Project invariant: every flow serialises its tasks with a real lock (STYLE.md; viewflow's W001 is the model)."""

from __future__ import annotations

from django.core.checks import Warning, register
from viewflow.workflow.base import Flow
from viewflow.workflow.lock import NoLock


def _all_flow_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _all_flow_subclasses(subclass)


@register()
def check_flows_have_a_real_lock(app_configs, **kwargs):
    warnings = []
    for flow_class in _all_flow_subclasses(Flow):
        if isinstance(flow_class.lock_impl, NoLock):
            warnings.append(
                Warning(
                    f"{flow_class.__module__}.{flow_class.__qualname__} 使用默认的 lock_impl=no_lock，并发办理同一案件时任务可能被重复完成。",
                    hint="在流程类上设置 lock_impl = viewflow.workflow.lock.select_for_update_lock。",
                    id="casemgmt.W001",
                )
            )
    return warnings
