"""Export of a result list to .xlsx (openpyxl), from the same visible set as the hits."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from casemgmt.cases.models import CaseStatus, ProcedureType
from casemgmt.org.models import Unit

from .models import Outcome

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


def export_xlsx(docs) -> bytes:
    """One row per case of ``docs`` (SearchDoc rows, already limited to the user's visible set)."""
    docs = list(docs)
    units = dict(
        Unit.objects.filter(pk__in={d.subject_id for d in docs} | {d.handling_unit_id for d in docs}).values_list(
            "pk", "name"
        )
    )
    book = Workbook()
    sheet = book.active
    sheet.title = "检索结果"
    sheet.append([name for name, _ in COLUMNS])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    procedures, statuses, outcomes = dict(ProcedureType.choices), dict(CaseStatus.choices), dict(Outcome.choices)
    for d in docs:
        sheet.append(
            [
                d.number,
                d.cause,
                d.party_names,
                units.get(d.subject_id, ""),
                units.get(d.handling_unit_id, ""),
                procedures.get(d.procedure, d.procedure),
                statuses.get(d.status, d.status),
                outcomes.get(d.outcome, d.outcome),
                float(d.fine_amount),
                d.filed_on,
                d.decided_on,
                d.closed_on,
                d.archived_on,
            ]
        )
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
