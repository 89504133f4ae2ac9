"""Checks on power grants shared by the admin form, the services and the importer."""

from __future__ import annotations

import datetime as dt


def _fmt(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "长期"


def periods_overlap(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    """Inclusive periods; ``None`` as the end means open-ended."""
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def grant_problems(grant, *, others=None) -> list[str]:
    """Every reason ``grant`` cannot be saved. ``others`` are the other grants for the same matter and township
    (read from the database when not given, e.g. by the importer that checks a whole file at once)."""
    from casemgmt.org.models import UnitKind

    problems: list[str] = []
    if grant.township_id and grant.township.kind != UnitKind.TOWNSHIP:
        problems.append(f"承接单位“{grant.township}”不是乡镇人民政府")
    if grant.effective_from and grant.effective_to and grant.effective_to < grant.effective_from:
        problems.append("终止日期早于生效日期")
    if grant.published_on and grant.effective_from and grant.published_on > grant.effective_from:
        problems.append("赋权决定须先公布后生效（行政处罚法第二十四条），公布日期晚于生效日期")
    if grant.transition_until is not None:
        if grant.transition_lead_id is None:
            problems.append("设置过渡期的须指定过渡期牵头县级部门")
        if grant.effective_from and grant.transition_until < grant.effective_from:
            problems.append("过渡期截止日期早于生效日期")
        if grant.effective_to and grant.transition_until > grant.effective_to:
            problems.append("过渡期截止日期晚于终止日期")
    elif grant.transition_lead_id is not None:
        problems.append("指定了过渡期牵头部门但未填写过渡期截止日期")
    if grant.transition_lead_id is not None and grant.transition_lead.kind != UnitKind.COUNTY_DEPARTMENT:
        problems.append(f"过渡期牵头单位“{grant.transition_lead}”不是县级部门")
    if grant.matter_id and grant.township_id and grant.effective_from:
        if others is None:
            from .models import PowerGrant

            others = PowerGrant.objects.filter(matter_id=grant.matter_id, township_id=grant.township_id).exclude(
                pk=grant.pk
            )
        for other in others:
            if other.pk is not None and other.pk == grant.pk:
                continue
            if periods_overlap(grant.effective_from, grant.effective_to, other.effective_from, other.effective_to):
                problems.append(
                    f"与已有赋权（{other.document_number}，{_fmt(other.effective_from)}至{_fmt(other.effective_to)}）"
                    f"在{grant.township}的事项“{grant.matter.code}”上期间重叠"
                )
    return problems
