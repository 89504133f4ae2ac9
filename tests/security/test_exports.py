"""Exports that cannot attack their reader: a text a spreadsheet would run as a formula (= + - @, tab, CR, and the
full-width ＝＋－＠ that Excel/WPS in Chinese locales also run) comes out as text starting with ', in every .xlsx and
CSV export; numbers stay numbers. The archive export holds every visible row, and only those."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from casemgmt.archive import search as archive_search
from casemgmt.archive.backends import get_backend
from casemgmt.discretion import calc
from casemgmt.discretion.imports import benchmarks_import
from casemgmt.discretion.imports import export_csv as benchmarks_csv
from casemgmt.discretion.imports import export_xlsx as benchmarks_xlsx
from casemgmt.discretion.models import Benchmark
from casemgmt.discretion.services import benchmark_create
from casemgmt.evaluation.report import report_xlsx
from casemgmt.evaluation.results import Problem, RoundResults, UnitResult
from casemgmt.powers.io import export_matters
from casemgmt.supervision.export import statistics_xlsx
from casemgmt.supervision.stats import Stat, Statistics
from tests.archive.helpers import entry
from tests.discretion.support import road_matter

pytestmark = pytest.mark.django_db

EVIL = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "＝1+1", "\t=1+1", "＋1", "－1", "＠SUM(A1)"]


def escaped(value: str) -> str:
    return "'" + value


def xlsx_cells(data: bytes, sheet: str | None = None) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for row in (book[sheet] if sheet else book.active).iter_rows() for cell in row]


def assert_text_cell(cells: list, value: str) -> None:
    """``value`` is in the sheet only as a text cell with a leading '."""
    found = [c for c in cells if c.value in (value, escaped(value))]
    assert found, value
    for cell in found:
        assert (cell.data_type, cell.value) == ("s", escaped(value))


def csv_rows(data: bytes | str) -> list[list[str]]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- the archive search export --------------------------------------------------------------------------------------


def index(world, count: int, *, start: int = 900_000, other: bool = False, party=lambda i: f"当事人{i}"):
    unit = world.other_brigade.pk if other else world.brigade.pk
    get_backend().index(
        [
            entry(start + i, units=(unit,), number=f"城关镇立〔2026〕{start + i}号", party=party(i), fine=f"{i}.50")
            for i in range(count)
        ]
    )


def download(persona, name: str, **params) -> bytes:
    client = Client()
    client.force_login(persona.user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_archive_xlsx_export_writes_party_names_as_text_and_fines_as_numbers(world):
    index(world, len(EVIL), party=lambda i: EVIL[i])
    cells = xlsx_cells(download(world.officer, "archive:export"))
    for value in EVIL:
        assert_text_cell(cells, value)
    sheet = load_workbook(io.BytesIO(download(world.officer, "archive:export", sort="fine_amount"))).active
    fines = [row[8] for row in sheet.iter_rows(min_row=2)]
    assert [(c.data_type, c.value) for c in fines] == [("n", i + 0.5) for i in range(len(EVIL))]
    assert sheet.cell(row=2, column=10).is_date


def test_archive_csv_export_escapes_party_names(world):
    index(world, len(EVIL), party=lambda i: EVIL[i])
    rows = csv_rows(download(world.officer, "archive:export_csv", sort="fine_amount"))
    assert rows[0][0] == "案件编号"
    assert [r[2] for r in rows[1:]] == [escaped(v) for v in EVIL]
    assert rows[1][8] == "0.5"


def test_archive_export_has_every_visible_row_past_the_old_cap_of_five_thousand(world):
    index(world, 5_003)
    index(world, 3, start=990_000, other=True)
    rows = csv_rows(download(world.officer, "archive:export_csv"))
    numbers = {r[0] for r in rows[1:]}
    assert len(rows) - 1 == len(numbers) == 5_003
    assert not any("99000" in n for n in numbers)  # the other township's cases never appear


def test_archive_export_streams_in_chunks_without_losing_or_leaking_rows(world, monkeypatch):
    monkeypatch.setattr(archive_search, "EXPORT_CHUNK", 7)
    index(world, 30)
    index(world, 5, start=990_000, other=True)
    sheet = load_workbook(io.BytesIO(download(world.officer, "archive:export", sort="fine_amount"))).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == [f"城关镇立〔2026〕{900_000 + i}号" for i in range(30)]
    outsider = csv_rows(download(world.outsider, "archive:export_csv"))
    assert sorted(r[0] for r in outsider[1:]) == [f"城关镇立〔2026〕{990_000 + i}号" for i in range(5)]


def test_archive_api_export_escapes_too(world):
    from rest_framework.test import APIClient

    index(world, 1, party=lambda i: EVIL[0])
    client = APIClient()
    client.force_authenticate(world.officer.user)
    response = client.get(reverse("api:archive:export_csv"))
    assert response.status_code == 200
    assert csv_rows(b"".join(response.streaming_content))[1][2] == escaped(EVIL[0])


# --- yearly statistics (supervision) -------------------------------------------------------------------------------


def test_statistics_export_writes_unit_and_matter_names_as_text(world):
    stats = Statistics(
        year=2026,
        month=None,
        total=Stat(filed=3, fines_decided=D("1500")),
        by_unit=[(i, name, Stat(filed=i)) for i, name in enumerate(EVIL)],
        by_matter=[(i, name, Stat(decided=1)) for i, name in enumerate(EVIL)],
    )
    data = statistics_xlsx(stats)
    for sheet in ("按单位按月", "按执法事项"):
        cells = xlsx_cells(data, sheet)
        for value in EVIL:
            assert_text_cell(cells, value)
    total = [r for r in load_workbook(io.BytesIO(data))["按单位按月"].iter_rows() if r[0].value == "合计"][0]
    assert (total[2].data_type, total[2].value, total[6].data_type, total[6].value) == ("n", 3, "n", 1500)


# --- evaluation report ---------------------------------------------------------------------------------------------


def test_evaluation_report_writes_names_and_comments_as_text_and_negative_differences_as_numbers():
    unit = UnitResult(
        unit_id=1, name=EVIL[0], files=1, mean=D("80"), self_mean=D("90"), grades={"合格": 1}, rank=1, band=EVIL[1]
    )
    file = {
        "id": 1, "archive_number": EVIL[2], "case_number": EVIL[3], "unit": EVIL[0], "evaluator": EVIL[4],
        "self_score": D("90"), "total": D("80"), "grade": "合格", "vetoed": False, "difference": D("-10"),
    }  # fmt: skip
    problem = Problem(group="实体", item="3", title=EVIL[5], files=1, points_lost=D("2"), comments=[EVIL[6], EVIL[7]])
    results = RoundResults(round=None, files=[file], units=[unit], problems={"实体": [problem]})
    data = report_xlsx(results)
    cells = [c for sheet in ("单位排名", "案卷得分", "典型问题") for c in xlsx_cells(data, sheet)]
    for value in EVIL[:6]:
        assert_text_cell(cells, value)
    assert "'＋1；－1" in [c.value for c in cells]  # the joined comments start with a formula sign: escaped whole
    ranking = list(load_workbook(io.BytesIO(data))["单位排名"].iter_rows(min_row=2))[0]
    assert (ranking[5].data_type, ranking[5].value) == ("n", -10)


# --- discretion benchmarks -----------------------------------------------------------------------------------------


def evil_benchmark():
    matter = road_matter(name=EVIL[0])
    return benchmark_create(
        matter=matter,
        version="2025版",
        mode=calc.Mode.BANDS,
        effective_from=dt.date(2025, 1, 1),
        source=EVIL[1],
        tiers=[
            calc.TierSpec(calc.Level.LENIENT, EVIL[2], D("200"), D("2000")),
            calc.TierSpec(calc.Level.ORDINARY, EVIL[3], D("2000"), D("10000")),
            calc.TierSpec(calc.Level.HEAVIER, EVIL[4], D("10000"), D("20000")),
        ],
    )


def test_discretion_export_escapes_in_xlsx_and_csv_and_imports_back_unchanged():
    evil_benchmark()
    cells = xlsx_cells(benchmarks_xlsx())
    for value in EVIL[:5]:
        assert_text_cell(cells, value)
    rows = csv_rows(benchmarks_csv())
    assert {escaped(v) for v in EVIL[:5]} <= {cell for row in rows for cell in row}
    for exported, name in ((benchmarks_csv(), "x.csv"), (benchmarks_xlsx(), "x.xlsx")):
        Benchmark.objects.all().delete()
        benchmarks_import(data=exported, filename=name)
        b = Benchmark.objects.get()
        assert b.source == EVIL[1]
        assert sorted(b.tiers.values_list("conditions", flat=True)) == sorted(EVIL[2:5])


# --- matter catalogue (powers) ------------------------------------------------------------------------------------


def test_powers_export_escapes_matter_names():
    for i, value in enumerate(EVIL):
        road_matter(code=f"E-{i}", name=value, penalty_clause=EVIL[0])
    cells = xlsx_cells(export_matters("xlsx"))
    for value in EVIL:
        assert_text_cell(cells, value)
    rows = csv_rows(export_matters("csv"))
    assert [r[1] for r in rows[1:]] == [escaped(v) for v in EVIL]
    assert {r[5] for r in rows[1:]} == {escaped(EVIL[0])}


def test_every_spreadsheet_or_csv_writer_goes_through_the_escaping_helper():
    """A new export that builds a workbook or a CSV writer without ``casemgmt.files.tabular`` fails here."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = [
        path
        for top in ("casemgmt", "documents", "workflows")
        for path in (root / top).rglob("*.py")
        if "samples" not in path.parts and path.name != "tabular.py"
        and any(w in path.read_text(encoding="utf-8") for w in ("Workbook(", "csv.writer(", "DictWriter("))
    ]  # fmt: skip
    assert writers, "the exports were not found"
    assert [str(p.relative_to(root)) for p in writers if "casemgmt.files.tabular" not in p.read_text("utf-8")] == []
