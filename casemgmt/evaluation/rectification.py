"""Rectification (整改) after an evaluation round: the justice bureau sets each unit with findings a task and a
deadline; the unit's leaders close it with evidence. Open tasks past their deadline are overdue."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.cases.textlimits import check_text
from casemgmt.org.models import LEADER_ROLES, Unit
from casemgmt.org.selectors import role_unit_ids, unit_subtree_ids

from .models import EvaluationRound, Rectification, RoundStatus
from .rounds import require_evaluation_office


@transaction.atomic
def rectification_create(
    *, round_: EvaluationRound, unit: Unit, findings: str, deadline: dt.date, actor
) -> Rectification:
    require_evaluation_office(actor)
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.PUBLISHED:
        raise ConflictError("评查结果公布后方可下达整改任务")
    if not round_.files.filter(unit=unit).exists():
        raise InputError(f"{unit.name}未参加本次评查", field="unit")
    if not findings.strip():
        raise InputError("须列明整改问题", field="findings")
    check_text(findings.strip(), field="findings", label="整改问题")
    if deadline <= round_.published_at.date():
        raise InputError("整改期限须晚于结果公布日期", field="deadline")
    if Rectification.objects.filter(round=round_, unit=unit).exists():
        raise ConflictError(f"已向{unit.name}下达本次评查的整改任务")
    return Rectification.objects.create(
        round=round_, unit=unit, findings=findings.strip(), deadline=deadline, created_by=actor
    )


@transaction.atomic
def rectification_close(*, task: Rectification, evidence: str, on: dt.date, actor) -> Rectification:
    """The unit's leader (负责人: of the township or of its brigade) records what was rectified and its evidence."""
    task = Rectification.objects.select_for_update().get(pk=task.pk)
    leads = role_unit_ids(actor, LEADER_ROLES)
    if not leads & unit_subtree_ids({task.unit_id}):
        raise PermissionDenied("只有整改单位的负责人可以报送整改情况")
    if task.closed_on is not None:
        raise ConflictError("整改任务已完成")
    if not evidence.strip():
        raise InputError("须填写整改情况及佐证材料", field="evidence")
    check_text(evidence.strip(), field="evidence", label="整改情况及佐证")
    if on < task.created_at.date():
        raise InputError("完成日期早于任务下达日期", field="on")
    task.evidence, task.closed_on, task.closed_by = evidence.strip(), on, actor
    task.save(update_fields=["evidence", "closed_on", "closed_by"])
    return task


def overdue_rectifications(*, today: dt.date) -> QuerySet[Rectification]:
    return Rectification.objects.filter(closed_on__isnull=True, deadline__lt=today).select_related("unit", "round")
