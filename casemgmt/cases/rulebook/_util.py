"""Small shared helpers for rule checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.org.models import Officer, Role, Unit


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
    ids: set[int] = set()
    while unit is not None:
        ids.add(unit.pk)
        unit = unit.parent
    return ids


def has_role_in(officer: Officer | None, roles: tuple[str, ...], units: set[int]) -> bool:
    if officer is None:
        return False
    return any(ms.role in roles and ms.unit_id in units for ms in officer.memberships.all())


LEADER_ROLES = (Role.APPROVER, Role.AGENCY_HEAD)


def is_case_leader(case, officer: Officer | None) -> bool:
    """Whether ``officer`` is a 负责人 (brigade head or agency head) of the case's handling unit or enforcement
    subject, or of a unit above them — who may approve filing, measures and their extension."""
    units = unit_chain(case.handling_unit) | unit_chain(case.enforcement_subject)
    return has_role_in(officer, LEADER_ROLES, units)
