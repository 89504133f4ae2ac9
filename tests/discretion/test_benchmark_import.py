"""Import/export of benchmarks: every bad row reported with its number, nothing imported unless all rows are valid."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from casemgmt.discretion.imports import COLUMNS, ImportRefused, benchmarks_import, export_csv, export_xlsx
from casemgmt.discretion.models import Benchmark, Circumstance, Tier
from casemgmt.discretion.services import BenchmarkInvalid, fine_calculate
from casemgmt.powers.models import Matter

from .support import road_benchmark, road_matter

SAMPLES = Path(__file__).resolve().parents[2] / "casemgmt" / "discretion" / "samples"


def sample_matters():
    common = {"field": "城市管理", "violated_clause": "（略）", "penalty_types": ["fine"]}
    Matter.objects.create(
        code="SAMPLE-ZJ-001", name="宗教活动场所违反宗教事务管理规定", penalty_clause="《宗教事务条例》罚则",
        range_kind="max_only", max_amount=D("50000"), **common,
    )  # fmt: skip
    Matter.objects.create(
        code="SAMPLE-CG-001", name="擅自占用城市道路从事经营活动", penalty_clause="《城市道路管理条例》第四十二条",
        range_kind="max_only", max_amount=D("20000"), **common,
    )  # fmt: skip
    Matter.objects.create(
        code="SAMPLE-GH-001", name="未取得建设工程规划许可证进行建设", penalty_clause="《城乡规划法》第六十四条",
        range_kind="multiple", base_kind="contract_price", min_multiple=D("0.05"), max_multiple=D("0.10"), **common,
    )  # fmt: skip


def counts():
    return Benchmark.objects.count(), Tier.objects.count(), Circumstance.objects.count()


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([COLUMNS, *rows])
    return out.getvalue().encode("utf-8")


def row(code, version, level, low, high, start="2025-01-01", end="", mode="分档幅度", conditions="条件"):
    values = {
        "事项编码": code,
        "版本": version,
        "施行日期": start,
        "废止日期": end,
        "计算方式": mode,
        "裁量阶次": level,
        "适用条件": conditions,
        "幅度下限": low,
        "幅度上限": high,
    }
    return [values.get(c, "") for c in COLUMNS]


@pytest.mark.parametrize("name", ["township_benchmark.csv", "township_benchmark.xlsx"])
def test_sample_file_imports_and_calculates(db, name):
    sample_matters()
    imported = benchmarks_import(data=(SAMPLES / name).read_bytes(), filename=name)
    assert len(imported) == 3
    dapan = Benchmark.objects.get(matter__code="SAMPLE-ZJ-001")
    assert "大盘镇" in dapan.source
    _, result = fine_calculate(
        matter=dapan.matter, violation_on=dt.date(2026, 3, 1), party_kind="citizen", circumstances=["c1"]
    )
    assert (result.tier, result.band_low, result.band_high) == ("lenient", D("0"), D("10000"))
    planning = Benchmark.objects.get(matter__code="SAMPLE-GH-001")
    _, result = fine_calculate(
        matter=planning.matter, violation_on=dt.date(2026, 3, 1), party_kind="organisation", base_amount="1000000"
    )
    assert result.suggested == D("75000")  # 广东 midpoint: 7.5 % of a 1,000,000-yuan construction cost


def test_export_then_import_round_trips(db):
    road_benchmark(road_matter())
    for exported, name in ((export_csv(), "x.csv"), (export_xlsx(), "x.xlsx")):
        Benchmark.objects.all().delete()
        benchmarks_import(data=exported, filename=name)
        b = Benchmark.objects.get()
        assert sorted(b.tiers.values_list("level", "low", "high")) == sorted(
            [
                ("heavier", D("10000"), D("20000")),
                ("lenient", D("200"), D("2000")),
                ("mitigated", D("0"), D("200")),
                ("no_penalty", None, None),
                ("ordinary", D("2000"), D("10000")),
            ]
        )
        assert b.circumstances.count() == 4


def test_every_bad_row_is_reported_and_nothing_is_imported(db):
    road_matter()
    rows = [
        row("T-CG-001", "2025版", "从轻", "200", "2000"),
        row("T-CG-001", "2025版", "一般", "2000", "12000"),  # overlaps 从重
        row("T-CG-001", "2025版", "从重", "10000", "20000"),
        row("T-CG-001", "2024版", "从轻", "200", "2000", start="2024-01-01", end="2024-12-31"),
        row("T-CG-001", "2024版", "一般", "3000", "20000", start="2024-01-01", end="2024-12-31"),  # gap: warning
        row("T-CG-001", "2023版", "从轻", "200", "30000", start="2023-01-01", end="2023-12-31"),  # above the max
        row("NOPE-1", "2025版", "一般", "0", "100"),
        row("T-CG-001", "2022版", "很重", "abc", "100", start="2022-13-01"),
    ]
    with pytest.raises(ImportRefused) as caught:
        benchmarks_import(data=as_csv(rows), filename="bad.csv")
    assert caught.value.errors == [
        "第3行、第4行（T-CG-001 2025版）：一般阶次（2000元至12000元）与从重阶次（10000元至20000元）重叠或轻重倒置",
        "第7行（T-CG-001 2023版）：从轻阶次（200元至30000元）超过法定最高限额（200元以上20000元以下）",
        "第8行：执法事项“NOPE-1”不在执法事项清单中",
        "第9行：日期格式应为 YYYY-MM-DD；裁量阶次“很重”应为不予处罚、减轻、从轻、一般、从重或因素；金额或百分比不是有效的非负数",
    ]
    assert counts() == (0, 0, 0)


def test_one_bad_row_among_five_thousand_rejects_the_whole_file(db):
    Matter.objects.bulk_create(
        [
            Matter(
                code=f"M{i:04d}",
                name=f"事项{i}",
                field="城市管理",
                violated_clause="x",
                penalty_clause="y",
                range_kind="max_only",
                max_amount=D("10000"),
            )  # fmt: skip
            for i in range(1250)
        ]
    )
    rows = []
    for i in range(1250):
        rows += [
            row(f"M{i:04d}", "2025版", "不予处罚", "", ""),
            row(f"M{i:04d}", "2025版", "从轻", "0", "2000"),
            row(f"M{i:04d}", "2025版", "一般", "2000", "6000"),
            row(f"M{i:04d}", "2025版", "从重", "6000", "10000"),
        ]
    rows[3455][COLUMNS.index("幅度上限")] = "12000"  # file row 3457: 从重 of M0863 above the 10,000-yuan maximum
    with pytest.raises(ImportRefused) as caught:
        benchmarks_import(data=as_csv(rows), filename="big.csv")
    assert caught.value.errors == [
        "第3457行（M0863 2025版）：从重阶次（6000元至12000元）超过法定最高限额（10000元以下）"
    ]
    assert counts() == (0, 0, 0)
    rows[3455][COLUMNS.index("幅度上限")] = "10000"
    assert len(benchmarks_import(data=as_csv(rows), filename="big.csv")) == 1250
    assert counts() == (1250, 5000, 0)


def test_version_overlapping_one_on_file_is_refused(db):
    matter = road_matter()
    road_benchmark(matter)
    with pytest.raises(BenchmarkInvalid, match="施行期间重叠"):
        road_benchmark(matter, effective_from=dt.date(2025, 6, 1), version="2025修订版")
    road_benchmark(matter, effective_from=dt.date(2024, 1, 1), effective_to=dt.date(2024, 12, 31), version="2024版")
    assert Benchmark.objects.count() == 2


def test_the_version_in_force_on_the_violation_date_applies(db):
    matter = road_matter()
    road_benchmark(matter, effective_from=dt.date(2024, 1, 1), effective_to=dt.date(2024, 12, 31), version="2024版")
    road_benchmark(matter)
    assert (
        fine_calculate(matter=matter, violation_on=dt.date(2024, 12, 31), party_kind="citizen")[1].version == "2024版"
    )
    assert fine_calculate(matter=matter, violation_on=dt.date(2025, 1, 1), party_kind="citizen")[1].version == "2025版"


def test_unreadable_files_are_refused(db):
    with pytest.raises(ImportRefused, match="导入失败"):
        benchmarks_import(data=b"not a zip", filename="x.xlsx")
    book = Workbook()
    book.active.append(["事项编码", "版本"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportRefused) as caught:
        benchmarks_import(data=out.getvalue(), filename="x.xlsx")
    assert caught.value.errors == ["第1行（表头）缺少列：施行日期、计算方式、裁量阶次"]
