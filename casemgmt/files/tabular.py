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
from collections.abc import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


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
