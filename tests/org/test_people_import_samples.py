"""The sample files of samples/people/ import into the demo county as their README says."""

from __future__ import annotations

from pathlib import Path

import pytest

from casemgmt.org.imports import CERTIFICATES, OFFICERS, UNITS, Source, people_import_plan
from casemgmt.org.models import UnitKind
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "people"


@pytest.fixture
def county(world):
    """The demo county's townships the samples name (the world has the county, 城关镇 and 河西镇)."""
    for town in ("东坝镇", "南湖镇", "青山乡"):
        township = UnitFactory(name=f"{town}人民政府", kind=UnitKind.TOWNSHIP, parent=world.county)
        UnitFactory(name=f"{town}综合行政执法大队", kind=UnitKind.BRIGADE, parent=township)
    return world


def source(name: str) -> Source:
    return Source(name, (SAMPLES / name).read_bytes())


def test_sample_workbook_is_valid(county):
    plan = people_import_plan(sources=[source("people.xlsx")])
    assert plan.problems == []
    assert {t: len(rows) for t, rows in plan.rows.items()} == {UNITS: 3, OFFICERS: 10, CERTIFICATES: 7}


def test_sample_gb18030_csv_files_say_the_same_as_the_workbook(county):
    csvs = people_import_plan(
        sources=[source("units-gb18030.csv"), source("officers-gb18030.csv"), source("certificates-gb18030.csv")]
    )
    assert csvs.problems == []
    workbook = people_import_plan(sources=[source("people.xlsx")])
    assert [(r.table, r.row, r.values) for r in csvs.all_rows()] == [
        (r.table, r.row, r.values) for r in workbook.all_rows()
    ]


def test_sample_with_errors_lists_each_one(county):
    plan = people_import_plan(sources=[source("people-with-errors.xlsx")])
    found = [(p.table, p.row, p.column) for p in plan.problems]
    assert found == EXPECTED
    good = [(r.table, r.row) for r in plan.all_rows() if not r.bad]
    assert good == [(OFFICERS, 6), (CERTIFICATES, 4)]


# One of each kind, as samples/people/README.md lists them.
EXPECTED = [
    (UNITS, 2, "统一社会信用代码"),  # wrong check character
    (UNITS, 3, "类型"),  # 中队 is no unit kind
    (OFFICERS, 2, "所属单位"),  # in the unit of the bad unit row 2
    (OFFICERS, 3, "所属单位"),  # unknown unit
    (OFFICERS, 4, "角色"),  # unknown role
    (OFFICERS, 5, "电话"),  # a formula
    (CERTIFICATES, 2, "有效期自"),  # 30 February
    (CERTIFICATES, 3, "有效期至"),  # before 有效期自
    (CERTIFICATES, 5, "证号"),  # the number of row 4 again
    (CERTIFICATES, 6, "持证人登录名"),  # nobody of that login
    (CERTIFICATES, 7, "持证人登录名"),  # of the person of the bad row 2
    (CERTIFICATES, 8, "状态"),  # unknown status
]
