"""The demo's benchmarks are valid for every catalogue matter, and demo decisions carry a rationale only when it
matches the 一般 tier the demo prints."""

from __future__ import annotations

from decimal import Decimal as D

from casemgmt.demo.discretion import build_discretion, demo_rationale
from casemgmt.discretion.models import Benchmark, NoPenaltyItem
from tests import builders as b

from .support import grant, road_matter


def test_demo_benchmarks_cover_each_matter_in_three_contiguous_bands(world):
    matter = road_matter()
    road_matter(code="T-NONE", range_kind="none", min_amount=None, max_amount=None)
    assert build_discretion() == 1
    assert build_discretion() == 0  # idempotent
    tiers = {t.level: (t.low, t.high) for t in Benchmark.objects.get(matter=matter).tiers.all()}
    assert tiers["lenient"] == (D("200"), D("6800.00"))
    assert tiers["ordinary"] == (D("6800.00"), D("13400.00"))
    assert tiers["heavier"] == (D("13400.00"), D("20000"))
    assert tiers["mitigated"] == (D("0"), D("200"))
    assert NoPenaltyItem.objects.get().matter == matter


def test_demo_rationale_only_inside_the_ordinary_band(world):
    matter = road_matter()
    without_matter = b.filed(world)  # filed before the township's power list exists
    grant(world, matter)
    build_discretion()
    case = b.filed(world, matter=matter)
    assert demo_rationale(case, D("8000"))["chosen_amount"] == D("8000")
    assert demo_rationale(case, D("500")) is None
    assert demo_rationale(without_matter, D("8000")) is None  # no catalogue matter


def test_demo_rationale_for_a_multiple_fine_records_the_base_at_the_middle_multiple(world):
    matter = road_matter(
        code="T-GH-001",
        range_kind="multiple",
        base_kind="contract_price",
        min_amount=None,
        max_amount=None,
        min_multiple=D("0.05"),
        max_multiple=D("0.10"),
    )
    grant(world, matter)
    build_discretion()
    rationale = demo_rationale(b.filed(world, matter=matter), D("19000"))
    assert rationale["base_amount"] == D("253333.33")  # 19,000 ÷ 0.075


def test_demo_loads_the_township_tables_and_its_rationale_follows_party_type_and_quantity(world):
    """占道经营 and 户外广告 get the sample tables (ranges per party type; a fine per m²), not thirds of the range."""
    from casemgmt.cases import models as m
    from casemgmt.discretion.models import Tier

    road = road_matter(code="CG-001", max_amount=D("20000"), min_amount=None, range_kind="max_only")
    advert = road_matter(code="CG-004", name="未经批准擅自设置户外广告", min_amount=None, range_kind="max_only")
    grant(world, road)
    grant(world, advert)
    assert build_discretion() == 2
    assert "醴城〔2017〕22号" in Benchmark.objects.get(matter=road).source
    assert Tier.objects.get(benchmark__matter=road, party="individual_business", level="ordinary").high == D("3000")
    stall = b.filed(world, matter=road, party_kind=m.PartyKind.INDIVIDUAL_BUSINESS)
    assert demo_rationale(stall, D("2000"))["chosen_amount"] == D("2000")  # 个体工商户 一般: 1000–3000
    assert demo_rationale(stall, D("5000")) is None  # 6,666 would have been 一般 in the old thirds
    sign = b.filed(world, matter=advert, party_kind=m.PartyKind.ORGANISATION)
    assert demo_rationale(sign, D("1500"))["quantity"] == D("10.00")  # 1500 ÷ 150 元/平方米 (middle of 100–200)
