"""Export of a result list as .xlsx or CSV, from the same visible set as the hits, every row of it.

Both stream: the CSV is written line by line into the response; the .xlsx is written by openpyxl's write-only
mode into a temporary file that is then streamed. The rows are read a chunk at a time (``export_docs``), so
memory stays flat whatever the number of cases. Text cells are escaped against formulas (files.tabular).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from casemgmt.cases.models import CaseStatus, ProcedureType
from casemgmt.files.tabular import csv_lines, xlsx_append
from casemgmt.org.models import Unit

from .models import Outcome, SearchDoc

COLUMNS = [
    ("案件编号", 28),
    ("案由", 30),
    ("当事人", 24),
    ("执法主体", 24),
    ("承办单位", 24),
    ("程序", 10),
    ("状态", 10),
    ("处理结果", 10),
    ("罚款金额（元）", 14),
    ("立案日期", 12),
    ("决定日期", 12),
    ("结案日期", 12),
    ("归档日期", 12),
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_rows(docs: Iterable[SearchDoc]) -> Iterator[list]:
    """The header, then one row per case of ``docs`` (already limited to the user's visible set)."""
    yield [name for name, _ in COLUMNS]
    procedures, statuses, outcomes = dict(ProcedureType.choices), dict(CaseStatus.choices), dict(Outcome.choices)
    units: dict[int, str] = {}
    for d in docs:
        missing = {d.subject_id, d.handling_unit_id} - units.keys()
        if missing:  # a few units for the whole export: looked up as they first appear
            units.update({pk: "" for pk in missing})
            units.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
        yield [
            d.number,
            d.cause,
            d.party_names,
            units[d.subject_id],
            units[d.handling_unit_id],
            procedures.get(d.procedure, d.procedure),
            statuses.get(d.status, d.status),
            outcomes.get(d.outcome, d.outcome),
            float(d.fine_amount),
            d.filed_on,
            d.decided_on,
            d.closed_on,
            d.archived_on,
        ]


def export_csv(docs: Iterable[SearchDoc]) -> Iterator[str]:
    """The CSV text, line by line (for a StreamingHttpResponse)."""
    return csv_lines(export_rows(docs))


def export_xlsx(docs: Iterable[SearchDoc]):
    """The .xlsx in a temporary file (deleted when closed), positioned at its start."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("检索结果")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for row in export_rows(docs):
        xlsx_append(sheet, row)
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    book.save(out)
    out.seek(0)
    return out
