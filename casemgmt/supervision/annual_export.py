"""The yearly statistics (行政执法数据统计年报) as .xlsx in a fixed layout and as JSON with stable keys.

The .xlsx, for a unit and for the county alike:

- ``汇总表``: rows 1–4 title, 填报单位, 统计年度 (and the as-of instant), 生成时间; row 6 the sections, row 7 the
  figures' names, row 8 their keys; from row 9 one row per enforcement subject (townships, then county departments,
  each by name) and last the 合计 row. Column A 序号, B 执法主体, then one column per figure in ``FIGURES`` order —
  the same columns every year and for every unit, so the county pastes the townships' rows one under the other.
- one sheet per unit (and ``全县合计`` for the county): rows 1–4 as above, row 6 the headers, from row 7 one row per
  figure (section, name, key, value), then the table by 执法领域.
- ``指标说明``: each figure's key, name and definition.

The JSON holds the same figures (money as strings with two decimals, counts as integers); its keys are the
figures' keys (``annual.FIGURES``) and never change meaning: a new figure gets a new key.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from casemgmt.files.tabular import xlsx_append

from .annual import BY_KEY, FIELD_FIGURES, FIGURES, SCHEMA, Annual, UnitTable

SUMMARY_SHEET = "汇总表"
TOTAL_SHEET = "全县合计"
NOTES_SHEET = "指标说明"
SECTION_ROW, LABEL_ROW, KEY_ROW, SUMMARY_FIRST_ROW = 6, 7, 8, 9
SUMMARY_FIRST_FIGURE_COLUMN = 3  # C: A 序号, B 执法主体
UNIT_HEADER_ROW, UNIT_FIRST_ROW = 6, 7
MONEY_FORMAT = "#,##0.00"


def _local(at) -> str:
    return timezone.localtime(at, timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M")


def _money(value) -> str:
    return f"{Decimal(value):.2f}"


def _value(key: str, value):
    return _money(value) if BY_KEY[key].money else int(value)


def title(annual: Annual) -> str:
    return f"{annual.year}年度行政执法数据统计表"


def _heading(sheet, annual: Annual, unit_name: str, width: int) -> None:
    current = timezone.localtime(annual.as_of, timezone.get_default_timezone()).year == annual.year
    as_of = f"截至{_local(annual.as_of)}" if current else f"截至{annual.year}年12月31日24时"
    xlsx_append(sheet, [title(annual)])
    xlsx_append(sheet, [f"填报单位：{unit_name}"])
    xlsx_append(sheet, [f"统计年度：{annual.year}年（{as_of}记录的数据）"])
    xlsx_append(sheet, [f"生成时间：{_local(annual.generated_at)}"])
    xlsx_append(sheet, [])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")


def _sheet_name(index: int, name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", f"{index:02d}{name}")[:31]


def _summary(book, annual: Annual) -> None:
    sheet = book.active
    sheet.title = SUMMARY_SHEET
    width = SUMMARY_FIRST_FIGURE_COLUMN - 1 + len(FIGURES)
    _heading(sheet, annual, annual.scope_name, width)
    xlsx_append(sheet, ["", "", *[f.section for f in FIGURES]])
    xlsx_append(sheet, ["序号", "执法主体", *[f.label for f in FIGURES]])
    xlsx_append(sheet, ["", "", *[f.key for f in FIGURES]])
    for index, table in enumerate(annual.units, start=1):
        xlsx_append(sheet, [index, table.name, *[table.figures[f.key] for f in FIGURES]])
    xlsx_append(sheet, ["", annual.total.name, *[annual.total.figures[f.key] for f in FIGURES]])
    column = SUMMARY_FIRST_FIGURE_COLUMN
    for f in FIGURES:
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = 12
        if f.money:
            for row in range(SUMMARY_FIRST_ROW, SUMMARY_FIRST_ROW + len(annual.units) + 1):
                sheet[f"{letter}{row}"].number_format = MONEY_FORMAT
        sheet[f"{letter}{LABEL_ROW}"].alignment = Alignment(wrap_text=True, vertical="top")
        column += 1
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 28
    sheet.freeze_panes = f"C{SUMMARY_FIRST_ROW}"


def _unit_sheet(book, annual: Annual, table: UnitTable, name: str) -> None:
    sheet = book.create_sheet(name)
    _heading(sheet, annual, table.name if table.unit_id is not None else annual.scope_name, 4)
    xlsx_append(sheet, ["类别", "指标", "代码", "数值"])
    for f in FIGURES:
        xlsx_append(sheet, [f.section, f.label, f.key, table.figures[f.key]])
        if f.money:
            sheet.cell(row=sheet.max_row, column=4).number_format = MONEY_FORMAT
    xlsx_append(sheet, [])
    xlsx_append(sheet, ["按执法领域", *[BY_KEY[key].label for key in FIELD_FIGURES]])
    for field_name in annual.fields:
        xlsx_append(sheet, [field_name, *[table.by_field[field_name][key] for key in FIELD_FIGURES]])
    for letter, width in zip("ABCD", (22, 34, 30, 16), strict=True):
        sheet.column_dimensions[letter].width = width


def _notes(book) -> None:
    sheet = book.create_sheet(NOTES_SHEET)
    xlsx_append(sheet, ["代码", "类别", "指标", "定义"])
    for f in FIGURES:
        xlsx_append(sheet, [f.key, f.section, f.label, f.definition])
    xlsx_append(sheet, [])
    for line in (
        "统计日期：事实本身的日期（立案、决定、缴款、审核、听证、复议诉讼的提起或审结日期）与其记录日期中较晚者；"
        "次年补录的事实计入补录之年，往年报表不因以后的记录而改变。",
        "归属：案件记录该事实时的执法主体；按北京时间划分年度。",
    ):
        xlsx_append(sheet, ["", "", "说明", line])
    for letter, width in zip("ABCD", (30, 18, 30, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def annual_xlsx(annual: Annual) -> bytes:
    book = Workbook()
    book.properties.creator = "casemgmt"
    book.properties.created = book.properties.modified = annual.generated_at.replace(tzinfo=None)
    _summary(book, annual)
    for index, table in enumerate(annual.units, start=1):
        _unit_sheet(book, annual, table, _sheet_name(index, table.name))
    if annual.scope == "county":
        _unit_sheet(book, annual, annual.total, TOTAL_SHEET)
    _notes(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _table_json(table: UnitTable) -> dict:
    return {
        "figures": {f.key: _value(f.key, table.figures[f.key]) for f in FIGURES},
        "by_field": {
            name: {key: _value(key, values[key]) for key in FIELD_FIGURES} for name, values in table.by_field.items()
        },
    }


def annual_data(annual: Annual) -> dict:
    """The JSON document: ``figures`` lists each figure's key, section, name and definition in table order;
    ``units`` one entry per enforcement subject; ``total`` their sum."""
    return {
        "schema": SCHEMA,
        "title": title(annual),
        "year": annual.year,
        "scope": annual.scope,
        "scope_name": annual.scope_name,
        "as_of": annual.as_of.isoformat(),
        "generated_at": timezone.localtime(annual.generated_at, timezone.get_default_timezone()).isoformat(),
        "figures": [
            {"key": f.key, "section": f.section, "label": f.label, "money": f.money, "definition": f.definition}
            for f in FIGURES
        ],
        "fields": annual.fields,
        "units": [{"unit_id": t.unit_id, "name": t.name, **_table_json(t)} for t in annual.units],
        "total": _table_json(annual.total),
    }


def annual_json(annual: Annual) -> bytes:
    return json.dumps(annual_data(annual), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def filename(annual: Annual, extension: str) -> str:
    """An ASCII file name (the Content-Disposition header): the year and the scope's id."""
    scope = "county" if annual.scope == "county" else f"unit{annual.units[0].unit_id}"
    return f"annual-statistics-{annual.year}-{scope}.{extension}"
