"""Files for the people import tests: CSV text in any encoding, workbooks with the three sheets."""

from __future__ import annotations

import csv
import io

from casemgmt.org.imports import CERTIFICATES, HEADERS, OFFICERS, UNITS, Source

UNIT_HEADER = HEADERS[UNITS]
OFFICER_HEADER = HEADERS[OFFICERS]
CERT_HEADER = HEADERS[CERTIFICATES]


def csv_source(name: str, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> Source:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return Source(name, out.getvalue().encode(encoding))


def xlsx_source(name: str, sheets: dict[str, list[list]]) -> Source:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return Source(name, out.getvalue())


def unit_row(name, kind="综合行政执法大队", parent="城关镇人民政府", *, short="", field="", credit="", address=""):
    return [name, short, kind, parent, field, credit, address]


def officer_row(name, username, unit="城关镇综合行政执法大队", role="执法人员", *, phone="", qual="", acts="", ref=""):
    return [name, username, phone, unit, role, qual, acts, ref]


def cert_row(number, username, *, holder="", body="示范县人民政府", fields="综合行政执法", start="2025-01-01",
             end="2030-12-31", status="有效"):  # fmt: skip
    return [number, username, holder, body, fields, start, end, status]


def units_csv(*rows, encoding="utf-8"):
    return csv_source("units.csv", UNIT_HEADER, list(rows), encoding=encoding)


def officers_csv(*rows, encoding="utf-8"):
    return csv_source("officers.csv", OFFICER_HEADER, list(rows), encoding=encoding)


def certs_csv(*rows, encoding="utf-8"):
    return csv_source("certificates.csv", CERT_HEADER, list(rows), encoding=encoding)


def messages(plan) -> list[tuple[str, int | None, str, str]]:
    return [(p.table, p.row, p.column, p.message) for p in plan.problems]
