"""Bulk import and export of units, people and enforcement certificates (行政执法证) as .xlsx or CSV.

The personnel office keeps three lists: units, people (one row per post: a person with two posts has two rows) and
certificates. Each has fixed Chinese column headers (``UNITS``, ``OFFICERS``, ``CERTIFICATES``), as the sheets
单位 / 人员 / 执法证 of one .xlsx workbook or as one CSV file each (UTF-8 with or without BOM, or GB18030). The
export writes the current data in exactly this layout, so that exporting and importing again changes nothing.

``people_import_plan`` reads and checks everything and writes nothing (the dry run): every problem with its table,
row and column, and every change a row makes (old → new). ``people_import_apply`` plans again inside one
transaction and writes either every row (only when no row has a problem) or, when the administrator chooses,
exactly the good rows; a row that depends on a bad row (a person in a unit whose row is bad, a certificate of a
person whose row is bad, a unit under a bad unit) is bad too. Existing rows are matched by 单位名称, 登录名 and
证号 and updated; posts (任职) are only added, never removed by an import. History records the import as the
reason of every change.

A new person's account gets a one-time initial password, shown once to the administrator who imports, and must
be changed at the first login (``password_change_require``), as for an account created in 系统管理.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import update_change_reason

from casemgmt.accounts.passwords import password_change_require
from casemgmt.files.tabular import FORMULA_START, UnreadableTable, csv_bytes, read_tables, xlsx_append

from .identity import IdentityError, check_credit_code
from .models import Certificate, CertificateStatus, Membership, Officer, Role, Unit, UnitKind
from .services import membership_add

User = get_user_model()

# Limits of one import: an administrator's lists of a county are a few hundred rows.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 3
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an .xlsx unpacking to more is refused unread (a ZIP bomb)
# A cell longer than its column's limit is refused and shown cut to this many characters.
SHOWN_CHARS = 40

UNITS = "单位"
OFFICERS = "人员"
CERTIFICATES = "执法证"
TABLE_ORDER = (UNITS, OFFICERS, CERTIFICATES)

YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    label: str
    max_length: int
    required: bool = False


def _columns(model, spec: Iterable[tuple[str, str | int, bool]]) -> list[Column]:
    out = []
    for label, source, required in spec:
        length = source if isinstance(source, int) else model._meta.get_field(source).max_length
        out.append(Column(label, length, required))
    return out


COLUMNS: dict[str, list[Column]] = {
    UNITS: _columns(
        Unit,
        [
            ("单位名称", "name", True),
            ("简称", "short_name", False),
            ("类型", 20, True),
            ("上级单位", "name", False),
            ("执法领域", "field", False),
            ("统一社会信用代码", 30, False),
            ("地址", "address", False),
        ],
    ),
    OFFICERS: [
        *_columns(Officer, [("姓名", "name", True)]),
        Column("登录名", User._meta.get_field("username").max_length, True),
        *_columns(Officer, [("电话", "phone", False)]),
        Column("所属单位", Unit._meta.get_field("name").max_length),
        Column("角色", 20),
        *_columns(Officer, [("法律职业资格证书编号", "legal_qualification_no", False)]),
        Column("代行机关负责人职责", 2),
        *_columns(Membership, [("指定文件", "designation_ref", False)]),
    ],
    CERTIFICATES: [
        *_columns(Certificate, [("证号", "number", True)]),
        Column("持证人登录名", User._meta.get_field("username").max_length, True),
        *_columns(Officer, [("持证人姓名", "name", False)]),
        *_columns(
            Certificate,
            [("发证机关", "issuing_body", True), ("执法领域", "fields_covered", False)],
        ),
        Column("有效期自", 20, True),
        Column("有效期至", 20, True),
        Column("状态", 10),
    ],
}
HEADERS: dict[str, list[str]] = {table: [c.label for c in columns] for table, columns in COLUMNS.items()}
# The columns that tell which table a sheet or CSV file is (its sheet name may be anything).
SIGNATURES = {UNITS: {"单位名称", "类型"}, OFFICERS: {"登录名", "姓名"}, CERTIFICATES: {"证号", "有效期至"}}

KIND_BY_LABEL = {label: value for value, label in UnitKind.choices} | {value: value for value, _ in UnitKind.choices}
ROLE_BY_LABEL = {label: value for value, label in Role.choices} | {value: value for value, _ in Role.choices}
STATUS_BY_LABEL = {label: value for value, label in CertificateStatus.choices} | {
    "吊销": CertificateStatus.REVOKED,
    "注销": CertificateStatus.REVOKED,
}
PHONE = re.compile(r"[0-9+\-()（）\s转,，、/]+")
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")

REASON = "批量导入人员和执法证"


class ImportRefused(Exception):
    """Nothing was imported; ``errors`` are shown to the administrator (Chinese)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors[:5]))


@dataclass(frozen=True)
class Source:
    """One uploaded file."""

    name: str
    data: bytes


@dataclass
class Problem:
    table: str  # 单位 / 人员 / 执法证, or "" for the whole file
    where: str  # the file (and sheet) it is in
    row: int | None  # header = 1
    column: str  # the column's header, "" for the whole row
    letter: str  # the column's letter (A, B, …) as the spreadsheet shows it
    message: str


@dataclass
class Diff:
    label: str
    old: str
    new: str


@dataclass
class RowPlan:
    table: str
    where: str
    row: int
    key: str  # 单位名称 / 登录名 / 证号
    label: str  # what the row is, for the administrator (name, holder)
    values: dict = field(default_factory=dict)
    action: str = ""  # 新增 / 修改 / 无变化 / 新增任职
    diffs: list[Diff] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad(self) -> bool:
        return bool(self.problems)

    @property
    def changes(self) -> bool:
        return self.action not in ("", "无变化")


@dataclass
class Plan:
    """What an import would do; nothing is written."""

    file_problems: list[Problem] = field(default_factory=list)
    rows: dict[str, list[RowPlan]] = field(default_factory=lambda: {t: [] for t in TABLE_ORDER})

    @property
    def problems(self) -> list[Problem]:
        found = list(self.file_problems)
        for table in TABLE_ORDER:
            for row in self.rows[table]:
                found += row.problems
        return found

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def readable(self) -> bool:
        return not self.file_problems

    def all_rows(self) -> list[RowPlan]:
        return [row for table in TABLE_ORDER for row in self.rows[table]]

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for table in TABLE_ORDER:
            rows = self.rows[table]
            out[table] = {
                "rows": len(rows),
                "bad": sum(r.bad for r in rows),
                "created": sum(r.action in ("新增", "新增人员", "新增任职") and not r.bad for r in rows),
                "updated": sum(r.action == "修改" and not r.bad for r in rows),
                "unchanged": sum(r.action == "无变化" and not r.bad for r in rows),
            }
        return out

    @property
    def good_changes(self) -> int:
        return sum(r.changes and not r.bad for r in self.all_rows())

    def digest(self) -> str:
        """A fingerprint of what the administrator was shown: the confirmation is refused when it differs."""
        payload = [[p.table, p.where, p.row, p.column, p.message] for p in self.file_problems] + [
            [r.table, r.where, r.row, r.key, r.action, [[d.label, d.old, d.new] for d in r.diffs], r.bad]
            for r in self.all_rows()
        ]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


@dataclass
class ImportResult:
    created: dict[str, int]
    updated: dict[str, int]
    skipped_rows: int
    initial_passwords: list[tuple[str, str, str]]  # (登录名, 姓名, 初始密码), shown once


# --- reading -----------------------------------------------------------------------------------------------------


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _table_of(name: str, header: list[str]) -> str | None:
    if name.strip() in TABLE_ORDER:
        return name.strip()
    for table, signature in SIGNATURES.items():
        if signature <= set(header):
            return table
    return None


@dataclass
class _Sheet:
    table: str
    where: str
    header: list[str]
    rows: list[tuple[int, dict[str, str], list[Problem]]]


def _read(sources: list[Source], plan: Plan) -> dict[str, _Sheet]:
    """The tables of the uploaded files; the problems of the files and cells go to ``plan``."""
    sheets: dict[str, _Sheet] = {}

    def whole(where: str, message: str, table: str = "", row: int | None = None) -> None:
        plan.file_problems.append(Problem(table, where, row, "", "", message))

    if not sources:
        whole("", "请选择要导入的文件")
    if len(sources) > MAX_FILES:
        whole("", f"一次最多导入{MAX_FILES}个文件")
        return sheets
    rows_left = MAX_ROWS
    for source in sources:
        if len(source.data) > MAX_FILE_BYTES:
            whole(source.name, f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB上限，请分批导入")
            continue
        if source.name.lower().endswith(".xlsx") and _unpacked_bytes(source.data) > MAX_UNPACKED_BYTES:
            whole(source.name, f"Excel文件解压后超过{MAX_UNPACKED_BYTES // (1024 * 1024)}MB，疑似压缩炸弹，已拒收")
            continue
        try:
            tables = read_tables(source.data, source.name, all_sheets=True, max_rows=rows_left, keep_formulas=True)
        except UnreadableTable as exc:
            whole(source.name, str(exc))
            continue
        for table in tables:
            rows_left -= len(table.rows)
            where = f"{source.name}（{table.name}）" if table.name else source.name
            kind = _table_of(table.name, table.header)
            if kind is None:
                if table.rows:
                    whole(where, "无法识别的表：第1行须为单位、人员或执法证表的表头（见导入说明）")
                continue
            if kind in sheets:
                whole(where, f"{kind}表出现了两次（另见{sheets[kind].where}），请合并为一张表")
                continue
            expected = HEADERS[kind]
            missing = [c.label for c in COLUMNS[kind] if c.required and c.label not in table.header]
            unknown = [h for h in table.header if h and h not in expected]
            if missing:
                whole(where, f"{kind}表缺少列：{'、'.join(missing)}", kind, 1)
            if unknown:
                whole(
                    where,
                    f"{kind}表有未知的列：{'、'.join(_shown(h) for h in unknown)}（列名须与导入说明一致）",
                    kind,
                    1,
                )
            if missing or unknown:
                continue
            sheets[kind] = _Sheet(
                kind, where, table.header, [_cells(kind, where, table.header, n, v) for n, v in table.rows]
            )
    return sheets


def _unpacked_bytes(data: bytes) -> int:
    """What an .xlsx (a ZIP) unpacks to, from its central directory; 0 when it is no ZIP (the reader says so)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0


def _cells(table: str, where: str, header: list[str], number: int, values: list[str]):
    """The row as {column: text} and the problems of its cells (too long, formula, control characters)."""
    limits = {c.label: c.max_length for c in COLUMNS[table]}
    problems: list[Problem] = []
    row: dict[str, str] = {}
    for index, value in enumerate(values):
        label = header[index] if index < len(header) else ""
        if not label:
            if value:
                problems.append(Problem(table, where, number, "", _letter(index), "该列没有表头，内容无法导入"))
            continue
        message = None
        if value.startswith(FORMULA_START[:1]) or value.startswith("＝"):
            message = "单元格是公式或以“=”开头：系统不计算公式，请填写实际内容"
        elif any(unicodedata.category(ch) == "Cc" for ch in value):
            message = "含有不可见的控制字符，请删除后重新导入"
        elif len(value) > limits[label]:
            message = f"“{_shown(value)}”超过{limits[label]}个字"
        if message:
            problems.append(Problem(table, where, number, label, _letter(index), message))
            value = ""
        row[label] = value
    return number, row, problems


# --- checking ----------------------------------------------------------------------------------------------------


class _Row:
    """Collects the problems of one row as they are found."""

    def __init__(self, sheet: _Sheet, number: int, cells: dict[str, str], problems: list[Problem]):
        self.sheet, self.number, self.cells = sheet, number, cells
        self.problems = problems
        self.bad_columns = {p.column for p in problems}

    def get(self, label: str) -> str:
        return self.cells.get(label, "")

    def add(self, column: str, message: str) -> None:
        letter = _letter(self.sheet.header.index(column)) if column in self.sheet.header else ""
        self.problems.append(Problem(self.sheet.table, self.sheet.where, self.number, column, letter, message))

    def required(self, label: str) -> str:
        value = self.get(label)
        if not value and label not in self.bad_columns:
            self.add(label, f"{label}不能为空")
        return value

    def plan(self, key: str, label: str, values: dict) -> RowPlan:
        return RowPlan(self.sheet.table, self.sheet.where, self.number, key, label, values, problems=self.problems)


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日; ValueError otherwise."""
    match = DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    return dt.date(*(int(g) for g in match.groups()))


def _yes_no(value: str) -> bool | None:
    return {"": False, NO: False, YES: True}.get(value)


def _check_units(sheet: _Sheet | None, plan: Plan) -> dict[str, RowPlan]:
    if sheet is None:
        return {}
    by_name: dict[str, RowPlan] = {}
    rows: list[tuple[_Row, RowPlan]] = []
    for number, cells, problems in sheet.rows:
        row = _Row(sheet, number, cells, problems)
        name = row.required("单位名称")
        kind_label = row.required("类型")
        kind = KIND_BY_LABEL.get(kind_label)
        if kind_label and kind is None:
            row.add("类型", f"类型“{kind_label}”应为{'、'.join(UnitKind.labels)}之一")
        credit = row.get("统一社会信用代码")
        if credit:
            try:
                credit = check_credit_code(credit)
            except IdentityError as exc:
                row.add("统一社会信用代码", str(exc))
        values = {
            "name": name,
            "short_name": row.get("简称"),
            "kind": kind,
            "parent": row.get("上级单位"),
            "field": row.get("执法领域"),
            "credit_code": credit,
            "address": row.get("地址"),
        }
        if values["parent"] and values["parent"] == name:
            row.add("上级单位", "上级单位不能是本单位")
        row_plan = row.plan(name, name, values)
        if name in by_name:
            row.add("单位名称", f"单位“{name}”与第{by_name[name].row}行重复")
        elif name:
            by_name[name] = row_plan
        rows.append((row, row_plan))
        plan.rows[UNITS].append(row_plan)
    existing = {u.name: u for u in Unit.objects.select_related("parent")}
    for row, row_plan in rows:
        parent = row_plan.values["parent"]
        if parent and parent not in by_name and parent not in existing:
            row.add("上级单位", f"上级单位“{parent}”既不在系统中，也不在本表中")
    # The tree as it would be: a unit must not end up under itself.
    parents = {name: (u.parent.name if u.parent else "") for name, u in existing.items()}
    parents.update({name: p.values["parent"] for name, p in by_name.items()})
    for row, row_plan in rows:
        seen, current = set(), row_plan.key
        while current and current not in seen:
            seen.add(current)
            current = parents.get(current, "")
        if current and current == row_plan.key and row_plan.values["parent"] != row_plan.key:
            row.add("上级单位", "上级单位形成循环（单位不能位于自己的下级单位之下）")
    _spread(
        rows,
        lambda rp: [by_name[rp.values["parent"]]] if rp.values["parent"] in by_name else [],
        "上级单位",
        lambda other: f"上级单位“{other.key}”所在的第{other.row}行有错误",
    )
    for _row, row_plan in rows:
        unit = existing.get(row_plan.key)
        new = row_plan.values
        shown = {
            "简称": new["short_name"],
            "类型": UnitKind(new["kind"]).label if new["kind"] else "",
            "上级单位": new["parent"],
            "执法领域": new["field"],
            "统一社会信用代码": new["credit_code"],
            "地址": new["address"],
        }
        if unit is None:
            row_plan.action = "新增"
            continue
        old = {
            "简称": unit.short_name,
            "类型": unit.get_kind_display(),
            "上级单位": unit.parent.name if unit.parent else "",
            "执法领域": unit.field,
            "统一社会信用代码": unit.credit_code,
            "地址": unit.address,
        }
        row_plan.diffs = [Diff(k, old[k], shown[k]) for k in shown if old[k] != shown[k]]
        row_plan.action = "修改" if row_plan.diffs else "无变化"
    return by_name


def _spread(rows, depends_on, column: str, message) -> None:
    """Mark every row bad that depends (directly or through other rows) on a bad row."""
    changed = True
    while changed:
        changed = False
        for row, row_plan in rows:
            if row_plan.bad:
                continue
            for other in depends_on(row_plan):
                if other.bad:
                    row.add(column, message(other))
                    changed = True
                    break


def _check_officers(sheet: _Sheet | None, plan: Plan, units: dict[str, RowPlan]) -> dict[str, list[RowPlan]]:
    if sheet is None:
        return {}
    existing_units = set(Unit.objects.values_list("name", flat=True))
    groups: dict[str, list[tuple[_Row, RowPlan]]] = {}
    rows = []
    for number, cells, problems in sheet.rows:
        row = _Row(sheet, number, cells, problems)
        name = row.required("姓名")
        username = row.required("登录名")
        if username:
            try:
                User.username_validator(username)
            except ValidationError:
                row.add("登录名", f"登录名“{username}”只能包含字母、数字和 @ . + - _")
        phone = row.get("电话")
        if phone and not (PHONE.fullmatch(phone) and any(ch.isdigit() for ch in phone)):
            row.add("电话", f"电话“{phone}”不是有效的电话号码")
        unit, role_label = row.get("所属单位"), row.get("角色")
        role = ROLE_BY_LABEL.get(role_label)
        if role_label and role is None:
            row.add("角色", f"角色“{role_label}”应为{'、'.join(Role.labels)}之一")
        if unit and not role_label and "角色" not in row.bad_columns:
            row.add("角色", "填写了所属单位的，须填写角色")
        if role_label and not unit and "所属单位" not in row.bad_columns:
            row.add("所属单位", "填写了角色的，须填写所属单位")
        if unit and unit not in units and unit not in existing_units:
            row.add("所属单位", f"所属单位“{unit}”既不在系统中，也不在单位表中")
        acts = _yes_no(row.get("代行机关负责人职责"))
        if acts is None:
            row.add("代行机关负责人职责", "代行机关负责人职责应填“是”“否”或留空")
        designation = row.get("指定文件")
        if acts and not designation and "指定文件" not in row.bad_columns:
            row.add("指定文件", "代行机关负责人职责的，须填写指定文件")
        if acts and not unit:
            row.add("代行机关负责人职责", "代行机关负责人职责须对应所属单位")
        values = {
            "name": name,
            "username": username,
            "phone": phone,
            "legal_qualification_no": row.get("法律职业资格证书编号"),
            "unit": unit,
            "role": role,
            "acts_for_head": bool(acts),
            "designation_ref": designation,
        }
        row_plan = row.plan(username, name, values)
        rows.append((row, row_plan))
        plan.rows[OFFICERS].append(row_plan)
        if not username:
            continue
        group = groups.setdefault(username, [])
        if group:
            first = group[0][1]
            for label, key in (("姓名", "name"), ("电话", "phone"), ("法律职业资格证书编号", "legal_qualification_no")):
                if values[key] != first.values[key]:
                    row.add(label, f"与第{first.row}行（同一登录名）的{label}不一致")
            for _other_row, other in group:
                if unit and (other.values["unit"], other.values["role"]) == (unit, role):
                    row.add("角色", f"与第{other.row}行的所属单位和角色重复")
                    break
        group.append((row, row_plan))
    officers = {
        o.user.username: o
        for o in Officer.objects.select_related("user")
        .prefetch_related("memberships__unit")
        .filter(user__username__in=list(groups))
    }
    accounts = User.objects.filter(username__in=list(set(groups) - set(officers)))
    for username in accounts.values_list("username", flat=True):
        for row, _rp in groups[username][:1]:
            row.add("登录名", f"登录名“{username}”已被系统中的非人员账号使用，请换一个登录名")
    _spread(
        rows,
        lambda rp: [units[rp.values["unit"]]] if rp.values["unit"] in units else [],
        "所属单位",
        lambda other: f"所属单位“{other.key}”所在的单位表第{other.row}行有错误",
    )
    # One person is one set of rows: a bad row makes the person's other rows bad.
    for group in groups.values():
        bad = next((rp for _r, rp in group if rp.bad), None)
        if bad is not None:
            for row, row_plan in group:
                if not row_plan.bad:
                    row.add("登录名", f"同一登录名的第{bad.row}行有错误")
    for username, group in groups.items():
        officer = officers.get(username)
        memberships = {}
        if officer is not None:
            memberships = {(m.unit.name, m.role): m for m in officer.memberships.all()}
        for index, (_row, row_plan) in enumerate(group):
            new = row_plan.values
            diffs: list[Diff] = []
            if index == 0 and officer is not None:
                for label, key in (
                    ("姓名", "name"),
                    ("电话", "phone"),
                    ("法律职业资格证书编号", "legal_qualification_no"),
                ):
                    if getattr(officer, key) != new[key]:
                        diffs.append(Diff(label, getattr(officer, key), new[key]))
            post = f"{new['unit']}·{Role(new['role']).label}" if new["unit"] and new["role"] else ""
            if officer is None:
                row_plan.action = "新增人员" if index == 0 else "新增任职"
                if post:
                    diffs.append(Diff("任职", "", post))
            elif post:
                membership = memberships.get((new["unit"], new["role"]))
                if membership is None:
                    diffs.append(Diff("任职", "", post))
                else:
                    if membership.acts_for_head != new["acts_for_head"]:
                        diffs.append(
                            Diff(
                                "代行机关负责人职责",
                                YES if membership.acts_for_head else NO,
                                YES if new["acts_for_head"] else NO,
                            )
                        )
                    if membership.designation_ref != new["designation_ref"]:
                        diffs.append(Diff("指定文件", membership.designation_ref, new["designation_ref"]))
            if officer is not None:
                new_post = any(d.label == "任职" for d in diffs)
                row_plan.action = ("新增任职" if new_post and len(diffs) == 1 else "修改") if diffs else "无变化"
            row_plan.diffs = diffs
    return {username: [rp for _r, rp in group] for username, group in groups.items()}


def _check_certificates(sheet: _Sheet | None, plan: Plan, officers: dict[str, list[RowPlan]]) -> None:
    if sheet is None:
        return
    seen: dict[str, RowPlan] = {}
    rows = []
    for number, cells, problems in sheet.rows:
        row = _Row(sheet, number, cells, problems)
        number_text = row.required("证号")
        username = row.required("持证人登录名")
        issuing_body = row.required("发证机关")
        dates = {}
        for label in ("有效期自", "有效期至"):
            text = row.required(label)
            if text:
                try:
                    dates[label] = parse_date(text)
                except ValueError:
                    row.add(label, f"{label}“{text}”不是有效的日期（如 2026-01-31）")
        if len(dates) == 2 and dates["有效期至"] < dates["有效期自"]:
            row.add("有效期至", f"有效期至{dates['有效期至']}早于有效期自{dates['有效期自']}")
        status_label = row.get("状态") or CertificateStatus.VALID.label
        status = STATUS_BY_LABEL.get(status_label)
        if status is None:
            row.add("状态", f"状态“{status_label}”应为{'、'.join(CertificateStatus.labels)}之一")
        values = {
            "number": number_text,
            "username": username,
            "holder_name": row.get("持证人姓名"),
            "issuing_body": issuing_body,
            "fields_covered": row.get("执法领域"),
            "valid_from": dates.get("有效期自"),
            "valid_to": dates.get("有效期至"),
            "status": status,
        }
        row_plan = row.plan(number_text, values["holder_name"] or username, values)
        if number_text in seen:
            row.add("证号", f"证号“{number_text}”与第{seen[number_text].row}行重复")
        elif number_text:
            seen[number_text] = row_plan
        rows.append((row, row_plan))
        plan.rows[CERTIFICATES].append(row_plan)
    usernames = {rp.values["username"] for _r, rp in rows} - set(officers)
    known = {o.user.username: o for o in Officer.objects.select_related("user").filter(user__username__in=usernames)}
    certificates = {
        c.number: c for c in Certificate.objects.select_related("officer__user").filter(number__in=list(seen))
    }
    for row, row_plan in rows:
        new = row_plan.values
        username = new["username"]
        if not username:
            continue
        if username in officers:
            holder_name = officers[username][0].values["name"]
        elif username in known:
            holder_name = known[username].name
        else:
            row.add("持证人登录名", f"持证人“{username}”既不在系统中，也不在人员表中")
            continue
        if new["holder_name"] and new["holder_name"] != holder_name:
            row.add("持证人姓名", f"持证人姓名“{new['holder_name']}”与登录名{username}的姓名“{holder_name}”不符")
        current = certificates.get(new["number"])
        if current is not None and current.officer.user.username != username:
            row.add(
                "证号",
                f"证号“{new['number']}”已登记在{current.officer.name}（{current.officer.user.username}）名下",
            )
    _spread(
        rows,
        lambda rp: officers.get(rp.values["username"], [])[:1],
        "持证人登录名",
        lambda other: f"持证人“{other.key}”所在的人员表第{other.row}行有错误",
    )
    for _row, row_plan in rows:
        current = certificates.get(row_plan.key)
        if current is None:
            row_plan.action = "新增"
            continue
        new = row_plan.values
        shown = {
            "发证机关": new["issuing_body"],
            "执法领域": new["fields_covered"],
            "有效期自": str(new["valid_from"] or ""),
            "有效期至": str(new["valid_to"] or ""),
            "状态": CertificateStatus(new["status"]).label if new["status"] else "",
        }
        old = {
            "发证机关": current.issuing_body,
            "执法领域": current.fields_covered,
            "有效期自": str(current.valid_from),
            "有效期至": str(current.valid_to),
            "状态": current.get_status_display(),
        }
        row_plan.diffs = [Diff(k, old[k], shown[k]) for k in shown if old[k] != shown[k]]
        row_plan.action = "修改" if row_plan.diffs else "无变化"


def people_import_plan(*, sources: list[Source]) -> Plan:
    """The dry run: every problem and every change of the files; writes nothing."""
    plan = Plan()
    sheets = _read(sources, plan)
    if not sheets and not plan.file_problems:
        plan.file_problems.append(Problem("", "", None, "", "", "文件中没有单位、人员或执法证数据"))
    units = _check_units(sheets.get(UNITS), plan)
    officers = _check_officers(sheets.get(OFFICERS), plan, units)
    _check_certificates(sheets.get(CERTIFICATES), plan, officers)
    return plan


# --- writing -----------------------------------------------------------------------------------------------------

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 — no 0/O, 1/l/I to misread


def initial_password(user) -> str:
    """A random first password that the password validators accept (it is changed at the first login)."""
    from django.conf import settings

    length = max(12, int(getattr(settings, "PASSWORD_MIN_LENGTH", 10)) + 2)
    for _attempt in range(50):
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password
    raise RuntimeError("no initial password passes the password validators")


def _save(instance, *, actor, reason: str) -> None:
    instance._change_reason = reason
    if actor is not None:
        instance._history_user = actor
    instance.save()


def people_import_apply(
    *, sources: list[Source], actor, good_rows_only: bool = False, expected_digest: str | None = None
) -> tuple[Plan, ImportResult]:
    """Import the files: every row when all are valid, or with ``good_rows_only`` exactly the good rows, in one
    transaction. The plan is made again here; ``expected_digest`` (the dry run the administrator saw) must match
    it, else nothing is written (the data or the files changed in between). Raises ImportRefused."""
    try:
        return _apply(sources=sources, actor=actor, good_rows_only=good_rows_only, expected_digest=expected_digest)
    except IntegrityError:
        # Another import (or an edit in 系统管理) wrote the same 单位名称, 登录名 or 证号 meanwhile: all rolled back.
        raise ImportRefused(["导入期间系统中的数据被同时修改，未导入任何数据，请重新试导入"]) from None


@transaction.atomic
def _apply(*, sources, actor, good_rows_only, expected_digest) -> tuple[Plan, ImportResult]:
    plan = people_import_plan(sources=sources)
    if expected_digest is not None and plan.digest() != expected_digest:
        raise ImportRefused(["系统中的数据在试导入后发生了变化，请重新核对试导入结果后再确认导入"])
    if not plan.readable:
        raise ImportRefused([p.message for p in plan.file_problems])
    if not plan.valid and not good_rows_only:
        raise ImportRefused(
            [f"文件有{len(plan.problems)}处错误，未导入任何数据；可改正后重新上传，或选择只导入无错误的行"]
        )
    first = ", ".join(s.name for s in sources)
    reason = f"{REASON}（{first}）"[:100]
    created = dict.fromkeys(TABLE_ORDER, 0)
    updated = dict.fromkeys(TABLE_ORDER, 0)
    passwords: list[tuple[str, str, str]] = []

    good_units = [r for r in plan.rows[UNITS] if not r.bad and r.changes]
    units = {u.name: u for u in Unit.objects.all()}
    pending = list(good_units)
    while pending:  # parents first
        waiting = {p.key for p in pending}
        ready = [r for r in pending if r.values["parent"] not in waiting]
        if not ready:  # a cycle: reported as a problem by the plan, so never reached
            raise ImportRefused(["上级单位形成循环"])
        for row in ready:
            new = row.values
            unit = units.get(row.key) or Unit(name=row.key)
            is_new = unit.pk is None
            unit.short_name, unit.kind, unit.field = new["short_name"], new["kind"], new["field"]
            unit.credit_code, unit.address = new["credit_code"], new["address"]
            unit.parent = units[new["parent"]] if new["parent"] else None
            _save(unit, actor=actor, reason=reason)
            units[unit.name] = unit
            (created if is_new else updated)[UNITS] += 1
        pending = [r for r in pending if r not in ready]

    rows_by_user: dict[str, list[RowPlan]] = {}
    for row in plan.rows[OFFICERS]:
        rows_by_user.setdefault(row.key, []).append(row)
    for username, rows in rows_by_user.items():
        if any(r.bad for r in rows) or not any(r.changes for r in rows):
            continue
        new = rows[0].values
        officer = Officer.objects.select_related("user").filter(user__username=username).first()
        if officer is None:
            user = User(username=username)
            user.set_unusable_password()
            user.save()
            officer = Officer(user=user)
            created[OFFICERS] += 1
            password = True
        else:
            updated[OFFICERS] += 1
            password = False
        officer.name, officer.phone = new["name"], new["phone"]
        officer.legal_qualification_no = new["legal_qualification_no"]
        _save(officer, actor=actor, reason=reason)
        if password:
            text = initial_password(officer.user)
            officer.user.set_password(text)
            officer.user.save(update_fields=["password"])
            password_change_require(user=officer.user, by=actor)
            passwords.append((username, officer.name, text))
        for row in rows:
            post = row.values
            if not post["unit"] or not any(d.label in ("任职", "代行机关负责人职责", "指定文件") for d in row.diffs):
                continue
            membership = membership_add(
                officer=officer,
                unit=units[post["unit"]],
                role=post["role"],
                acts_for_head=post["acts_for_head"],
                designation_ref=post["designation_ref"],
            )
            update_change_reason(membership, reason)

    officers = {o.user.username: o for o in Officer.objects.select_related("user")}
    existing = {c.number: c for c in Certificate.objects.all()}
    for row in plan.rows[CERTIFICATES]:
        if row.bad or not row.changes:
            continue
        new = row.values
        certificate = existing.get(row.key) or Certificate(number=row.key, officer=officers[new["username"]])
        is_new = certificate.pk is None
        certificate.issuing_body, certificate.fields_covered = new["issuing_body"], new["fields_covered"]
        certificate.valid_from, certificate.valid_to, certificate.status = (
            new["valid_from"],
            new["valid_to"],
            new["status"],
        )
        _save(certificate, actor=actor, reason=reason)
        (created if is_new else updated)[CERTIFICATES] += 1

    skipped = sum(r.bad for r in plan.all_rows())
    return plan, ImportResult(created, updated, skipped, passwords)


# --- export ------------------------------------------------------------------------------------------------------


def export_tables() -> dict[str, list[list]]:
    """The current units, people and certificates in the import layout (header first)."""
    units = list(Unit.objects.select_related("parent"))
    depth = {}

    def level(unit: Unit) -> int:
        if unit.pk not in depth:
            depth[unit.pk] = 0 if unit.parent is None else level(unit.parent) + 1
        return depth[unit.pk]

    unit_rows = [
        [
            u.name,
            u.short_name,
            u.get_kind_display(),
            u.parent.name if u.parent else "",
            u.field,
            u.credit_code,
            u.address,
        ]
        for u in sorted(units, key=lambda u: (level(u), u.name))
    ]
    officer_rows = []
    officers = Officer.objects.select_related("user").prefetch_related("memberships__unit").order_by("user__username")
    for officer in officers:
        person = [officer.name, officer.user.username, officer.phone]
        posts = sorted(officer.memberships.all(), key=lambda m: (m.unit.name, m.role))
        for m in posts or [None]:
            officer_rows.append(
                person
                + [m.unit.name if m else "", m.get_role_display() if m else "", officer.legal_qualification_no]
                + [(YES if m.acts_for_head else NO) if m else "", m.designation_ref if m else ""]
            )
    certificate_rows = [
        [
            c.number,
            c.officer.user.username,
            c.officer.name,
            c.issuing_body,
            c.fields_covered,
            c.valid_from,
            c.valid_to,
            c.get_status_display(),
        ]
        for c in Certificate.objects.select_related("officer__user").order_by("officer__user__username", "number")
    ]
    return {
        UNITS: [HEADERS[UNITS], *unit_rows],
        OFFICERS: [HEADERS[OFFICERS], *officer_rows],
        CERTIFICATES: [HEADERS[CERTIFICATES], *certificate_rows],
    }


def export_xlsx(tables: dict[str, list[list]] | None = None) -> bytes:
    import io

    from openpyxl import Workbook

    tables = tables if tables is not None else export_tables()
    book = Workbook()
    book.remove(book.active)
    for name in TABLE_ORDER:
        sheet = book.create_sheet(name)
        for row in tables[name]:
            xlsx_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_csv(table: str, tables: dict[str, list[list]] | None = None) -> bytes:
    tables = tables if tables is not None else export_tables()
    return csv_bytes(tables[table])
