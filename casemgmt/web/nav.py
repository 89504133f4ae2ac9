"""The top navigation by role (issue 16): each item only for the users who can use it.

Computed once per request from the user's memberships (cached on the user, the header reads the same list), so
the menu adds no query per item."""

from __future__ import annotations

from casemgmt.org.models import COUNTY_WIDE_ROLES, HANDLER_ROLES, REVIEWER_ROLES, Role
from casemgmt.org.selectors import roles_of


def nav_items(user) -> dict[str, bool]:
    """Which top-navigation items the user sees.

    - 登记线索: a handling role in some unit (the clue form offers only those units, `ClueInput.handling_units`).
    - 我的待办: a case role in a unit (handler, reviewer or leader); the justice bureau has no tasks to do.
    - 案件列表 / 案卷检索: anyone who may read cases (a unit role, or county-wide reading for the justice bureau).
    - 案卷评查: the evaluation office (`is_evaluation_office`) and unit members, who evaluate across units and
      answer the rectification of their own files.
    - 监督看板: the justice bureau, administrators and the unit leaders and legal reviewers.
    - 系统管理 and the staff links: staff only (the template also checks each permission).
    """
    if not getattr(user, "is_authenticated", False):
        return {}
    roles = roles_of(user)
    superuser = bool(user.is_superuser)
    county = superuser or bool(roles & set(COUNTY_WIDE_ROLES))
    unit_roles = roles - set(COUNTY_WIDE_ROLES)
    return {
        "clue_new": bool(roles & set(HANDLER_ROLES)),
        "tasks": bool(unit_roles),
        "cases": county or bool(unit_roles),
        "archive": county or bool(unit_roles),
        "evaluation": superuser or Role.SUPERVISOR in roles or bool(unit_roles),
        "board": county or bool(roles & set(REVIEWER_ROLES)),
        "disclosure": county or bool(unit_roles),
        "jobs": True,
        "staff": bool(user.is_staff),
    }


def navigation(request) -> dict:
    """Context processor: `nav` for templates/base.html."""
    return {"nav": nav_items(getattr(request, "user", None))}
