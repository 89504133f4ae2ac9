"""Rubric versions (评查标准): validate a specification and store it as a new version; activate a version.

A rubric whose points do not add up, or that names an unknown rule, is refused with every problem and nothing is
stored. Base items add up to 100 points; 加分项 (``"bonus"``: code, title, points) are awarded on top, their sum
capped at ``"bonus_max"`` (加分上限), so a file or a unit's self-score can exceed 100 as in published reports. Stored versions are not edited: a change is a new version, so earlier evaluations keep their standard.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_save

from casemgmt.cases.rulebook import RULES
from casemgmt.cases.services.base import InputError
from casemgmt.cases.textlimits import TEXT_MAX, too_long

from .models import Group, Rubric, RubricCategory, RubricItem

TOTAL_POINTS = Decimal("100")


def _dec(value, where: str, problems: list[str]) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        problems.append(f"{where}：分值“{value}”不是数字")
        return Decimal("0")
    if d < 0:
        problems.append(f"{where}：分值不得为负数")
    return d


# The top-level keys of a rubric specification. What GET /api/supervision/rubric/ returns besides them (its id, version and
# whether it is active) may be posted back: the server assigns those to the new version.
SPEC_KEYS = ("name", "grade_thresholds", "failing_grade", "note", "categories", "veto", "items", "bonus", "bonus_max")
ROUND_TRIP_KEYS = ("id", "version", "is_active")


def validate_spec(spec: dict) -> list[str]:
    """Every problem of a rubric specification, in Chinese; empty when it can be stored."""
    problems: list[str] = []
    if not str(spec.get("name", "")).strip():
        problems.append("须填写评查标准名称")
    if len(str(spec.get("note") or "")) > TEXT_MAX:
        problems.append(too_long("评查标准说明", TEXT_MAX))
    categories = spec.get("categories") or []
    codes: set[str] = set()
    cat_points: dict[str, Decimal] = {}
    for c in categories:
        code = str(c.get("code", "")).strip()
        if not code or code in cat_points:
            problems.append(f"分类代码“{code}”为空或重复")
            continue
        if c.get("group") not in Group.values:
            problems.append(f"分类{code}：类别须为立卷、实体或程序")
        cat_points[code] = _dec(c.get("points"), f"分类{code}", problems)
    total = sum(cat_points.values(), Decimal("0"))
    if total != TOTAL_POINTS:
        problems.append(f"各分类分值合计为{total}分，应为{TOTAL_POINTS}分")
    sums = dict.fromkeys(cat_points, Decimal("0"))
    for kind, rows in (("veto", spec.get("veto") or []), ("item", spec.get("items") or [])):
        for it in rows:
            code = str(it.get("code", "")).strip()
            if not code or code in codes:
                problems.append(f"评查项目代码“{code}”为空或重复")
                continue
            codes.add(code)
            if not str(it.get("title", "")).strip():
                problems.append(f"评查项目{code}：须填写评查内容")
            unknown = [r for r in it.get("rules") or [] if r not in RULES]
            if unknown:
                problems.append(f"评查项目{code}：规则{'、'.join(unknown)}不存在")
            if kind == "veto":
                continue
            cat = it.get("category")
            if cat not in cat_points:
                problems.append(f"评查项目{code}：分类“{cat}”不存在")
                continue
            points = _dec(it.get("points"), f"评查项目{code}", problems)
            if points <= 0:
                problems.append(f"评查项目{code}：分值须大于0")
            if it.get("deduction") is not None:
                ded = _dec(it["deduction"], f"评查项目{code}每处扣分", problems)
                if ded <= 0 or ded > points:
                    problems.append(f"评查项目{code}：每处扣分须大于0且不超过该项分值{points}分")
            sums[cat] += points
    bonus = spec.get("bonus") or []
    bonus_max = _dec(spec.get("bonus_max", 0), "加分上限", problems)
    for it in bonus:
        code = str(it.get("code", "")).strip()
        if not code or code in codes:
            problems.append(f"加分项代码“{code}”为空或重复")
            continue
        codes.add(code)
        if not str(it.get("title", "")).strip():
            problems.append(f"加分项{code}：须填写加分内容")
        if _dec(it.get("points"), f"加分项{code}", problems) <= 0:
            problems.append(f"加分项{code}：分值须大于0")
    if bonus and bonus_max <= 0:
        problems.append("设有加分项的评查标准须设定大于0的加分上限")
    if not bonus and bonus_max > 0:
        problems.append("未设加分项的评查标准不得设定加分上限")
    for cat, points in cat_points.items():
        if sums[cat] != points:
            problems.append(f"分类{cat}：各评查项目分值合计{sums[cat]}分，与分类分值{points}分不符")
    thresholds = spec.get("grade_thresholds") or []
    values = []
    for row in thresholds:
        try:
            value, label = Decimal(str(row[0])), str(row[1]).strip()
        except (InvalidOperation, TypeError, ValueError, IndexError):
            problems.append(f"等次划分“{row}”格式应为[分数线, 等次]")
            continue
        if not label or not Decimal("0") < value <= TOTAL_POINTS:
            problems.append(f"等次划分“{row}”：分数线须在0到100之间并有等次名称")
        values.append(value)
    if len(set(values)) != len(values):
        problems.append("等次划分的分数线不得重复")
    return problems


@transaction.atomic
def rubric_create_version(*, spec: dict, actor, activate: bool = True) -> Rubric:
    """Store ``spec`` as the next version of the rubric named in it (and make it the active one)."""
    if actor is not None and not (actor.is_staff or actor.is_superuser):
        raise PermissionDenied("只有系统管理员可以修改评查标准")
    problems = validate_spec(spec)
    if problems:
        raise InputError("；".join(problems), field="rubric")
    return store_spec(spec, actor=actor, activate=activate)


def store_spec(spec: dict, *, actor=None, activate: bool = True, models=(Rubric, RubricCategory, RubricItem)):
    """Write a validated ``spec`` as the next version (``models`` lets the data migration pass its historical
    models)."""
    rubric_model, category_model, item_model = models
    name = spec["name"].strip()
    last = rubric_model.objects.select_for_update().filter(name=name).aggregate(v=Max("version"))["v"] or 0
    if activate:
        rubric_model.objects.filter(is_active=True).update(is_active=False)
        clear_rubric_cache()
    rubric = rubric_model.objects.create(
        name=name,
        version=last + 1,
        is_active=activate,
        grade_thresholds=[[float(t[0]), str(t[1]).strip()] for t in spec.get("grade_thresholds") or []],
        failing_grade=spec.get("failing_grade") or "不合格",
        note=spec.get("note", ""),
        created_by=actor,
        # 加分上限 only when the spec has 加分项, so the data migration 0002 (a model without the field) can store
        # the shipped rubric, which has none
        **({"bonus_max": Decimal(str(spec["bonus_max"]))} if spec.get("bonus") else {}),
    )
    cats = {}
    for pos, c in enumerate(spec["categories"]):
        cats[c["code"]] = category_model.objects.create(
            rubric=rubric,
            code=c["code"],
            name=c["name"],
            group=c["group"],
            points=Decimal(str(c["points"])),
            position=pos,
        )
    pos = 0
    for it in spec.get("veto") or []:
        item_model.objects.create(
            rubric=rubric,
            code=it["code"],
            title=it["title"],
            veto=True,
            rule_codes=list(it.get("rules") or []),
            position=pos,
        )
        pos += 1
    for it in spec.get("items") or []:
        item_model.objects.create(
            rubric=rubric,
            category=cats[it["category"]],
            code=it["code"],
            title=it["title"],
            points=Decimal(str(it["points"])),
            deduction=None if it.get("deduction") is None else Decimal(str(it["deduction"])),
            rule_codes=list(it.get("rules") or []),
            basis=it.get("basis", ""),
            position=pos,
        )
        pos += 1
    for it in spec.get("bonus") or []:
        item_model.objects.create(
            rubric=rubric,
            code=it["code"],
            title=it["title"],
            bonus=True,
            points=Decimal(str(it["points"])),
            basis=it.get("basis", ""),
            position=pos,
        )
        pos += 1
    return rubric


# --- the active rubric, cached per process ----------------------------------------------------------------------
# Every case page scores the case against the active rubric; the rubric changes rarely (an administrator stores or
# activates a version). Writers clear the cache in their own process at once and again after commit (the signal
# receivers below and the two writers that use ``update()``); other processes see a change within
# RUBRIC_TTL_SECONDS, as with the procedure-policy snapshot. Callers read the cached rubric, never change it.

RUBRIC_TTL_SECONDS = 5.0
_rubric_lock = threading.Lock()
_rubric: tuple[float, Rubric | None] | None = None


def _clear_rubric_only() -> None:
    global _rubric
    with _rubric_lock:
        _rubric = None


def clear_rubric_cache(**_signal_kwargs) -> None:
    """Clear now (this transaction sees its change) and again after commit."""
    _clear_rubric_only()
    from django.db import connection

    if connection.in_atomic_block:
        transaction.on_commit(_clear_rubric_only)


for _model in (Rubric, RubricCategory, RubricItem):
    post_save.connect(clear_rubric_cache, sender=_model, dispatch_uid=f"rubric-cache-save-{_model.__name__}")
    post_delete.connect(clear_rubric_cache, sender=_model, dispatch_uid=f"rubric-cache-delete-{_model.__name__}")


def active_rubric() -> Rubric | None:
    global _rubric
    now = time.monotonic()
    current = _rubric
    if current is not None and now - current[0] < RUBRIC_TTL_SECONDS:
        return current[1]
    rubric = Rubric.objects.filter(is_active=True).prefetch_related("categories", "items").first()
    with _rubric_lock:
        _rubric = (now, rubric)
    return rubric


def sync_default_rubric() -> Rubric:
    """Install the shipped default rubric unless a rubric of that name exists (idempotent)."""
    from .default_rubric import DEFAULT_RUBRIC

    existing = Rubric.objects.filter(name=DEFAULT_RUBRIC["name"]).order_by("-version").first()
    if existing is not None:
        return existing
    return rubric_create_version(
        spec=DEFAULT_RUBRIC, actor=None, activate=not Rubric.objects.filter(is_active=True).exists()
    )


@transaction.atomic
def rubric_activate(*, rubric: Rubric, actor) -> Rubric:
    """Make ``rubric`` the version the self-check and new rounds use."""
    if not (actor.is_staff or actor.is_superuser):
        raise PermissionDenied("只有系统管理员可以修改评查标准")
    Rubric.objects.filter(is_active=True).exclude(pk=rubric.pk).update(is_active=False)
    clear_rubric_cache()
    rubric.is_active = True
    rubric.save(update_fields=["is_active"])
    return rubric
