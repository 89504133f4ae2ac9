"""The calculation modes of published benchmarks (legal-brief §4.4), tested with their worked examples.

Pure Python: no database. Sources are cited next to each example.
"""

from __future__ import annotations

import time
from decimal import Decimal as D

import pytest

from casemgmt.discretion import calc
from casemgmt.discretion.calc import Level, Mode, RangeKind

FIXED_50K = calc.StatutoryRange(kind=RangeKind.FIXED, low=D("0"), high=D("50000"))


def spec(mode, statutory, tiers=(), circumstances=()):
    return calc.BenchmarkSpec(
        ref="测试裁量基准2025版第1项",
        version="2025版",
        matter_code="T-001",
        matter_name="测试事项",
        penalty_clause="《某条例》第四十二条",
        mode=mode,
        statutory=statutory,
        tiers=tuple(tiers),
        circumstances=tuple(circumstances),
    )


LIGHT = calc.CircumstanceSpec("light", "情节轻微，立即改正", level=Level.LENIENT)
HEAVY = calc.CircumstanceSpec("heavy", "拒不改正或者再次违法", level=Level.HEAVIER)
FIRST = calc.CircumstanceSpec("first", "初次违法且危害后果轻微并及时改正", level=Level.NO_PENALTY)
ART32 = calc.CircumstanceSpec("art32", "主动消除或者减轻违法行为危害后果", level=Level.MITIGATED)


# --- explicit bands per tier ---------------------------------------------------------------------------------------

# Source: 磐安县大盘镇综合行政执法事项裁量基准 (2023/2025), legal-brief §4.2 [D5]: religious-venue violation —
# tier 1 "minor, corrected immediately" → fine ≤ 10,000 yuan; tier 2 "fairly serious, some negative effect" →
# 10,000–20,000 yuan; tier 3 "serious / refused to correct / second offence" → higher band, capped by the
# 50,000-yuan statutory maximum.
DAPAN = spec(
    Mode.BANDS,
    FIXED_50K,
    tiers=[
        calc.TierSpec(Level.LENIENT, "情节轻微，立即改正", D("0"), D("10000")),
        calc.TierSpec(Level.ORDINARY, "情节较重，造成一定不良影响", D("10000"), D("20000")),
        calc.TierSpec(Level.HEAVIER, "情节严重、拒不改正或者再次违法", D("20000"), D("50000")),
    ],
    circumstances=[LIGHT, HEAVY],
)


def test_band_mode_dapan_tier_one_is_up_to_ten_thousand():
    result = calc.calculate(DAPAN, party_kind="citizen", circumstances=["light"])
    assert (result.tier, result.band_low, result.band_high) == (Level.LENIENT, D("0"), D("10000"))
    assert result.suggested == D("5000")
    assert result.benchmark_ref == "测试裁量基准2025版第1项"
    assert result.clauses == "《某条例》第四十二条"
    assert result.circumstances == ("情节轻微，立即改正",)


def test_band_mode_dapan_tier_two_and_three():
    ordinary = calc.calculate(DAPAN, party_kind="citizen")
    assert (ordinary.tier, ordinary.band_low, ordinary.band_high, ordinary.suggested) == (
        Level.ORDINARY,
        D("10000"),
        D("20000"),
        D("15000"),
    )
    heavy = calc.calculate(DAPAN, party_kind="organisation", circumstances=["heavy"])
    assert (heavy.tier, heavy.band_low, heavy.band_high) == (Level.HEAVIER, D("20000"), D("50000"))
    assert heavy.statutory_high == D("50000")


def test_band_mode_dapan_table_is_valid():
    assert calc.validate(DAPAN) == []


def test_heavier_and_lighter_circumstances_offset_to_ordinary():
    assert calc.calculate(DAPAN, party_kind="citizen", circumstances=["light", "heavy"]).tier == Level.ORDINARY


def test_unknown_circumstance_is_refused():
    with pytest.raises(calc.CalculationError, match="不属于该裁量基准"):
        calc.calculate(DAPAN, party_kind="citizen", circumstances=["made-up"])


def test_party_specific_bands_take_precedence():
    both = spec(
        Mode.BANDS,
        FIXED_50K,
        tiers=[
            calc.TierSpec(Level.ORDINARY, "一般", D("0"), D("50000")),
            calc.TierSpec(Level.LENIENT, "公民轻微", D("0"), D("2000"), party="citizen"),
            calc.TierSpec(Level.ORDINARY, "公民一般", D("2000"), D("50000"), party="citizen"),
        ],
    )
    assert calc.validate(both) == []
    assert calc.calculate(both, party_kind="individual_business").band_high == D("50000")
    assert calc.calculate(both, party_kind="citizen").band_low == D("2000")
    assert calc.calculate(both, party_kind="organisation").band_low == D("0")


# --- midpoint rule (广东) ----------------------------------------------------------------------------------------------

# Source: 广东省生态环境行政处罚自由裁量权规定 (2022) Art. 12, legal-brief §4.4 item 1 [D2]:
# "Range fines: 一般 = average of min and max; 从轻 < average; 从重 ≥ average."
# "Multiple-based fines: 一般 = middle multiple; 从轻 < middle; 从重 ≥ middle."
# "Only a maximum given: 从轻 ≈ 20 % of max; 一般 ≈ 50 % of max."


def test_midpoint_range_fine_ordinary_is_average_of_min_and_max():
    gd = spec(Mode.MIDPOINT, calc.StatutoryRange(kind=RangeKind.FIXED, low=D("100000"), high=D("1000000")))
    ordinary = calc.calculate(gd, party_kind="organisation")
    assert ordinary.suggested == D("550000")  # (100,000 + 1,000,000) ÷ 2
    lenient = calc.calculate(
        spec(gd.mode, gd.statutory, circumstances=[LIGHT]), party_kind="organisation", circumstances=["light"]
    )
    assert lenient.band_low == D("100000") and lenient.band_high == D("550000")
    assert lenient.suggested < D("550000")
    heavy = calc.calculate(
        spec(gd.mode, gd.statutory, circumstances=[HEAVY]), party_kind="organisation", circumstances=["heavy"]
    )
    assert heavy.band_low == D("550000") and heavy.band_high == D("1000000")
    assert heavy.suggested >= D("550000")


def test_midpoint_multiple_fine_uses_the_middle_multiple():
    # 违法所得 50,000 yuan, fine of 1 to 3 times: the middle multiple is 2, i.e. 100,000 yuan.
    gd = spec(
        Mode.MIDPOINT,
        calc.StatutoryRange(kind=RangeKind.MULTIPLE, low=D("1"), high=D("3"), base_label="违法所得"),
        circumstances=[LIGHT],
    )
    result = calc.calculate(gd, party_kind="citizen", base_amount=D("50000"))
    assert (result.suggested, result.statutory_low, result.statutory_high) == (D("100000"), D("50000"), D("150000"))
    lenient = calc.calculate(gd, party_kind="citizen", circumstances=["light"], base_amount=D("50000"))
    assert lenient.band_high == D("100000") and lenient.suggested < D("100000")


def test_midpoint_max_only_twenty_and_fifty_percent():
    gd = spec(Mode.MIDPOINT, calc.StatutoryRange(kind=RangeKind.MAX_ONLY, high=D("20000")), circumstances=[LIGHT])
    assert calc.calculate(gd, party_kind="citizen", circumstances=["light"]).suggested == D("4000")  # 20 %
    assert calc.calculate(gd, party_kind="citizen").suggested == D("10000")  # 50 %


def test_multiple_bands_in_yuan_are_rounded_inwards_to_the_fen():
    gd = spec(Mode.MIDPOINT, calc.StatutoryRange(kind=RangeKind.MULTIPLE, low=D("0.05"), high=D("0.10")))
    result = calc.calculate(gd, party_kind="citizen", base_amount=D("253333.33"))
    # 0.05 × 253,333.33 = 12,666.6665 and 0.10 × 253,333.33 = 25,333.333: the rounded range stays inside.
    assert (result.statutory_low, result.statutory_high) == (D("12666.67"), D("25333.33"))


def test_multiple_fine_without_base_amount_is_refused():
    gd = spec(
        Mode.MIDPOINT, calc.StatutoryRange(kind=RangeKind.MULTIPLE, low=D("1"), high=D("3"), base_label="货值金额")
    )
    with pytest.raises(calc.CalculationError, match="须填写货值金额"):
        calc.calculate(gd, party_kind="citizen")


# --- factor percentages (湖南) -----------------------------------------------------------------------------------------

# Source: 湖南省生态环境保护行政处罚裁量权基准规定 湘环发〔2022〕8号 Art. 5 as applied by a public case-review
# script, legal-brief §4.4 item 2 [D3; D8]: "start Y = min ÷ max (e.g. 20,000 ÷ 200,000 = 10 %),
# fine = [Y + Σfactors × (1 − Y)] × max, e.g. [10 % + 5 % × 90 %] × 200,000 = 29,000 yuan".
HUNAN = spec(
    Mode.FACTOR,
    calc.StatutoryRange(kind=RangeKind.FIXED, low=D("20000"), high=D("200000")),
    tiers=[
        calc.TierSpec(Level.LENIENT, "因素合计较低", D("20000"), D("80000")),
        calc.TierSpec(Level.ORDINARY, "因素合计居中", D("80000"), D("140000")),
        calc.TierSpec(Level.HEAVIER, "因素合计较高", D("140000"), D("200000")),
    ],
    circumstances=[
        calc.CircumstanceSpec("impact", "污染影响程度：轻微", percent=D("5")),
        calc.CircumstanceSpec("fault", "主观过错：故意", percent=D("30")),
        calc.CircumstanceSpec("prior", "两年内同类违法两次以上", percent=D("40")),
        calc.CircumstanceSpec("attitude", "拒不改正", percent=D("50")),
    ],
)


def test_factor_mode_hunan_worked_example_is_29000_yuan():
    result = calc.calculate(HUNAN, party_kind="organisation", circumstances=["impact"])
    assert result.suggested == D("29000")
    assert result.percent == D("5")
    assert result.tier == Level.LENIENT  # 29,000 falls in the 20,000–80,000 band


def test_factor_mode_sum_capped_at_one_hundred_percent():
    result = calc.calculate(HUNAN, party_kind="organisation", circumstances=["fault", "prior", "attitude"])
    assert result.suggested == D("200000")  # 120 % counted as 100 %: the statutory maximum
    assert result.tier == Level.HEAVIER
    assert any("超过100%" in n for n in result.notes)


def test_factor_mode_without_factors_is_the_statutory_minimum():
    assert calc.calculate(HUNAN, party_kind="organisation").suggested == D("20000")


# --- 不予处罚 / 减轻 ---------------------------------------------------------------------------------------------------


def test_no_penalty_and_mitigated_tiers():
    table = spec(
        Mode.BANDS,
        calc.StatutoryRange(kind=RangeKind.FIXED, low=D("10000"), high=D("100000")),
        tiers=[
            calc.TierSpec(Level.NO_PENALTY, "首次违法，危害后果轻微并及时改正"),
            calc.TierSpec(Level.MITIGATED, "有第三十二条情形", D("5000"), D("10000")),
            calc.TierSpec(Level.LENIENT, "从轻", D("10000"), D("40000")),
            calc.TierSpec(Level.ORDINARY, "一般", D("40000"), D("70000")),
            calc.TierSpec(Level.HEAVIER, "从重", D("70000"), D("100000")),
        ],
        circumstances=[FIRST, ART32, HEAVY],
    )
    assert calc.validate(table) == []
    none = calc.calculate(table, party_kind="citizen", circumstances=["first"])
    assert (none.tier, none.suggested) == (Level.NO_PENALTY, D("0"))
    mitigated = calc.calculate(table, party_kind="citizen", circumstances=["art32"])
    assert (mitigated.tier, mitigated.band_low, mitigated.band_high) == (Level.MITIGATED, D("5000"), D("10000"))
    # 从重 with a 不予处罚 circumstance offsets to 一般.
    assert calc.calculate(table, party_kind="citizen", circumstances=["first", "heavy"]).tier == Level.ORDINARY


# --- validation: bands inside the statutory range and no overlaps (errors); gaps (warnings) ----------------------


def tiers_50k(*bands):
    levels = [Level.LENIENT, Level.ORDINARY, Level.HEAVIER]
    return spec(
        Mode.BANDS,
        FIXED_50K,
        [calc.TierSpec(lv, "条件", D(a), D(b)) for lv, (a, b) in zip(levels, bands, strict=False)],
    )


def test_band_outside_statutory_range_is_refused():
    errors = calc.validate(tiers_50k(("0", "10000"), ("10000", "20000"), ("20000", "60000")))
    assert errors == ["从重阶次（20000元至60000元）超过法定最高限额（0元以上50000元以下）"]


def test_overlapping_tiers_are_refused():
    errors = calc.validate(tiers_50k(("0", "12000"), ("10000", "20000"), ("20000", "50000")))
    assert errors == ["从轻阶次（0元至12000元）与一般阶次（10000元至20000元）重叠或轻重倒置"]


def test_tiers_leaving_a_gap_are_accepted_with_warnings():
    table = tiers_50k(("0", "10000"), ("15000", "20000"), ("20000", "45000"))
    assert calc.validate(table) == []
    assert calc.warnings_of(table) == [
        "从轻阶次（0元至10000元）与一般阶次（15000元至20000元）之间留有空档",
        "从重阶次（20000元至45000元）与法定最高50000元之间留有空档",
    ]


def test_mitigated_band_must_lie_below_the_statutory_minimum():
    table = spec(
        Mode.BANDS,
        calc.StatutoryRange(kind=RangeKind.FIXED, low=D("10000"), high=D("100000")),
        tiers=[
            calc.TierSpec(Level.MITIGATED, "减轻", D("5000"), D("20000")),
            calc.TierSpec(Level.ORDINARY, "一般", D("10000"), D("100000")),
        ],
    )
    assert calc.validate(table) == ["减轻阶次的幅度5000–20000元应低于法定最低10000元（减轻处罚是在法定最低限以下处罚）"]


def test_tier_below_the_statutory_minimum_outside_the_mitigated_tier_is_refused():
    rng = calc.StatutoryRange(kind=RangeKind.FIXED, low=D("10000"), high=D("100000"))
    below = spec(Mode.BANDS, rng, tiers=[calc.TierSpec(Level.LENIENT, "从轻", D("9999"), D("100000"))])
    assert calc.validate(below) == [
        "从轻阶次（9999元至100000元）低于法定最低限额（10000元以上100000元以下）；法定最低限以下的处罚应设为减轻阶次"
    ]
    at_minimum = spec(Mode.BANDS, rng, tiers=[calc.TierSpec(Level.LENIENT, "从轻", D("10000"), D("100000"))])
    assert calc.review(at_minimum) == ([], [])


# --- speed ----------------------------------------------------------------------------------------------------------


def test_fine_calculation_takes_under_five_milliseconds():
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        calc.calculate(HUNAN, party_kind="organisation", circumstances=["impact", "fault"])
        calc.calculate(DAPAN, party_kind="citizen", circumstances=["light"])
    per_call_ms = (time.perf_counter() - start) * 1000 / (2 * runs)
    assert per_call_ms < 5
