"""CSV/xlsx through files.tabular (formula escaping, BOM), JSON; export → parse back → validate → same records."""

import io

import pytest
from openpyxl import load_workbook

from casemgmt.cases import models as m
from casemgmt.disclosure import fields as f
from casemgmt.disclosure import formats
from tests.disclosure.conftest import decided_case, publish, withdraw
from tests.disclosure.support import TODAY, batch_for

FORMULA = '=HYPERLINK("http://evil","点击")'


def test_csv_starts_with_a_bom_and_escapes_a_formula_like_name(pub):
    case = decided_case(pub)
    m.Party.objects.filter(case=case).update(name=FORMULA)
    records = batch_for(pub.officer.user).records
    data = formats.as_bytes(records, "csv")
    assert data.startswith("\ufeff".encode())
    assert "'" + FORMULA in data.decode("utf-8").replace('""', '"')


def test_xlsx_cells_are_text_never_formulas(pub):
    case = decided_case(pub)
    m.Party.objects.filter(case=case).update(name=FORMULA)
    data = formats.as_bytes(batch_for(pub.officer.user).records, "xlsx")
    sheet = load_workbook(io.BytesIO(data))[formats.SHEET]
    name_cell = sheet.cell(row=2, column=f.COLUMNS.index(f.NAME) + 1)
    assert name_cell.data_type == "s" and name_cell.value == "'" + FORMULA


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_round_trip_gives_the_same_valid_records(pub, fmt):
    decided_case(pub)
    company = decided_case(pub, party_kind=m.PartyKind.ORGANISATION)
    m.Party.objects.filter(case=company).update(legal_representative="王经理")
    withdraw(pub, publish(pub, company))
    records = batch_for(pub.officer.user).records
    assert len(records) == 2 and {r.operation for r in records} == {f.ADD, f.REVOKE}
    assert all(r.valid for r in records)
    parsed = formats.parse(formats.as_bytes(records, fmt), fmt)
    assert parsed == [r.values for r in records]
    assert all(f.validate(values, today=TODAY) == [] for values in parsed)


def test_a_foreign_header_is_refused():
    with pytest.raises(formats.UnreadableExport):
        formats.parse("\ufeff名称,代码\r\n甲,乙\r\n".encode(), "csv")


def test_page_offers_the_three_downloads_with_the_content_types(pub, client):
    decided_case(pub)
    client.force_login(pub.officer.user)
    query = {"from": "2026-01-01", "to": "2026-12-31"}
    page = client.get("/disclosure/", query).content.decode()
    assert (
        "/disclosure/export.csv?" in page and "/disclosure/export.xlsx?" in page and "/disclosure/export.json?" in page
    )
    for fmt, content_type in formats.CONTENT_TYPES.items():
        response = client.get(f"/disclosure/export.{fmt}", query)
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert "attachment" in response["Content-Disposition"]
    assert client.get("/disclosure/export.pdf", query).status_code == 404
    assert client.get("/disclosure/", {"from": "2026-12-31", "to": "2026-01-01"}).status_code == 400
