"""The records as files for the credit platform — CSV (UTF-8 with BOM) and .xlsx through ``files.tabular`` (text
cells escaped against formulas), and JSON — and read back (round trip: export → parse → validate)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from casemgmt.files.tabular import csv_lines, decode_csv, plain_value, xlsx_append

from . import fields as f
from .records import DisclosureRecord

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_TYPE,
    "json": "application/json; charset=utf-8",
}
SHEET = "行政处罚信息"
JSON_KIND = "行政处罚信息（双公示）"
WIDTHS = {f.FACTS: 40, f.BASIS: 30, f.PENALTY_CONTENT: 30, f.NAME: 24, f.AUTHORITY: 24, f.SOURCE: 24, f.REMARK: 30}


def rows(records: Iterable[DisclosureRecord]) -> Iterator[list[str]]:
    yield list(f.COLUMNS)
    for record in records:
        yield record.row()


def csv_stream(records: Iterable[DisclosureRecord]) -> Iterator[str]:
    return csv_lines(rows(records))


def xlsx_file(records: Iterable[DisclosureRecord]):
    """The .xlsx in a temporary file (deleted when closed), positioned at its start; written in write-only mode."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    for index, column in enumerate(f.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 16)
    sheet.freeze_panes = "A2"
    for row in rows(records):
        xlsx_append(sheet, row)
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the caller (or the response) closes it
    book.save(out)
    out.seek(0)
    return out


def json_stream(records: Iterable[DisclosureRecord]) -> Iterator[str]:
    """``{"数据类别": …, "字段": [...], "记录": [{字段: 值}, …]}`` one record per chunk."""
    yield "{" + f'"数据类别": {json.dumps(JSON_KIND, ensure_ascii=False)}, '
    yield f'"字段": {json.dumps(list(f.COLUMNS), ensure_ascii=False)}, "记录": ['
    for n, record in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(record.values, ensure_ascii=False)
    yield "\n]}\n"


def as_bytes(records: list[DisclosureRecord], fmt: str) -> bytes:
    if fmt == "csv":
        return "".join(csv_stream(records)).encode("utf-8")
    if fmt == "json":
        return "".join(json_stream(records)).encode("utf-8")
    with xlsx_file(records) as fh:
        return fh.read()


# --- reading back -------------------------------------------------------------------------------------------------


class UnreadableExport(ValueError):
    pass


def _records(header: list[str], body: Iterable[list]) -> list[dict[str, str]]:
    if list(header) != list(f.COLUMNS):
        raise UnreadableExport("表头与行政处罚信息字段不一致")
    return [{c: plain_value("" if v is None else str(v)) for c, v in zip(f.COLUMNS, row, strict=True)} for row in body]


def parse(data: bytes, fmt: str) -> list[dict[str, str]]:
    """The records of an exported file as ``{column: value}`` (formula escaping undone)."""
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(decode_csv(data))))
        return _records(table[0], table[1:]) if table else []
    if fmt == "json":
        doc = json.loads(data.decode("utf-8"))
        return [{c: str(r.get(c, "")) for c in f.COLUMNS} for r in doc["记录"]]
    book = load_workbook(io.BytesIO(data), read_only=True)
    table = [list(r) for r in book[SHEET].iter_rows(values_only=True)]
    return _records(table[0], table[1:]) if table else []
