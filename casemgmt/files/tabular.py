"""Spreadsheet and CSV files exchanged with people: what goes out cannot attack its reader, what comes in is read
in the encodings Chinese offices save.

Out: a text cell that a spreadsheet would run as a formula — starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, or the full-width ``＝＋－＠`` that Excel and WPS in Chinese locales also take for a formula — is
written as text with a leading ``'`` (OWASP, CSV injection). Numbers and dates stay numbers and dates; a "-5"
that came from user text is text and is escaped. In .xlsx every text cell is typed as text (openpyxl would
otherwise store any string starting with ``=`` as a formula).

In: CSV bytes are strict UTF-8 (with or without BOM) or else GB18030 (Excel in China saves CSV as GB18030/GBK);
anything else is refused with a Chinese message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
MAX_COLUMNS = 200  # columns read of an uploaded sheet: a table of ours has a few dozen at most


def safe_value(value):
    """``value`` as it may go into a spreadsheet or CSV cell: a formula-like text gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_value(v) for v in values]


def plain_value(text: str) -> str:
    """An imported cell as it was before ``safe_value`` (exported files import back unchanged)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


# --- CSV ---------------------------------------------------------------------------------------------------------


class _Line:
    """A file-like object whose ``write`` hands the line back (csv.writer writing into a stream)."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text of ``rows`` line by line, escaped, after a BOM (so Excel opens UTF-8 correctly): for a
    StreamingHttpResponse or ``csv_bytes``."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    return "".join(csv_lines(rows)).encode("utf-8")


# --- xlsx --------------------------------------------------------------------------------------------------------


def xlsx_row(sheet, values: Iterable) -> list:
    """``values`` ready for ``sheet.append`` (normal or write-only sheet): text escaped and typed as text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

    out = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", safe_value(value)))
            cell.data_type = "s"  # never a formula, nor an error code such as "#N/A"
            value = cell
        out.append(value)
    return out


def xlsx_append(sheet, values: Iterable) -> None:
    sheet.append(xlsx_row(sheet, values))


# --- reading -----------------------------------------------------------------------------------------------------


class UndecodableCSV(ValueError):
    """The bytes are neither UTF-8 nor GB18030; the message is shown to the user."""

    def __init__(self):
        super().__init__("CSV文件编码无法识别：请另存为UTF-8或GB18030（GBK）编码的CSV文件后重新导入")


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV: strict UTF-8 (a BOM is dropped) first, then GB18030; else UndecodableCSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UndecodableCSV from None


# --- tables of an uploaded file ----------------------------------------------------------------------------------


class UnreadableTable(ValueError):
    """The upload cannot be read as a table (wrong type, damaged, wrong encoding, too large); the message is
    Chinese and shown to the user."""


@dataclass
class Table:
    """One sheet of an .xlsx file (``name`` is the sheet's) or a whole CSV file (``name`` is empty)."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the reader sees it, header = 1; cells as text); no blank rows


def cell_text(value) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without ".0", an exported ``'=…`` back to ``=…``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return plain_value(str(value).strip())


def read_tables(
    data: bytes, filename: str, *, all_sheets: bool = False, max_rows: int | None = None, keep_formulas: bool = False
) -> list[Table]:
    """The tables of a .csv (UTF-8 with or without BOM, or GB18030) or .xlsx file: its first sheet, or every
    sheet with ``all_sheets``. More than ``max_rows`` data rows in all is refused while reading (a huge file is
    not read whole). With ``keep_formulas`` a formula cell reads as its formula (``=SUM(…)``) instead of the value
    last cached by the spreadsheet, so that the caller can refuse it. Raises :class:`UnreadableTable`."""
    name = filename.lower()
    counted = 0

    def count(rows_so_far: int) -> None:
        if max_rows is not None and counted + rows_so_far > max_rows:
            raise UnreadableTable(f"文件数据行超过{max_rows}行的上限，请分批导入")

    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=not keep_formulas)
            sheets = book.worksheets if all_sheets else book.worksheets[:1]
            tables = []
            for sheet in sheets:
                rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
                header = [cell_text(c) for c in next(rows, ())]
                while header and not header[-1]:
                    header.pop()
                out = []
                for number, values in enumerate(rows, start=2):
                    cells = [cell_text(v) for v in values]
                    if any(cells):
                        count(len(out) + 1)
                        out.append((number, cells))
                counted += len(out)
                tables.append(Table(sheet.title, header, out))
            book.close()
        except UnreadableTable:
            raise
        except Exception:  # noqa: BLE001 — openpyxl raises many types for a damaged or foreign file
            raise UnreadableTable("文件不是有效的 Excel (.xlsx) 文件，无法读取") from None
        return tables
    if name.endswith(".csv"):
        try:
            text = decode_csv(data)
        except UndecodableCSV as exc:
            raise UnreadableTable(str(exc)) from None
        try:
            reader = csv.reader(io.StringIO(text))
            header = [h.strip() for h in next(reader, [])]
            out = []
            for number, values in enumerate(reader, start=2):
                cells = [plain_value(v.strip()) for v in values[:MAX_COLUMNS]]
                if any(cells):
                    count(len(out) + 1)
                    out.append((number, cells))
        except csv.Error:
            raise UnreadableTable("CSV文件格式有误（引号不成对或单元格过大），无法读取") from None
        return [Table("", header, out)]
    raise UnreadableTable("只能导入 .xlsx 或 .csv 文件")
