"""Benchmarks as published tables write them: fixed amounts per tier, ranges per party type (单位 / 个人 / 个体工商户),
fines per unit (per m², per day, per item, per multiple of 违法所得) with the formula shown; gaps to the statutory
range are warnings listed per row, errors are refused with the row named."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pytest

from casemgmt.discretion import calc
from casemgmt.discretion.calc import Level, Mode, PartyScope, RangeKind, Unit
from casemgmt.discretion.imports import COLUMNS, ImportRefused, benchmarks_import
from casemgmt.discretion.models import Benchmark
from casemgmt.discretion.services import case_party_kind, fine_calculate
from casemgmt.powers.models import Matter

SAMPLES = Path(__file__).resolve().parents[2] / "casemgmt" / "discretion" / "samples"
MATTERS_CSV = Path(__file__).resolve().parents[2] / "casemgmt" / "powers" / "samples" / "matters.csv"

MAX_500 = calc.StatutoryRange(kind=RangeKind.MAX_ONLY, high=D("500"))
MAX_20K = calc.StatutoryRange(kind=RangeKind.MAX_ONLY, high=D("20000"))
FIXED_200_20K = calc.StatutoryRange(kind=RangeKind.FIXED, low=D("200"), high=D("20000"))


def spec(rng, tiers, circumstances=()):
    return calc.BenchmarkSpec(
        ref="测试基准",
        version="2024版",
        matter_code="T",
        matter_name="测试事项",
        penalty_clause="罚则",
        mode=Mode.BANDS,
        statutory=rng,
        tiers=tuple(tiers),
        circumstances=tuple(circumstances),
    )


LEVEL_CIRCUMSTANCES = (
    calc.CircumstanceSpec("light", "及时改正", level=Level.LENIENT),
    calc.CircumstanceSpec("heavy", "拒不改正", level=Level.HEAVIER),
)


# --- fixed amounts ------------------------------------------------------------------------------------------------


def fixed_table():
    """相山区 style: 处以50元 / 200元 / 500元的罚款 on a clause of 500 元以下."""
    return spec(
        MAX_500,
        [
            calc.TierSpec(Level.LENIENT, "逾期改正", D("50"), D("50")),
            calc.TierSpec(Level.ORDINARY, "影响市容", D("200"), D("200")),
            calc.TierSpec(Level.HEAVIER, "拒不改正", D("500"), D("500")),
        ],
        LEVEL_CIRCUMSTANCES,
    )


def test_fixed_amount_tiers_are_accepted_with_their_gaps_as_warnings():
    table = fixed_table()
    assert calc.validate(table) == []
    assert calc.warnings_of(table) == [
        "从轻阶次（罚款50元）与一般阶次（罚款200元）之间留有空档",
        "一般阶次（罚款200元）与从重阶次（罚款500元）之间留有空档",
        "从轻阶次（罚款50元）与法定最低0元之间留有空档",
    ]


def test_fixed_amount_tier_gives_that_amount_and_says_so():
    result = calc.calculate(fixed_table(), party_kind="citizen", circumstances=["light"])
    assert (result.band_low, result.band_high, result.suggested) == (D("50"), D("50"), D("50"))
    assert result.formula == "固定金额50元"
    heaviest = calc.calculate(fixed_table(), party_kind="citizen", circumstances=["heavy"])
    assert (heaviest.band_low, heaviest.band_high) == (D("500"), D("500"))  # at the maximum: no gap, no error


# --- ranges per party type ----------------------------------------------------------------------------------------


def party_table():
    return spec(
        MAX_20K,
        [
            calc.TierSpec(Level.ORDINARY, "个人", D("500"), D("2000"), party=PartyScope.CITIZEN),
            calc.TierSpec(Level.ORDINARY, "单位", D("3000"), D("10000"), party=PartyScope.ORGANISATION),
            calc.TierSpec(Level.ORDINARY, "个体工商户", D("1000"), D("3000"), party=PartyScope.INDIVIDUAL_BUSINESS),
        ],
    )


@pytest.mark.parametrize(
    ("party_kind", "band"),
    [
        ("citizen", (D("500"), D("2000"))),
        ("organisation", (D("3000"), D("10000"))),
        ("individual_business", (D("1000"), D("3000"))),
    ],
)
def test_each_party_type_gets_its_own_range(party_kind, band):
    result = calc.calculate(party_table(), party_kind=party_kind)
    assert (result.band_low, result.band_high) == band


def test_individual_business_without_its_own_tiers_is_fined_as_an_individual():
    table = spec(
        MAX_20K,
        [
            calc.TierSpec(Level.ORDINARY, "个人", D("500"), D("2000"), party=PartyScope.CITIZEN),
            calc.TierSpec(Level.ORDINARY, "单位", D("3000"), D("10000"), party=PartyScope.ORGANISATION),
        ],
    )
    result = calc.calculate(table, party_kind="individual_business")
    assert (result.band_low, result.band_high) == (D("500"), D("2000"))


def test_ranges_per_party_type_are_checked_per_party_type():
    table = spec(
        MAX_20K,
        [
            calc.TierSpec(Level.LENIENT, "个人", D("200"), D("1000"), party=PartyScope.CITIZEN),
            calc.TierSpec(Level.ORDINARY, "个人", D("800"), D("2000"), party=PartyScope.CITIZEN),
            # the organisation's 从轻 above the individual's 一般 is no overlap: other party type
            calc.TierSpec(Level.LENIENT, "单位", D("2000"), D("5000"), party=PartyScope.ORGANISATION),
            calc.TierSpec(Level.ORDINARY, "单位", D("5000"), D("20000"), party=PartyScope.ORGANISATION),
        ],
    )
    errors, _ = calc.review(table)
    assert [e.message for e in errors] == ["对个人从轻阶次（200元至1000元）与一般阶次（800元至2000元）重叠或轻重倒置"]
    assert errors[0].tiers == (0, 1)


def test_case_fined_as_the_heaviest_party_type_it_has(world):
    from casemgmt.cases import models as m
    from tests import builders as b

    case = b.filed(world, party_kind=m.PartyKind.INDIVIDUAL_BUSINESS)
    assert case_party_kind(case) == "individual_business"
    case.parties.update(kind=m.PartyKind.CITIZEN)
    assert case_party_kind(case) == "citizen"
    case.parties.update(kind=m.PartyKind.ORGANISATION)
    assert case_party_kind(case) == "organisation"


# --- fines per unit -----------------------------------------------------------------------------------------------


def per_sqm_table():
    return spec(
        MAX_20K,
        [
            calc.TierSpec(Level.LENIENT, "限期内拆除", D("50"), D("100"), unit=Unit.SQUARE_METRE),
            calc.TierSpec(Level.ORDINARY, "逾期拆除", D("100"), D("200"), unit=Unit.SQUARE_METRE),
            calc.TierSpec(Level.HEAVIER, "拒不拆除", D("200"), D("500"), unit=Unit.SQUARE_METRE),
        ],
        LEVEL_CIRCUMSTANCES,
    )


def test_fine_per_square_metre_is_rate_times_area_with_the_formula():
    result = calc.calculate(per_sqm_table(), party_kind="organisation", quantity=D("12"))
    assert (result.band_low, result.band_high, result.suggested) == (D("1200"), D("2400"), D("1800"))
    assert result.formula == "每平方米100元至200元 × 12平方米 = 1200元至2400元"
    assert result.quantity == D("12")
    assert calc.review(per_sqm_table()) == ([], [])  # per unit: no gap to the yuan range to report


def test_fine_per_square_metre_is_held_to_the_statutory_maximum():
    at = calc.calculate(per_sqm_table(), party_kind="organisation", circumstances=["heavy"], quantity=D("40"))
    assert (at.band_low, at.band_high) == (D("8000"), D("20000"))  # 200–500 × 40 = 8000–20000: exactly the maximum
    assert at.notes == ()
    over = calc.calculate(per_sqm_table(), party_kind="organisation", circumstances=["heavy"], quantity=D("40.01"))
    assert (over.band_low, over.band_high) == (D("8002"), D("20000"))
    assert over.formula.endswith("超过法定最高限额的，以20000元为限")


def test_fine_per_unit_without_the_quantity_is_refused_naming_the_field():
    with pytest.raises(calc.CalculationError, match="须填写面积（平方米）") as caught:
        calc.calculate(per_sqm_table(), party_kind="citizen")
    assert caught.value.field == "quantity"


def test_fine_per_unit_below_the_statutory_minimum_is_raised_to_it():
    table = spec(FIXED_200_20K, [calc.TierSpec(Level.ORDINARY, "每日", D("50"), D("100"), unit=Unit.DAY)])
    result = calc.calculate(table, party_kind="citizen", quantity=D("3"))
    assert (result.band_low, result.band_high) == (D("200"), D("300"))  # 150–300, the minimum is 200
    assert result.formula == "每日50元至100元 × 3日 = 150元至300元；低于法定最低限额的，按200元计"


def test_fine_per_item_with_a_fixed_rate():
    table = spec(MAX_500, [calc.TierSpec(Level.ORDINARY, "逾期清除", D("50"), D("50"), unit=Unit.ITEM)])
    result = calc.calculate(table, party_kind="citizen", quantity=D("4"))
    assert (result.band_low, result.band_high, result.formula) == (D("200"), D("200"), "每件50元 × 4件 = 200元")


# --- multiples of the illegal income ------------------------------------------------------------------------------


def income_table():
    """有违法所得的，处违法所得1倍以上3倍以下罚款，最高不超过3万元 (a clause with an amount range)."""
    return spec(
        calc.StatutoryRange(kind=RangeKind.MAX_ONLY, high=D("30000")),
        [
            calc.TierSpec(Level.ORDINARY, "有违法所得", D("1"), D("2"), unit=Unit.ILLEGAL_INCOME),
            calc.TierSpec(Level.HEAVIER, "拒不改正", D("2"), D("3"), unit=Unit.ILLEGAL_INCOME),
        ],
        LEVEL_CIRCUMSTANCES,
    )


def test_fine_in_multiples_of_illegal_income_with_the_formula():
    result = calc.calculate(income_table(), party_kind="citizen", base_amount=D("3000"))
    assert (result.band_low, result.band_high) == (D("3000"), D("6000"))
    assert result.formula == "违法所得3000元 × 1倍至2倍 = 3000元至6000元"
    held = calc.calculate(income_table(), party_kind="citizen", circumstances=["heavy"], base_amount=D("12000"))
    assert (held.band_low, held.band_high) == (D("24000"), D("30000"))


def test_fine_in_multiples_of_illegal_income_needs_the_income():
    with pytest.raises(calc.CalculationError, match="须填写违法所得金额") as caught:
        calc.calculate(income_table(), party_kind="citizen")
    assert caught.value.field == "base_amount"


def test_illegal_income_unit_on_a_clause_already_in_multiples_is_refused():
    rng = calc.StatutoryRange(kind=RangeKind.MULTIPLE, low=D("1"), high=D("3"), base_label="违法所得")
    table = spec(rng, [calc.TierSpec(Level.ORDINARY, "一般", D("1"), D("2"), unit=Unit.ILLEGAL_INCOME)])
    assert calc.validate(table) == ["罚则本身按违法所得的倍数处罚，一般阶次的计罚单位应留空"]
    plain = spec(rng, [calc.TierSpec(Level.ORDINARY, "一般", D("1"), D("2"))])
    assert calc.validate(plain) == []


# --- import: warnings per row, refusals per row -------------------------------------------------------------------


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([COLUMNS, *rows])
    return out.getvalue().encode("utf-8")


def row(level, *, party="", unit="", fixed="", low="", high="", code="T-ZT-001"):
    values = {
        "事项编码": code,
        "版本": "2024版",
        "施行日期": "2024-01-01",
        "计算方式": "分档幅度",
        "裁量阶次": level,
        "适用对象": party,
        "适用条件": "条件",
        "计罚单位": unit,
        "固定金额": fixed,
        "幅度下限": low,
        "幅度上限": high,
    }
    return [values.get(c, "") for c in COLUMNS]


def road(db, **kw):
    fields = {
        "code": "T-ZT-001",
        "name": "占道经营",
        "field": "城市管理",
        "violated_clause": "第二十七条",
        "penalty_clause": "第四十二条",
        "range_kind": "fixed",
        "min_amount": D("200"),
        "max_amount": D("20000"),
    }
    return Matter.objects.create(**(fields | kw))


def test_import_with_gaps_succeeds_and_lists_each_gap_with_its_row(db):
    road(db)
    imported = benchmarks_import(
        data=as_csv(
            [
                row("从轻", party="个人", fixed="500"),  # row 2: gap to the 200-yuan minimum
                row("一般", party="个人", low="500", high="2000"),
                row("从重", party="个人", low="2000", high="5000"),  # row 4: gap to the 20,000-yuan maximum
                row("从轻", party="单位", low="200", high="5000"),
                row("一般", party="单位", low="8000", high="20000"),  # row 6: gap after 单位 从轻
            ]
        ),
        filename="gaps.csv",
    )
    assert len(imported) == 1
    assert imported.warnings == [
        "第2行（T-ZT-001 2024版）：对个人从轻阶次（罚款500元）与法定最低200元之间留有空档",
        "第4行（T-ZT-001 2024版）：对个人从重阶次（2000元至5000元）与法定最高20000元之间留有空档",
        "第6行（T-ZT-001 2024版）：对单位从轻阶次（200元至5000元）与一般阶次（8000元至20000元）之间留有空档",
    ]
    tiers = {(t.party, t.level): (t.low, t.high) for t in Benchmark.objects.get().tiers.all()}
    assert tiers[("citizen", "lenient")] == (D("500"), D("500"))


def test_import_without_gaps_has_no_warnings(db):
    road(db)
    imported = benchmarks_import(
        data=as_csv([row("从轻", low="200", high="2000"), row("一般", low="2000", high="20000")]), filename="ok.csv"
    )
    assert imported.warnings == []


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        (
            [row("从轻", low="200", high="20001")],
            "第2行（T-ZT-001 2024版）：从轻阶次（200元至20001元）超过法定最高限额（200元以上20000元以下）",
        ),
        (
            [row("从轻", fixed="199")],
            "第2行（T-ZT-001 2024版）：从轻阶次（罚款199元）低于法定最低限额（200元以上20000元以下）；"
            "法定最低限以下的处罚应设为减轻阶次",
        ),
        (
            [row("从轻", party="单位", low="200", high="3000"), row("一般", party="单位", low="2999", high="9000")],
            "第2行、第3行（T-ZT-001 2024版）：对单位从轻阶次（200元至3000元）与一般阶次（2999元至9000元）重叠或轻重倒置",
        ),
        ([row("从轻", unit="每亩", low="1", high="2")], "第2行：计罚单位“每亩”应为"),
        ([row("从轻", fixed="200", low="200", high="300")], "第2行：已填写固定金额的，幅度下限和上限应留空"),
        ([row("从轻", low="-5", high="300")], "第2行：金额或百分比不是有效的非负数"),
        ([row("从轻", low="300", high="")], "第2行：幅度下限和上限须同时填写"),
        (
            [row("从轻", party="外国人", low="200", high="300")],
            "第2行：适用对象“外国人”应为单位、个人、个体工商户或留空",
        ),
    ],
)
def test_genuine_errors_are_refused_naming_the_row(db, rows, error):
    road(db)
    with pytest.raises(ImportRefused) as caught:
        benchmarks_import(data=as_csv(rows), filename="bad.csv")
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith(error)
    assert not Benchmark.objects.exists()


def test_tiers_exactly_at_the_statutory_bounds_are_neither_refused_nor_warned(db):
    road(db)
    imported = benchmarks_import(data=as_csv([row("从轻", low="200", high="20000")]), filename="edge.csv")
    assert imported.warnings == []


def test_per_unit_and_per_party_tiers_round_trip_through_export(db):
    from casemgmt.discretion.imports import export_csv

    road(db)
    benchmarks_import(
        data=as_csv(
            [
                row("从轻", party="个体工商户", fixed="500"),
                row("一般", party="单位", unit="每平方米", low="100", high="200"),
                row("从重", unit="违法所得的倍数", low="1", high="3"),
            ]
        ),
        filename="mixed.csv",
    )
    exported = export_csv()
    Benchmark.objects.all().delete()
    benchmarks_import(data=exported, filename="again.csv")
    tiers = sorted(Benchmark.objects.get().tiers.values_list("party", "unit", "level", "low", "high"))
    assert tiers == [
        ("", "illegal_income", "heavier", D("1"), D("3")),
        ("individual_business", "", "lenient", D("500"), D("500")),
        ("organisation", "sqm", "ordinary", D("100"), D("200")),
    ]


# --- the sample tables ----------------------------------------------------------------------------------------------


def catalogue_matter(code: str) -> Matter:
    """The demo catalogue's matter (casemgmt/powers/samples/matters.csv) with its statutory range."""
    rows = csv.DictReader(io.StringIO(MATTERS_CSV.read_text(encoding="utf-8-sig")))
    row = next(r for r in rows if r["事项编码"] == code)
    kind = {"仅规定上限": "max_only", "固定金额幅度": "fixed", "倍数": "multiple", "无罚款": "none"}[
        row["罚款幅度类型"]
    ]
    number = lambda v: D(v) if v else None  # noqa: E731
    return Matter.objects.create(
        code=code,
        name=row["事项名称"],
        field=row["执法领域"],
        violated_clause=row["违法条款"],
        penalty_clause=f"{row['法律法规']}{row['罚则条款']}",
        range_kind=kind,
        min_amount=number(row["罚款下限"]),
        max_amount=number(row["罚款上限"]),
        base_kind="contract_price" if row["倍数基数"] == "工程造价" else "",
        min_multiple=number(row["最低倍数"]),
        max_multiple=number(row["最高倍数"]),
    )


ON = dt.date(2025, 6, 1)

# file, matter, (party kind, circumstances, base, quantity) → (band low, band high), number of gap warnings
SAMPLE_CASES = [
    ("zhandao_jingying.csv", "CG-001", ("individual_business", [], None, None), (D("1000"), D("3000")), 7),
    ("luandui_luanfang.csv", "CG-011", ("citizen", ["c3"], None, None), (D("500"), D("500")), 3),
    ("weifa_jianshe.csv", "CG-002", ("organisation", [], D("1000000"), None), (D("60000"), D("80000")), 0),
    ("huwai_guanggao.csv", "CG-004", ("organisation", [], None, D("8.5")), (D("850"), D("1700")), 0),
    ("jianzhu_laji.csv", "CG-003", ("organisation", [], None, None), (D("10000"), D("30000")), 5),
    ("luan_zhangtie.csv", "CG-009", ("citizen", [], None, D("12")), (D("500"), D("500")), 0),
]


@pytest.mark.parametrize(("name", "code", "case", "band", "gaps"), SAMPLE_CASES)
def test_each_township_sample_table_imports_names_its_source_and_calculates(db, name, code, case, band, gaps):
    matter = catalogue_matter(code)
    imported = benchmarks_import(data=(SAMPLES / "township" / name).read_bytes(), filename=name)
    assert len(imported) == 1
    assert len(imported.warnings) == gaps
    benchmark = imported[0]
    assert any(doc in benchmark.source for doc in ("相山区城市管理行政执法局", "醴城〔2017〕22号", "大盘镇"))
    party_kind, circumstances, base, quantity = case
    _, result = fine_calculate(
        matter=matter,
        violation_on=ON,
        party_kind=party_kind,
        circumstances=circumstances,
        base_amount=base,
        quantity=quantity,
    )
    assert (result.band_low, result.band_high) == band


def test_township_sample_sources_name_the_published_documents():
    text = " ".join(
        next(csv.DictReader(io.StringIO(p.read_text(encoding="utf-8"))))["裁量基准来源"]
        for p in sorted((SAMPLES / "township").glob("*.csv"))
    )
    assert "相山区城市管理行政执法局行政处罚自由裁量权适用标准" in text
    assert "醴城〔2017〕22号" in text
    assert "大盘镇" in text


# --- the case: quantity recorded with the rationale, band checked by the rulebook -----------------------------------


def advert_benchmark(matter):
    from casemgmt.discretion.services import benchmark_create

    return benchmark_create(
        matter=matter,
        version="2025版",
        mode=Mode.BANDS,
        effective_from=dt.date(2025, 1, 1),
        tiers=[
            calc.TierSpec(Level.LENIENT, "限期内拆除", D("50"), D("100"), unit=Unit.SQUARE_METRE),
            calc.TierSpec(Level.ORDINARY, "逾期拆除", D("100"), D("200"), unit=Unit.SQUARE_METRE),
            calc.TierSpec(Level.ORDINARY, "个人逾期拆除", D("500"), D("1000"), party=PartyScope.CITIZEN),
        ],
    )


def test_rationale_records_the_quantity_and_the_rule_checks_the_band_it_gives(world):
    from casemgmt.cases import models as m
    from casemgmt.cases.rulebook import Attempt, load_facts
    from casemgmt.cases.rulebook.review import review_reasons
    from casemgmt.cases.services import InputError
    from casemgmt.discretion.services import rationale_record
    from tests import builders as b

    from .support import grant, road_matter

    matter = road_matter(code="T-GG-001", name="擅自设置户外广告", min_amount=None, range_kind="max_only")
    advert_benchmark(matter)
    grant(world, matter)
    case = b.noticed(world, fine=D("1500"), matter=matter, party_kind=m.PartyKind.ORGANISATION)

    def record(chosen, quantity, deviation=""):
        return rationale_record(
            case=case,
            actor=world.officer.user,
            on=dt.date(2026, 3, 10),
            circumstances=[],
            chosen_amount=D(chosen),
            reasons="逾期拆除",
            deviation_reason=deviation,
            quantity=quantity,
        )

    with pytest.raises(InputError, match="须填写面积") as caught:
        record("1500", None)
    assert caught.value.field == "quantity"
    rationale = record("1500", D("10"))  # 单位: 每平方米100–200元 × 10平方米
    assert (rationale.band_low, rationale.band_high, rationale.quantity) == (D("1000"), D("2000"), D("10"))
    assert rationale.formula == "每平方米100元至200元 × 10平方米 = 1000元至2000元"
    attempt = Attempt("decide", dt.date(2026, 3, 20), data={"kind": m.DecisionKind.PENALTY, "fine_amount": D("2000")})
    assert not any("阶次幅度" in r for r in review_reasons(load_facts(case), attempt))  # 2000: the band's top
    with pytest.raises(InputError, match="1000元至2000元"):
        record("2001", D("10"))  # one yuan above the band for this quantity
    record("2001", D("10"), deviation="广告设置在消防通道上方")
    attempt = Attempt("decide", dt.date(2026, 3, 20), data={"kind": m.DecisionKind.PENALTY, "fine_amount": D("2001")})
    reasons = [r for r in review_reasons(load_facts(case), attempt) if "阶次幅度" in r]
    assert reasons == [
        "罚款2,001.00元超出裁量基准对单位“一般”阶次幅度（1,000.00元至2,000.00元，"
        "每平方米100元至200元 × 10平方米 = 1000元至2000元）"
    ]


def test_benchmarks_saved_before_units_and_party_types_still_calculate(db):
    """Rows as the first schema stored them (no unit, parties 公民/法人): read in the penalty clause's unit."""
    from casemgmt.discretion.models import Tier

    matter = road(db)
    benchmark = Benchmark.objects.create(
        matter=matter, version="旧版", mode=Mode.BANDS, effective_from=dt.date(2020, 1, 1)
    )
    Tier.objects.create(benchmark=benchmark, level=Level.ORDINARY, conditions="一般", low=D("200"), high=D("20000"))
    Tier.objects.create(
        benchmark=benchmark,
        level=Level.ORDINARY,
        party="organisation",
        conditions="单位",
        low=D("5000"),
        high=D("20000"),
    )
    assert calc.validate(benchmark.spec()) == []
    _, result = fine_calculate(matter=matter, violation_on=dt.date(2024, 1, 1), party_kind="organisation")
    assert (result.band_low, result.band_high, result.formula, result.unit) == (D("5000"), D("20000"), "", "")


def test_general_tiers_are_checked_for_the_party_types_that_rely_on_them():
    table = spec(
        MAX_20K,
        [
            calc.TierSpec(Level.LENIENT, "从轻", D("0"), D("3000")),
            calc.TierSpec(Level.ORDINARY, "一般", D("2000"), D("20000")),  # overlaps 从轻 for 个人
            calc.TierSpec(Level.LENIENT, "单位从轻", D("0"), D("2000"), party=PartyScope.ORGANISATION),
        ],
    )
    assert calc.validate(table) == ["对个人从轻阶次（0元至3000元）与一般阶次（2000元至20000元）重叠或轻重倒置"]
