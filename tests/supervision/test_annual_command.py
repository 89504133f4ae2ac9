"""manage.py annual_statistics --year --unit --format --output."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from casemgmt.supervision.annual_export import SUMMARY_SHEET
from tests import builders as b
from tests.supervision.annual_world import travel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with travel(2026, 7, 2, 10):
        yield


def test_the_command_writes_the_county_xlsx(world, tmp_path):
    b.filed(world)
    out = tmp_path / "county.xlsx"

    call_command("annual_statistics", year="2026", output=str(out))

    summary = load_workbook(BytesIO(out.read_bytes()))[SUMMARY_SHEET]
    assert summary["A2"].value == "填报单位：全县"
    assert summary["B9"].value == "城关镇人民政府" and summary["C9"].value == 1


def test_the_command_writes_one_unit_as_json_by_name_or_id(world, tmp_path):
    b.filed(world)
    for unit in ("城关镇人民政府", str(world.township.pk)):
        out = tmp_path / "unit.json"
        call_command("annual_statistics", year="2026", unit=unit, format="json", output=str(out))
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["scope"] == "unit" and data["units"][0]["figures"]["cases_filed"] == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": "1999"}, "统计年度须在2000年至2026年之间"),
        ({"year": "2026", "unit": "城关镇综合行政执法大队"}, "执法主体不存在"),
    ],
)
def test_the_command_refuses_bad_options(world, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("annual_statistics", output=str(tmp_path / "x.xlsx"), **options)
    assert not (tmp_path / "x.xlsx").exists()
