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
