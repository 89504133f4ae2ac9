"""Assisting units (协办): e.g. a township brigade on a county department's case during a transition period."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from casemgmt.cases import models as m
from casemgmt.org.models import Unit
from casemgmt.org.services import grant_assist, revoke_assist

from .base import LEADER_ROLES, ConflictError, InputError, lock_case, record_event, require_role, touch


@transaction.atomic
def case_assist_add(
    *, case: m.Case, actor, unit: Unit, on: dt.date, expected_version: int | None = None
) -> m.CaseAssist:
    """Let ``unit`` see and work the case: a row for unit scoping plus a guardian object grant to the unit's
    role groups (what viewflow's task permissions read)."""
    case = lock_case(case, expected_version=expected_version)
    require_role(actor, case, LEADER_ROLES)
    if unit.pk in (case.enforcement_subject_id, case.handling_unit_id):
        raise InputError("该单位已是本案执法主体或承办单位", field="unit")
    if m.CaseAssist.objects.filter(case=case, unit=unit).exists():
        raise ConflictError("该单位已是协办单位")
    assist = m.CaseAssist(case=case, unit=unit, since=on)
    assist._change_reason = "增加协办单位"
    assist.save()
    grant_assist(case=case, unit=unit)
    touch(case, reason="增加协办单位")
    record_event(case, action="assist_add", summary=f"{unit.name}协办本案", actor=actor, payload={"unit": unit.pk})
    return assist


@transaction.atomic
def case_assist_remove(*, case: m.Case, actor, unit: Unit) -> None:
    case = lock_case(case)
    require_role(actor, case, LEADER_ROLES)
    assist = m.CaseAssist.objects.filter(case=case, unit=unit).first()
    if assist is None:
        raise ConflictError("该单位不是协办单位")
    assist._change_reason = "撤销协办"
    assist.delete()
    revoke_assist(case=case, unit=unit)
    touch(case, reason="撤销协办")
    record_event(
        case, action="assist_remove", summary=f"{unit.name}不再协办本案", actor=actor, payload={"unit": unit.pk}
    )
