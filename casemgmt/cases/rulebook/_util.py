"""Small shared helpers for rule checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.org.models import LEADER_ROLES, Officer, Role, Unit
from casemgmt.org.tree import unit_tree


def fmt(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "（未填写）"


def money(amount) -> str:
    return f"{Decimal(amount or 0):,.2f}元"


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def unit_chain(unit: Unit | None) -> set[int]:
    """The unit and every unit above it."""
    return set(unit_tree().chain(unit.pk if unit is not None else None))


def has_role_in(officer: Officer | None, roles: tuple[str, ...], units: set[int]) -> bool:
    if officer is None:
        return False
    return any(ms.role in roles and ms.unit_id in units for ms in officer.memberships.all())


def case_unit_chain(case) -> set[int]:
    """The case's handling unit and enforcement subject with every unit above them (memoised on the case)."""
    cached = getattr(case, "_unit_chain_cache", None)
    if cached is None:
        tree = unit_tree()
        cached = {*tree.chain(case.handling_unit_id), *tree.chain(case.enforcement_subject_id)}
        case._unit_chain_cache = cached
    return cached


def case_leader_ids(case) -> set[int]:
    """Officers who are 负责人 (brigade head or agency head) of the case's units or a unit above them: one query,
    memoised on the case object for the rest of the check."""
    cached = getattr(case, "_leader_ids_cache", None)
    if cached is None:
        from casemgmt.org.models import Membership

        cached = set(
            Membership.objects.filter(unit_id__in=case_unit_chain(case), role__in=LEADER_ROLES).values_list(
                "officer_id", flat=True
            )
        )
        case._leader_ids_cache = cached
    return cached


def is_case_leader(case, officer: Officer | None) -> bool:
    """Whether ``officer`` may approve for the case (filing, measures, extensions, closing)."""
    return officer is not None and officer.pk in case_leader_ids(case)


def is_subject_head(case, officer: Officer | None) -> bool:
    """Whether ``officer`` is the 行政机关负责人 of the case's enforcement subject: its agency head, or a member
    the head has designated to act for the head (``Membership.acts_for_head``). A brigade head (负责人 of an
    internal body) is not, nor is a leader of a unit above the subject."""
    if officer is None:
        return False
    subject = case.enforcement_subject_id
    return any(
        ms.unit_id == subject and (ms.role == Role.AGENCY_HEAD or ms.acts_for_head) for ms in officer.memberships.all()
    )


def not_subject_head(case, officer: Officer | None, act: str) -> str | None:
    """Why ``officer`` cannot take (or approve) ``act`` reserved to the subject's 行政机关负责人; None when he can."""
    if is_subject_head(case, officer):
        return None
    subject = unit_tree().name(case.enforcement_subject_id) or "执法主体"
    who = officer.name if officer is not None else "未指定的人员"
    return f"{act}须由{subject}的行政机关负责人（或经其指定的负责人）作出，{who}不是"
