"""Import/export of matters and power grants: row-by-row validation, every bad row reported, nothing imported
unless all rows are valid; the shipped sample power list imports cleanly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casemgmt.org.models import UnitKind
from casemgmt.powers import io as pio
from casemgmt.powers.models import Law, LawVersion, Matter, PowerGrant
from tests.factories import UnitFactory

SAMPLES = Path(pio.__file__).resolve().parent / "samples"
HEADER = ",".join(pio.MATTER_COLUMNS)


def csv_bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def matter_line(code: str, *, low="0", high="2000", dept="示范县城市管理局", kind="固定金额幅度") -> str:
    return f"{code},事项{code},城市管理,{dept},第一条,第二条,《测试条例》,2020年,2020-01-01,警告、罚款,{kind},{low},{high},,,"


@pytest.fixture
def units(world):
    for name in ("示范县自然资源局", "示范县生态环境局", "示范县农业农村局", "示范县卫生健康局", "示范县应急管理局",
                 "示范县市场监督管理局"):  # fmt: skip
        UnitFactory(name=name, kind=UnitKind.COUNTY_DEPARTMENT, parent=world.county)
    for name in ("东坝镇人民政府", "青山乡人民政府", "南湖镇人民政府"):
        UnitFactory(name=name, kind=UnitKind.TOWNSHIP, parent=world.county)
    return world


def test_sample_power_list_imports_cleanly(units):
    report = pio.import_matters((SAMPLES / "matters.csv").read_bytes(), "matters.csv")
    assert report.created == Matter.objects.count() >= 90
    assert len(set(Matter.objects.values_list("field", flat=True))) == 7
    report = pio.import_grants((SAMPLES / "grants.csv").read_bytes(), "grants.csv")
    assert report.created == PowerGrant.objects.count() == 5 * Matter.objects.count()
    assert PowerGrant.objects.filter(transition_until__isnull=False).count() == 15
    assert PowerGrant.history.count() == PowerGrant.objects.count()  # imported with history (全过程记录)


def test_every_bad_row_is_reported_and_nothing_is_imported(world):
    data = csv_bytes(
        [
            HEADER,
            matter_line("A-1"),
            matter_line("A-2", low="3000"),  # row 3: range inverted
            matter_line("A-3", dept="不存在局"),  # row 4
            matter_line("A-1"),  # row 5: duplicate code
            "A-5,,城市管理,,第一条,第二条,,,,没收房屋,固定金额幅度,abc,1,,,",  # row 6
        ]
    )
    with pytest.raises(pio.ImportRejected) as caught:
        pio.import_matters(data, "m.csv")
    assert caught.value.errors == [
        "第3行：罚款下限大于上限",
        "第4行：原实施部门“不存在局”不存在",
        "第5行：事项编码“A-1”与第2行重复",
        "第6行：事项名称不能为空；处罚种类“没收房屋”不是行政处罚法第九条规定的种类；罚款下限“abc”不是数字",
    ]
    assert not Matter.objects.exists() and not Law.objects.exists()


def test_one_bad_row_among_5000_rejects_the_whole_file(world):
    lines = [HEADER] + [matter_line(f"M{i:05d}") for i in range(5000)]
    lines[3001] = matter_line("M03000", high="abc")
    with pytest.raises(pio.ImportRejected) as caught:
        pio.import_matters(csv_bytes(lines), "big.csv")
    assert caught.value.errors == ["第3002行：罚款上限“abc”不是数字"]
    assert Matter.objects.count() == 0 and LawVersion.objects.count() == 0


def test_5000_valid_rows_import_in_one_go(world):
    lines = [HEADER] + [matter_line(f"M{i:05d}") for i in range(5000)]
    report = pio.import_matters(csv_bytes(lines), "big.csv")
    assert (report.created, Matter.objects.count(), LawVersion.objects.count()) == (5000, 5000, 1)


def test_xlsx_round_trip_updates_by_code(world):
    pio.import_matters(csv_bytes([HEADER, matter_line("X-1"), matter_line("X-2")]), "m.csv")
    data = pio.export_matters("xlsx")
    Matter.objects.filter(code="X-1").update(name="改过的名称")
    report = pio.import_matters(data, "m.xlsx")
    assert (report.created, report.updated) == (0, 2)
    assert Matter.objects.get(code="X-1").name == "事项X-1"


def test_overlapping_grants_in_the_file_or_with_the_database_are_bad_rows(world):
    pio.import_matters(csv_bytes([HEADER, matter_line("G-1")]), "m.csv")
    header = ",".join(pio.GRANT_COLUMNS)
    ok = "G-1,城关镇人民政府,赋权,示政〔2026〕1号,2025-12-01,2026-01-01,2026-06-30,,"
    pio.import_grants(csv_bytes([header, ok]), "g.csv")
    data = csv_bytes(
        [
            header,
            "G-1,河西镇人民政府,委托,示政〔2026〕2号,2025-12-01,2026-01-01,,,",
            "G-1,河西镇人民政府,赋权,示政〔2026〕3号,2026-02-01,2026-03-01,,,",  # row 3: overlaps row 2
            "G-1,城关镇人民政府,赋权,示政〔2026〕4号,2026-06-01,2026-06-30,,,",  # row 4: overlaps the database
            "G-1,城关镇综合行政执法大队,转让,,2026-01-01,2026-13-01,,2026-02-01,",  # row 5
        ]
    )
    with pytest.raises(pio.ImportRejected) as caught:
        pio.import_grants(data, "g.csv")
    assert caught.value.errors[0] == "第3行：与第2行的赋权期间重叠"
    assert caught.value.errors[1].startswith("第4行：与已有赋权（示政〔2026〕1号")
    assert caught.value.errors[2] == (
        "第5行：承接乡镇“城关镇综合行政执法大队”不是系统中的乡镇人民政府；方式“转让”应为赋权或委托；决定文号不能为空；"
        "生效日期“2026-13-01”不是有效日期（YYYY-MM-DD）"
    )
    assert PowerGrant.objects.count() == 1


def test_export_grants_csv_reimports_elsewhere(world):
    pio.import_matters(csv_bytes([HEADER, matter_line("E-1")]), "m.csv")
    header = ",".join(pio.GRANT_COLUMNS)
    pio.import_grants(
        csv_bytes(
            [header, "E-1,城关镇人民政府,委托,示政〔2026〕1号,2025-12-01,2026-01-01,,2026-03-31,示范县城市管理局"]
        ),
        "g.csv",
    )
    text = pio.export_grants("csv").decode("utf-8-sig")
    assert (
        text.splitlines()[1]
        == "E-1,城关镇人民政府,委托,示政〔2026〕1号,2025-12-01,2026-01-01,,2026-03-31,示范县城市管理局"
    )
    assert PowerGrant.objects.get().transition_until == dt.date(2026, 3, 31)
