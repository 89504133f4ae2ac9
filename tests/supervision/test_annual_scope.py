"""County scope (one table per enforcement subject and their total), the fixed .xlsx layout, and who gets which
figures: a township's people their own subject only, the justice bureau and administrators the county."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from casemgmt.org.models import Role
from casemgmt.supervision.annual import FIGURES, annual_statistics, statistics_units_for
from casemgmt.supervision.annual_export import (
    KEY_ROW,
    LABEL_ROW,
    NOTES_SHEET,
    SECTION_ROW,
    SUMMARY_FIRST_ROW,
    SUMMARY_SHEET,
    TOTAL_SHEET,
    UNIT_FIRST_ROW,
    annual_xlsx,
)
from tests.factories import make_officer
from tests.supervision.annual_world import build, local, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(world):
    return build(world)


def test_the_county_total_is_the_sum_of_its_units(world, county):
    with travel(2026, 7, 2, 10):
        annual = annual_statistics(year=2026, unit=None)

    assert [t.name for t in annual.units] == ["城关镇人民政府", "河西镇人民政府", "示范县城市管理局"]  # townships first
    for f in FIGURES:
        assert annual.total.figures[f.key] == sum(t.figures[f.key] for t in annual.units), f.key
    for name in annual.fields:
        for key, value in annual.total.by_field[name].items():
            assert value == sum(t.by_field[name][key] for t in annual.units)
    assert annual.total.figures["cases_filed"] == 3


def test_the_xlsx_layout_keeps_its_cells(world, county):
    with travel(2026, 7, 2, 10):
        annual = annual_statistics(year=2026, unit=None, generated_at=local(2026, 7, 2, 10))
    book = load_workbook(BytesIO(annual_xlsx(annual)))

    assert book.sheetnames == [
        SUMMARY_SHEET,
        "01城关镇人民政府",
        "02河西镇人民政府",
        "03示范县城市管理局",
        TOTAL_SHEET,
        NOTES_SHEET,
    ]
    summary = book[SUMMARY_SHEET]
    assert summary["A1"].value == "2026年度行政执法数据统计表"
    assert summary["A2"].value == "填报单位：全县"
    assert summary["A3"].value.startswith("统计年度：2026年")
    assert summary["A4"].value == "生成时间：2026-07-02 10:00"
    assert (SECTION_ROW, LABEL_ROW, KEY_ROW, SUMMARY_FIRST_ROW) == (6, 7, 8, 9)
    assert [summary.cell(LABEL_ROW, c).value for c in (1, 2, 3)] == ["序号", "执法主体", "立案数"]
    assert summary.cell(KEY_ROW, 3).value == "cases_filed"
    assert summary.cell(KEY_ROW, 2 + len(FIGURES)).value == FIGURES[-1].key
    assert [summary.cell(r, 2).value for r in range(9, 13)] == [
        "城关镇人民政府",
        "河西镇人民政府",
        "示范县城市管理局",
        "合计",
    ]
    assert [summary.cell(r, 3).value for r in range(9, 13)] == [2, 1, 0, 3]  # 立案数
    fines = 3 + [f.key for f in FIGURES].index("fines_decided")
    assert summary.cell(9, fines).value == 6550
    unit = book["01城关镇人民政府"]
    assert unit["A2"].value == "填报单位：城关镇人民政府"
    assert [unit.cell(UNIT_FIRST_ROW - 1, c).value for c in range(1, 5)] == ["类别", "指标", "代码", "数值"]
    assert [unit.cell(UNIT_FIRST_ROW, c).value for c in range(1, 5)] == ["一、案件办理", "立案数", "cases_filed", 2]
    assert unit.cell(UNIT_FIRST_ROW + len(FIGURES) - 1, 3).value == "reversed"


def test_a_single_unit_xlsx_has_the_same_summary_columns(world, county):
    with travel(2026, 7, 2, 10):
        book = load_workbook(BytesIO(annual_xlsx(annual_statistics(year=2026, unit=world.township))))

    assert book.sheetnames == [SUMMARY_SHEET, "01城关镇人民政府", NOTES_SHEET]
    summary = book[SUMMARY_SHEET]
    assert [summary.cell(r, 2).value for r in (9, 10)] == ["城关镇人民政府", "合计"]
    assert summary.cell(KEY_ROW, 3).value == "cases_filed"


def test_a_township_officer_gets_only_the_township(world):
    assert statistics_units_for(world.officer.user) == [world.township]  # brigade member → its township
    assert statistics_units_for(world.outsider.user) == [world.other_township]
    assert statistics_units_for(world.mayor.user) == [world.township]


def test_the_justice_bureau_and_an_administrator_get_every_subject(world):
    admin = make_officer(world.county, Role.ADMINISTRATOR, name="卫管理", username="wei", certified=False)
    expected = [world.township, world.other_township, world.county_dept]
    assert statistics_units_for(world.evaluator.user) == expected
    assert statistics_units_for(admin.user) == expected


def test_a_county_government_member_without_a_subject_gets_nothing(world):
    person = make_officer(world.county, Role.AGENCY_HEAD, name="褚县长", username="chu", certified=False)
    assert statistics_units_for(person.user) == []
