"""Reminders that next year's official holiday schedule is missing.

The 国务院办公厅 usually publishes the next year's 部分节假日安排 in late October or November. From 1 November
(:data:`REMINDER_FROM`) a missing next-year schedule raises a Django system-check Warning and a banner shown to
administrators (staff accounts and the 管理员 role): until it is loaded, deadlines in that year are 暂定.
"""

from __future__ import annotations

import datetime as dt

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils import timezone

from casemgmt.legalcal import calendar

#: (month, day) from which a missing next-year schedule is reported.
REMINDER_FROM = (11, 1)


def missing_next_year(today: dt.date | None = None) -> int | None:
    """Next year, when it is on or after 1 November and next year's official schedule is not loaded yet."""
    today = today or timezone.localdate()
    if (today.month, today.day) < REMINDER_FROM:
        return None
    year = today.year + 1
    return year if calendar.uncovered_years_in_use([year]) else None


def notice_text(year: int) -> str:
    return (
        f"{year}年国务院办公厅节假日安排尚未载入：涉及{year}年的期限均为暂定（约束当事人的期限按最晚可能日期、"
        "约束行政机关的期限按最早可能日期计算）。请在“法定期限日历 › 已载入年度安排”载入，"
        "或使用 manage.py load_calendar_year。"
    )


@register("legalcal", deploy=False)
def next_year_schedule_loaded(app_configs=None, **kwargs):
    """W001: from 1 November, next year's official holiday schedule is not loaded."""
    try:
        year = missing_next_year()
    except (DatabaseError, RuntimeError):  # tables not migrated yet, or no database access (test runner)
        return []
    if year is None:
        return []
    return [
        Warning(
            f"{year}年法定节假日安排尚未载入 / the official {year} holiday schedule is not loaded",
            hint=notice_text(year),
            id="legalcal.W001",
        )
    ]


def is_calendar_administrator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    from casemgmt.org.models import Role
    from casemgmt.org.selectors import roles_of

    return Role.ADMINISTRATOR in roles_of(user)


def calendar_notice(request) -> dict:
    """Template context: ``calendar_notice`` (banner text) for administrators while next year is missing."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    year = missing_next_year()
    if year is None or not is_calendar_administrator(user):
        return {}
    return {"calendar_notice": notice_text(year)}
