"""Import and export of the matter catalogue and the power lists (Excel .xlsx and CSV).

Every row is validated; every bad row is reported with its row number (the header is row 1) and reason, and
nothing is imported unless every row is valid (one transaction, checked before any write).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from casemgmt.cases.models.penalty import PenaltyType
from casemgmt.files.tabular import UnreadableTable, csv_bytes, read_tables, xlsx_append
from casemgmt.org.models import Unit, UnitKind

from .holders import clear_catalogue_cache
from .models import BaseKind, GrantMode, Law, LawVersion, Matter, PowerGrant, RangeKind
from .validation import periods_overlap

MATTER_COLUMNS = [
    "事项编码",
    "事项名称",
    "执法领域",
    "原实施部门",
    "违法条款",
    "罚则条款",
    "法律法规",
    "版本",
    "施行日期",
    "处罚种类",
    "罚款幅度类型",
    "罚款下限",
    "罚款上限",
    "倍数基数",
    "最低倍数",
    "最高倍数",
]
GRANT_COLUMNS = [
    "事项编码",
    "承接乡镇",
    "方式",
    "决定文号",
    "公布日期",
    "生效日期",
    "终止日期",
    "过渡期截止日期",
    "过渡期牵头部门",
]

PENALTY_BY_LABEL = {label: value for value, label in PenaltyType.choices}
RANGE_BY_LABEL = {label: value for value, label in RangeKind.choices}
BASE_BY_LABEL = {label: value for value, label in BaseKind.choices}
MODE_BY_LABEL = {"赋权": GrantMode.EMPOWER, "委托": GrantMode.ENTRUST}
LABEL_BY_MODE = {v: k for k, v in MODE_BY_LABEL.items()}


class ImportRejected(Exception):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"共{len(errors)}处错误，未导入任何数据：" + "；".join(errors[:20]))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


# --- reading and writing files -----------------------------------------------------------------------------------


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and (row number, row) pairs of a .csv (UTF-8 with or without BOM, or GB18030) or .xlsx file."""
    try:
        table = read_tables(data, filename)[0]
    except UnreadableTable as exc:
        raise ImportRejected([str(exc)]) from None
    out = []
    for number, values in table.rows:
        if not table.name and len(values) > len(table.header):  # a CSV row with more cells than the header
            out.append((number, {"__extra__": "列数多于表头"}))
            continue
        out.append((number, dict(zip(table.header, values, strict=False))))
    return table.header, out


def write_rows(columns: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        xlsx_append(sheet, columns)
        for row in rows:
            xlsx_append(sheet, row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    return csv_bytes([columns, *rows])


# --- field parsers (raise ValueError with a Chinese reason) -------------------------------------------------------


def _date(text: str, label: str, *, required: bool) -> dt.date | None:
    if not text:
        if required:
            raise ValueError(f"{label}不能为空")
        return None
    try:
        return dt.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise ValueError(f"{label}“{text}”不是有效日期（YYYY-MM-DD）") from None


def _decimal(text: str, label: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{label}“{text}”不是数字") from None
    if value < 0 or not value.is_finite():
        raise ValueError(f"{label}不能为负数")
    return value


def _required(row: dict, label: str) -> str:
    value = row.get(label, "")
    if not value:
        raise ValueError(f"{label}不能为空")
    return value


def _missing_columns(header: list[str], columns: list[str]) -> list[str]:
    return [c for c in columns if c not in header]


# --- matters ------------------------------------------------------------------------------------------------------


def _parse_matter(row: dict, units: dict[str, Unit]) -> dict:
    problems: list[str] = []

    def attempt(fn):
        try:
            return fn()
        except ValueError as exc:
            problems.append(str(exc))
            return None

    if "__extra__" in row:
        raise ValueError(row["__extra__"])
    parsed: dict = {}
    parsed["code"] = attempt(lambda: _required(row, "事项编码"))
    parsed["name"] = attempt(lambda: _required(row, "事项名称"))
    parsed["field"] = attempt(lambda: _required(row, "执法领域"))
    parsed["violated_clause"] = attempt(lambda: _required(row, "违法条款"))
    parsed["penalty_clause"] = attempt(lambda: _required(row, "罚则条款"))
    if parsed["code"] and len(parsed["code"]) > 50:
        problems.append("事项编码超过50个字符")
    dept_name = row.get("原实施部门", "")
    parsed["source_department"] = None
    if dept_name:
        dept = units.get(dept_name)
        if dept is None:
            problems.append(f"原实施部门“{dept_name}”不存在")
        elif dept.kind != UnitKind.COUNTY_DEPARTMENT:
            problems.append(f"原实施部门“{dept_name}”不是县级部门")
        else:
            parsed["source_department"] = dept
    parsed["law"] = row.get("法律法规", "")
    parsed["version"] = row.get("版本", "")
    parsed["effective"] = attempt(lambda: _date(row.get("施行日期", ""), "施行日期", required=False))
    if bool(parsed["law"]) != bool(parsed["version"]):
        problems.append("法律法规与版本须同时填写")
    types = [t.strip() for t in row.get("处罚种类", "").replace("，", "、").replace(",", "、").split("、") if t.strip()]
    unknown = [t for t in types if t not in PENALTY_BY_LABEL]
    if unknown:
        problems.append(f"处罚种类“{'、'.join(unknown)}”不是行政处罚法第九条规定的种类")
    parsed["penalty_types"] = [PENALTY_BY_LABEL[t] for t in types if t in PENALTY_BY_LABEL]
    kind_label = row.get("罚款幅度类型", "") or RangeKind.FIXED.label
    kind = RANGE_BY_LABEL.get(kind_label)
    if kind is None:
        problems.append(f"罚款幅度类型“{kind_label}”应为{'、'.join(RANGE_BY_LABEL)}之一")
    parsed["range_kind"] = kind
    low = attempt(lambda: _decimal(row.get("罚款下限", ""), "罚款下限"))
    high = attempt(lambda: _decimal(row.get("罚款上限", ""), "罚款上限"))
    parsed["min_amount"], parsed["max_amount"] = low, high
    base_label = row.get("倍数基数", "")
    parsed["base_kind"] = BASE_BY_LABEL.get(base_label, "") if base_label else ""
    if base_label and not parsed["base_kind"]:
        problems.append(f"倍数基数“{base_label}”应为{'、'.join(BASE_BY_LABEL)}之一")
    min_mult = attempt(lambda: _decimal(row.get("最低倍数", ""), "最低倍数"))
    max_mult = attempt(lambda: _decimal(row.get("最高倍数", ""), "最高倍数"))
    parsed["min_multiple"], parsed["max_multiple"] = min_mult, max_mult
    # "must be filled" only for empty cells: an unreadable number is already reported above
    if kind == RangeKind.FIXED and not (row.get("罚款下限") and row.get("罚款上限")):
        problems.append("固定金额幅度须填写罚款下限和上限")
    if kind == RangeKind.MAX_ONLY and not row.get("罚款上限"):
        problems.append("仅规定上限的须填写罚款上限")
    if kind == RangeKind.MULTIPLE and not (base_label and row.get("最高倍数")):
        problems.append("倍数罚款须填写倍数基数和最高倍数")
    if low is not None and high is not None and low > high:
        problems.append("罚款下限大于上限")
    if min_mult is not None and max_mult is not None and min_mult > max_mult:
        problems.append("最低倍数大于最高倍数")
    if problems:
        raise ValueError("；".join(problems))
    return parsed


@transaction.atomic
def import_matters(data: bytes, filename: str) -> ImportReport:
    """Create or update matters by code. Laws and versions named in the file are created when new (a new version
    needs its 施行日期)."""
    header, rows = read_rows(data, filename)
    missing = _missing_columns(header, MATTER_COLUMNS[:6])
    if missing:
        raise ImportRejected([f"缺少列：{'、'.join(missing)}"])
    units = {u.name: u for u in Unit.objects.all()}
    versions = {(v.law.name, v.label): v for v in LawVersion.objects.select_related("law")}
    existing = {matter.code: matter for matter in Matter.objects.all()}
    errors: list[str] = []
    parsed_rows: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        try:
            parsed = _parse_matter(row, units)
        except ValueError as exc:
            errors.append(f"第{number}行：{exc}")
            continue
        code = parsed["code"]
        if code in seen:
            errors.append(f"第{number}行：事项编码“{code}”与第{seen[code]}行重复")
            continue
        seen[code] = number
        key = (parsed["law"], parsed["version"])
        if parsed["law"] and key not in versions and parsed["effective"] is None:
            errors.append(f"第{number}行：新增的法律版本“{parsed['law']}（{parsed['version']}）”须填写施行日期")
            continue
        parsed_rows.append((number, parsed))
    if errors:
        raise ImportRejected(errors)
    if not parsed_rows:
        raise ImportRejected(["文件中没有数据行"])
    for _number, parsed in parsed_rows:
        key = (parsed["law"], parsed["version"])
        if parsed["law"] and key not in versions:
            law, _ = Law.objects.get_or_create(name=parsed["law"])
            versions[key] = LawVersion.objects.create(
                law=law, label=parsed["version"], effective_from=parsed["effective"]
            )
    to_create, to_update = [], []
    names = ["name", "field", "source_department", "violated_clause", "penalty_clause", "penalty_types", "range_kind",
             "min_amount", "max_amount", "base_kind", "min_multiple", "max_multiple"]  # fmt: skip
    for _number, parsed in parsed_rows:
        version = versions.get((parsed["law"], parsed["version"]))
        values = {n: parsed[n] for n in names}
        values["violated_law"] = values["penalty_law"] = version
        matter = existing.get(parsed["code"])
        if matter is None:
            to_create.append(Matter(code=parsed["code"], **values))
        else:
            for n, v in values.items():
                setattr(matter, n, v)
            to_update.append(matter)
    if to_create:
        bulk_create_with_history(to_create, Matter, batch_size=500, default_change_reason="导入执法事项")
    if to_update:
        bulk_update_with_history(
            to_update, Matter, [*names, "violated_law", "penalty_law"], batch_size=500,
            default_change_reason="导入执法事项",
        )  # fmt: skip
    clear_catalogue_cache()
    return ImportReport(created=len(to_create), updated=len(to_update))


def export_matters(fmt: str = "csv") -> bytes:
    rows = []
    penalty_labels = dict(PenaltyType.choices)
    for matter in Matter.objects.select_related("source_department", "violated_law__law").order_by("code"):
        version = matter.violated_law
        rows.append(
            [
                matter.code,
                matter.name,
                matter.field,
                matter.source_department.name if matter.source_department else "",
                matter.violated_clause,
                matter.penalty_clause,
                version.law.name if version else "",
                version.label if version else "",
                version.effective_from.isoformat() if version else "",
                "、".join(penalty_labels.get(t, t) for t in matter.penalty_types),
                matter.get_range_kind_display(),
                _num(matter.min_amount),
                _num(matter.max_amount),
                matter.get_base_kind_display() if matter.base_kind else "",
                _num(matter.min_multiple),
                _num(matter.max_multiple),
            ]
        )
    return write_rows(MATTER_COLUMNS, rows, fmt)


def _num(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


# --- grants -------------------------------------------------------------------------------------------------------


def _parse_grant(row: dict, matters: dict[str, Matter], units: dict[str, Unit]) -> PowerGrant:
    if "__extra__" in row:
        raise ValueError(row["__extra__"])
    problems: list[str] = []

    def attempt(fn):
        try:
            return fn()
        except ValueError as exc:
            problems.append(str(exc))
            return None

    code = row.get("事项编码", "")
    matter = matters.get(code)
    if not code:
        problems.append("事项编码不能为空")
    elif matter is None:
        problems.append(f"事项编码“{code}”不在执法事项清单中")
    township_name = row.get("承接乡镇", "")
    township = units.get(township_name)
    if not township_name:
        problems.append("承接乡镇不能为空")
    elif township is None or township.kind != UnitKind.TOWNSHIP:
        problems.append(f"承接乡镇“{township_name}”不是系统中的乡镇人民政府")
    mode = MODE_BY_LABEL.get(row.get("方式", "") or "赋权")
    if mode is None:
        problems.append(f"方式“{row.get('方式')}”应为赋权或委托")
    document = attempt(lambda: _required(row, "决定文号"))
    published = attempt(lambda: _date(row.get("公布日期", ""), "公布日期", required=True))
    start = attempt(lambda: _date(row.get("生效日期", ""), "生效日期", required=True))
    end = attempt(lambda: _date(row.get("终止日期", ""), "终止日期", required=False))
    transition = attempt(lambda: _date(row.get("过渡期截止日期", ""), "过渡期截止日期", required=False))
    lead_name = row.get("过渡期牵头部门", "")
    lead = units.get(lead_name) if lead_name else None
    if lead_name and lead is None:
        problems.append(f"过渡期牵头部门“{lead_name}”不存在")
    if problems:
        raise ValueError("；".join(problems))
    return PowerGrant(
        matter=matter,
        township=township,
        mode=mode,
        document_number=document,
        published_on=published,
        effective_from=start,
        effective_to=end,
        transition_until=transition,
        transition_lead=lead,
    )


@transaction.atomic
def import_grants(data: bytes, filename: str) -> ImportReport:
    """Create grants; overlaps with existing grants or between rows of the file are bad rows."""
    from .validation import grant_problems

    header, rows = read_rows(data, filename)
    missing = _missing_columns(header, GRANT_COLUMNS[:6])
    if missing:
        raise ImportRejected([f"缺少列：{'、'.join(missing)}"])
    matters = {matter.code: matter for matter in Matter.objects.all()}
    units = {u.name: u for u in Unit.objects.all()}
    taken: dict[tuple[int, int], list] = defaultdict(list)
    for g in PowerGrant.objects.all():
        taken[(g.matter_id, g.township_id)].append(g)
    errors: list[str] = []
    grants: list[PowerGrant] = []
    row_of: dict[int, int] = {}
    for number, row in rows:
        try:
            grant = _parse_grant(row, matters, units)
        except ValueError as exc:
            errors.append(f"第{number}行：{exc}")
            continue
        others = taken[(grant.matter_id, grant.township_id)]
        problems = grant_problems(grant, others=[o for o in others if o.pk is not None])
        for other in others:
            if other.pk is None and periods_overlap(
                grant.effective_from, grant.effective_to, other.effective_from, other.effective_to
            ):
                problems.append(f"与第{row_of[id(other)]}行的赋权期间重叠")
        if problems:
            errors.append(f"第{number}行：{'；'.join(problems)}")
            continue
        row_of[id(grant)] = number
        others.append(grant)
        grants.append(grant)
    if errors:
        raise ImportRejected(errors)
    if not grants:
        raise ImportRejected(["文件中没有数据行"])
    bulk_create_with_history(grants, PowerGrant, batch_size=500, default_change_reason="导入赋权事项")
    clear_catalogue_cache()
    return ImportReport(created=len(grants))


def export_grants(fmt: str = "csv") -> bytes:
    rows = []
    qs = PowerGrant.objects.select_related("matter", "township", "transition_lead").order_by(
        "township__name", "matter__code", "effective_from"
    )
    for g in qs:
        rows.append(
            [
                g.matter.code,
                g.township.name,
                LABEL_BY_MODE[g.mode],
                g.document_number,
                g.published_on.isoformat(),
                g.effective_from.isoformat(),
                g.effective_to.isoformat() if g.effective_to else "",
                g.transition_until.isoformat() if g.transition_until else "",
                g.transition_lead.name if g.transition_lead else "",
            ]
        )
    return write_rows(GRANT_COLUMNS, rows, fmt)
