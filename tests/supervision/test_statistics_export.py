"""The yearly statistics .xlsx, read back with openpyxl: every unit × month, matters, months — equal to a direct
count, limited to what the downloader may see."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casemgmt.supervision.export import METRICS
from casemgmt.supervision.models import SweepTrigger
from casemgmt.supervision.snapshots import sweep_run
from tests.supervision import direct
from tests.supervision.conftest import TODAY

pytestmark = pytest.mark.django_db

KEYS = [
    "filed",
    "closed",
    "average_handling_days",
    "decided",
    "fines_decided",
    "fines_collected",
    "legal_review_rate",
    "hearing_rate",
    "no_penalty_rate",
    "mean_selfcheck_score",
]


def as_cells(expected: dict) -> list:
    """The direct count as the workbook stores it (numbers, empty where there is no denominator)."""
    return [None if expected[k] is None else float(Decimal(str(expected[k]))) for k in KEYS]


def test_workbook_holds_every_unit_and_month_equal_to_a_direct_count(world, county, client_for):
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    response = client_for(world.evaluator).get(reverse("dashboard:export"), {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="statistics-2026.xlsx"' in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["按单位按月", "按执法事项", "按月合计", "说明"]
    sheet = book["按单位按月"]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert list(header) == ["执法主体", "月份", *[name for name, _ in METRICS]]
    rows = {(r[0], r[1]): list(r[2:]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    # 2 units × (12 months + the year) + the county total
    assert len(rows) == 2 * 13 + 1
    township = direct.visible_cases(world, world.officer)
    for month in (1, 2, 3, 4, 12):
        expected = direct.statistics(township, year=2026, month=month, today=TODAY)
        assert rows[("城关镇人民政府", f"{month}月")] == as_cells(expected), month
    assert rows[("城关镇人民政府", "全年")] == as_cells(direct.statistics(township, year=2026, today=TODAY))
    everything = direct.statistics(direct.visible_cases(world, world.evaluator), year=2026, today=TODAY)
    assert rows[("合计", "全年")] == as_cells(everything)
    assert rows[("合计", "全年")][0] > 0  # something was counted
    months = {r[0]: list(r[1:]) for r in book["按月合计"].iter_rows(min_row=2, values_only=True)}
    assert months["3月"] == as_cells(
        direct.statistics(direct.visible_cases(world, world.evaluator), year=2026, month=3, today=TODAY)
    )
    matters = [r for r in book["按执法事项"].iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in matters] == ["（未关联执法事项）"]
    assert list(matters[0][1:]) == as_cells(everything)


def test_another_year_exports_only_that_year(world, county, client_for):
    response = client_for(world.officer).get(reverse("dashboard:export"), {"year": "2025"})
    book = load_workbook(BytesIO(response.content))
    rows = {(r[0], r[1]): list(r[2:]) for r in book["按单位按月"].iter_rows(min_row=2, values_only=True)}
    expected = direct.statistics(direct.visible_cases(world, world.officer), year=2025, today=TODAY)
    assert rows[("城关镇人民政府", "全年")] == as_cells(expected)
    assert rows[("城关镇人民政府", "12月")][0] == 1  # the overdue case, filed 2025-12-01
