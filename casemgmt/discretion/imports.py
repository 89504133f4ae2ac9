"""Import and export of discretion benchmarks as Excel (.xlsx) or CSV.

One row per tier (or per 湖南-style factor, 裁量阶次 = 因素), rows of the same 事项编码 + 版本 form one benchmark
version. Every row is validated and every bad row is reported with its number and reason; nothing is imported
unless all rows are valid (one transaction). Gaps between a tier and the statutory range or the next tier (fixed
amounts, ranges set for 单位 and 个人 apart) are reported as warnings, row by row, and do not stop the import.

A tier is a range (幅度下限/幅度上限), a fixed amount (固定金额, e.g. 罚款200元), and counted in the penalty
clause's unit or per unit of a quantity (计罚单位: 每平方米, 每米, 每日, 每件, 违法所得的倍数).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from casemgmt.files.tabular import UnreadableTable, csv_bytes, read_tables, xlsx_append
from casemgmt.powers.models import Matter

from . import calc
from .models import Benchmark, Circumstance, Tier
from .services import benchmark_review, circumstance_rows, tier_rows

COLUMNS = [
    "序号",
    "事项编码",
    "事项名称",  # for the reader; the matter comes from 事项编码
    "版本",
    "施行日期",
    "废止日期",
    "计算方式",
    "裁量基准来源",
    "裁量阶次",
    "适用对象",
    "适用条件",
    "计罚单位",
    "固定金额",
    "幅度下限",
    "幅度上限",
    "裁量情节",
    "因素百分比",
]
REQUIRED = ["事项编码", "版本", "施行日期", "计算方式", "裁量阶次"]
FACTOR = "因素"
LEVEL_BY_LABEL = {label: code for code, label in calc.Level.LABELS.items()}
LEVEL_BY_LABEL.update({"减轻处罚": calc.Level.MITIGATED, "从轻处罚": calc.Level.LENIENT})
LEVEL_BY_LABEL.update({"一般处罚": calc.Level.ORDINARY, "从重处罚": calc.Level.HEAVIER})
MODE_BY_LABEL = {"分档幅度": calc.Mode.BANDS, "中间值": calc.Mode.MIDPOINT, "因素百分比": calc.Mode.FACTOR}
MODE_LABEL = {v: k for k, v in MODE_BY_LABEL.items()}
SCOPE_BY_LABEL = {
    "": "",
    "不区分": "",
    "个人": "citizen",
    "公民": "citizen",
    "自然人": "citizen",
    "单位": "organisation",
    "法人或者其他组织": "organisation",
    "个体工商户": "individual_business",
}
SCOPE_LABEL = dict(calc.PartyScope.LABELS)
UNIT_BY_LABEL = {label: code for code, label in calc.Unit.LABELS.items()}
UNIT_BY_LABEL.update(
    {
        "": "",
        "元": "",
        "平方米": "sqm",
        "㎡": "sqm",
        "每㎡": "sqm",
        "米": "metre",
        "延长米": "metre",
        "日": "day",
        "天": "day",
        "每天": "day",
        "件": "item",
        "处": "item",
        "个": "item",
        "每件": "item",
        "每处": "item",
        "每个": "item",
        "违法所得倍数": "illegal_income",
    }
)
UNIT_LABEL = {"": "", **{k: v for k, v in calc.Unit.LABELS.items() if k}}
MAX_ROWS = 50_000


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"导入失败，共{len(errors)}处错误，未导入任何数据")


@dataclass
class Group:
    key: tuple[str, str]
    first_row: int
    rows: list[int] = field(default_factory=list)
    matter: Matter | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    mode: str = ""
    source: str = ""
    item_number: str = ""
    bad: bool = False  # a row of the group is already reported: no whole-benchmark checks on the rest
    tiers: list[calc.TierSpec] = field(default_factory=list)
    tier_rows: list[int] = field(default_factory=list)  # the row of each tier
    circumstances: list[calc.CircumstanceSpec] = field(default_factory=list)


# --- reading -----------------------------------------------------------------------------------------------------


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """The rows as dicts of the header's column names (a blank row as an empty dict, so that every row keeps its
    number); raises ImportRefused for an unreadable file."""
    try:
        table = read_tables(data, filename, max_rows=MAX_ROWS)[0]
    except UnreadableTable as exc:
        raise ImportRefused([str(exc)]) from None
    if not table.header:
        raise ImportRefused(["文件为空"])
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        raise ImportRefused([f"第1行（表头）缺少列：{'、'.join(missing)}"])
    rows: list[dict[str, str]] = []
    for number, values in table.rows:
        rows.extend({} for _ in range(number - 2 - len(rows)))
        rows.append(dict(zip(table.header, values, strict=False)))
    return rows


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))


def _amount(text: str) -> Decimal | None:
    text = text.replace(",", "").replace("，", "").removesuffix("元").removesuffix("%").removesuffix("倍")
    if not text:
        return None
    value = Decimal(text)
    if value < 0 or not value.is_finite():
        raise InvalidOperation
    return value


# --- validation --------------------------------------------------------------------------------------------------


def parse(rows: list[dict[str, str]]) -> tuple[list[Group], list[str], list[str]]:
    """Groups of rows (one benchmark version each), every error and every warning, each with its row number
    (header = row 1)."""
    errors: list[str] = []
    warnings: list[str] = []
    matters = {m.code: m for m in Matter.objects.filter(code__in={r.get("事项编码", "") for r in rows})}
    groups: dict[tuple[str, str], Group] = {}
    for number, row in enumerate(rows, start=2):
        if not any(row.values()):
            continue
        problems: list[str] = []
        for column in REQUIRED:
            if not row.get(column):
                problems.append(f"“{column}”为空")
        code, version = row.get("事项编码", ""), row.get("版本", "")
        matter = matters.get(code)
        if code and matter is None:
            problems.append(f"执法事项“{code}”不在执法事项清单中")
        start = end = None
        try:
            start = _date(row["施行日期"]) if row.get("施行日期") else None
            end = _date(row["废止日期"]) if row.get("废止日期") else None
        except ValueError:
            problems.append("日期格式应为 YYYY-MM-DD")
        mode = MODE_BY_LABEL.get(row.get("计算方式", ""))
        if row.get("计算方式") and mode is None:
            problems.append(f"计算方式“{row['计算方式']}”应为{'、'.join(MODE_BY_LABEL)}之一")
        if len(row.get("裁量基准来源", "")) > 200:
            problems.append("“裁量基准来源”不能超过200字")
        level_label = row.get("裁量阶次", "")
        level = LEVEL_BY_LABEL.get(level_label)
        if level_label and level is None and level_label != FACTOR:
            problems.append(f"裁量阶次“{level_label}”应为{'、'.join(calc.Level.LABELS.values())}或{FACTOR}")
        scope = SCOPE_BY_LABEL.get(row.get("适用对象", ""))
        if scope is None:
            problems.append(f"适用对象“{row['适用对象']}”应为单位、个人、个体工商户或留空")
        unit = UNIT_BY_LABEL.get(row.get("计罚单位", ""))
        if unit is None:
            problems.append(
                f"计罚单位“{row['计罚单位']}”应为{'、'.join(v for k, v in calc.Unit.LABELS.items() if k)}或留空"
            )
        low = high = percent = None
        try:
            low, high = _amount(row.get("幅度下限", "")), _amount(row.get("幅度上限", ""))
            fixed = _amount(row.get("固定金额", ""))
            percent = _amount(row.get("因素百分比", ""))
        except (InvalidOperation, ValueError):
            problems.append("金额或百分比不是有效的非负数")
        else:
            if fixed is not None:
                if low is not None or high is not None:
                    problems.append("已填写固定金额的，幅度下限和上限应留空")
                low = high = fixed
            elif (low is None) != (high is None):
                problems.append("幅度下限和上限须同时填写（固定金额填在“固定金额”列）")
        if level_label == FACTOR and (percent is None or not row.get("裁量情节")):
            problems.append("因素行须填写裁量情节和因素百分比")
        group = None
        if code and version:
            group = groups.get((code, version))
            if group is None:
                group = groups[(code, version)] = Group(
                    key=(code, version),
                    first_row=number,
                    matter=matter,
                    effective_from=start,
                    effective_to=end,
                    mode=mode or "",
                    source=row.get("裁量基准来源", ""),
                    item_number=row.get("序号", ""),
                )
            elif (start, end, mode) != (group.effective_from, group.effective_to, group.mode or None) and not problems:
                problems.append(f"施行日期、废止日期或计算方式与第{group.first_row}行（同一裁量基准）不一致")
        if problems:
            errors.append(f"第{number}行：{'；'.join(problems)}")
            if group is not None:
                group.bad = True
            continue
        group.rows.append(number)
        if level_label == FACTOR:
            group.circumstances.append(
                calc.CircumstanceSpec(code=f"f{len(group.circumstances) + 1}", label=row["裁量情节"], percent=percent)
            )
            continue
        group.tiers.append(
            calc.TierSpec(level=level, conditions=row.get("适用条件", ""), low=low, high=high, party=scope, unit=unit)
        )
        group.tier_rows.append(number)
        for label in filter(None, (x.strip() for x in row.get("裁量情节", "").replace(";", "；").split("；"))):
            group.circumstances.append(
                calc.CircumstanceSpec(code=f"c{len(group.circumstances) + 1}", label=label, level=level)
            )
    # Whole benchmarks: bands inside the statutory range, no overlap, no gap, no clash with versions on file.
    existing: dict[int, list[Benchmark]] = {}
    for b in Benchmark.objects.filter(matter__in=[g.matter for g in groups.values() if g.matter]):
        existing.setdefault(b.matter_id, []).append(b)
    far = dt.date.max
    spans: dict[str, list[Group]] = {}
    for group in groups.values():
        if group.bad or not group.rows or group.matter is None or group.effective_from is None:
            continue
        where = f"第{group.rows[0]}–{group.rows[-1]}行" if len(group.rows) > 1 else f"第{group.rows[0]}行"
        label = f"{where}（{group.key[0]} {group.key[1]}）"
        found, gaps = benchmark_review(
            matter=group.matter,
            mode=group.mode,
            effective_from=group.effective_from,
            effective_to=group.effective_to,
            tiers=group.tiers,
            circumstances=group.circumstances,
        )
        errors += [_at(group, finding, label) for finding in found]
        warnings += [_at(group, finding, label) for finding in gaps]
        for other in existing.get(group.matter.pk, []) + spans.get(group.key[0], []):
            other_from, other_to = other.effective_from, other.effective_to
            if group.effective_from <= (other_to or far) and other_from <= (group.effective_to or far):
                name = other.version if isinstance(other, Benchmark) else other.key[1]
                errors.append(f"{label}：与裁量基准“{name}”（{other_from}起）的施行期间重叠")
        spans.setdefault(group.key[0], []).append(group)
    errors.sort(key=_row_order)
    warnings.sort(key=_row_order)
    return list(groups.values()), errors, warnings


def _at(group: Group, finding, label: str) -> str:
    """A finding with the rows of its tiers (第3行、第5行（CG-001 2025版）), or the whole group's rows."""
    if not finding.tiers:
        return f"{label}：{finding.message}"
    rows = "、".join(f"第{group.tier_rows[i]}行" for i in finding.tiers)
    return f"{rows}（{group.key[0]} {group.key[1]}）：{finding.message}"


def _row_order(message: str) -> int:
    digits = message[1 : message.find("行")].split("–")[0]
    return int(digits) if digits.isdigit() else 0


class Imported(list):
    """The benchmarks imported, with the warnings of the import (gaps, row by row) on ``warnings``."""

    warnings: list[str]


@transaction.atomic
def benchmarks_import(*, data: bytes, filename: str) -> Imported:
    """Import every benchmark of the file, or nothing (raises ImportRefused listing every bad row). Gaps do not
    stop the import: they come back on the result's ``warnings``."""
    groups, errors, warnings = parse(read_rows(data, filename))
    if errors:
        raise ImportRefused(errors)
    if not groups:
        raise ImportRefused(["文件中没有数据行"])
    benchmarks = [
        Benchmark(
            matter=g.matter,
            version=g.key[1],
            mode=g.mode,
            effective_from=g.effective_from,
            effective_to=g.effective_to,
            source=g.source,
            item_number=g.item_number,
        )
        for g in groups
    ]
    benchmarks = bulk_create_with_history(benchmarks, Benchmark, default_change_reason="导入裁量基准")
    if not all(b.pk for b in benchmarks):  # backends that do not return keys from bulk inserts
        by_key = {
            (b.matter_id, b.effective_from): b for b in Benchmark.objects.filter(matter__in=[g.matter for g in groups])
        }
        benchmarks = [by_key[(b.matter_id, b.effective_from)] for b in benchmarks]
    tiers, circumstances = [], []
    for g, b in zip(groups, benchmarks, strict=True):
        tiers += tier_rows(b, g.tiers)
        circumstances += circumstance_rows(b, g.circumstances)
    bulk_create_with_history(tiers, Tier, default_change_reason="导入裁量基准")
    bulk_create_with_history(circumstances, Circumstance, default_change_reason="导入裁量基准")
    result = Imported(benchmarks)
    result.warnings = warnings
    return result


# --- export ------------------------------------------------------------------------------------------------------


def export_rows(queryset=None) -> list[list[str]]:
    qs = (queryset if queryset is not None else Benchmark.objects.all()).select_related("matter")
    rows: list[list[str]] = [COLUMNS]
    for b in qs.prefetch_related("tiers", "circumstances").order_by("matter__code", "effective_from"):
        by_level: dict[str, list[str]] = {}
        for c in b.circumstances.all():
            if c.level:
                by_level.setdefault(c.level, []).append(c.label)
        common = [
            b.item_number,
            b.matter.code,
            b.matter.name,
            b.version,
            b.effective_from.isoformat(),
            b.effective_to.isoformat() if b.effective_to else "",
            MODE_LABEL[b.mode],
            b.source,
        ]
        seen_levels: set[str] = set()
        for t in b.tiers.all():
            labels = by_level.get(t.level, []) if t.level not in seen_levels else []
            seen_levels.add(t.level)
            rows.append(
                common
                + [
                    calc.Level.LABELS[t.level],
                    SCOPE_LABEL[t.party],
                    t.conditions,
                    UNIT_LABEL[t.unit],
                    _num(t.low) if t.low is not None and t.low == t.high else "",
                    "" if t.low is not None and t.low == t.high else _num(t.low),
                    "" if t.low is not None and t.low == t.high else _num(t.high),
                    "；".join(labels),
                    "",
                ]
            )
        for c in b.circumstances.all():
            if c.percent is not None:
                rows.append(common + [FACTOR, "", "", "", "", "", "", c.label, _num(c.percent)])
    return rows


def _num(value) -> str:
    return "" if value is None else calc._n(value)


def export_csv(queryset=None) -> bytes:
    return csv_bytes(export_rows(queryset))


def export_xlsx(queryset=None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "裁量基准"
    for row in export_rows(queryset):
        xlsx_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
