"""Demo discretion data: a benchmark for every catalogue matter with a fine range, a 首违不罚 list, and the
rationale that demo decisions carry when their case has a catalogue matter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.discretion import calc
from casemgmt.discretion.models import Benchmark, NoPenaltyItem, NoPenaltyList, statutory_range
from casemgmt.discretion.selectors import benchmark_in_force, violation_date
from casemgmt.discretion.services import benchmark_create, case_matter, no_penalty_review
from casemgmt.powers.models import Matter

EFFECTIVE_FROM = dt.date(2024, 1, 1)
SOURCE = "《示范县乡镇综合行政执法行政处罚裁量基准（2025年版）》"
FIRST_VIOLATION_FIELDS = ("城市管理",)
LIST_NAME = "示范县综合行政执法领域轻微违法行为不予处罚清单"


def _thirds(low: Decimal, high: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Three contiguous bands covering the range (国办发〔2022〕27号: steps between min and max)."""
    step = (high - low) / 3
    one, two = (low + step).quantize(Decimal("0.01")), (low + 2 * step).quantize(Decimal("0.01"))
    return [(low, one), (one, two), (two, high)]


def build_discretion() -> int:
    """Benchmarks (explicit bands) for the catalogue's matters, and the county's 首违不罚 list. Returns the number
    of benchmarks created; matters that already have one are left alone."""
    created = 0
    first_list = None
    for matter in Matter.objects.filter(is_active=True).order_by("code"):
        rng = statutory_range(matter)
        if not rng.has_fine or rng.high is None or Benchmark.objects.filter(matter=matter).exists():
            continue
        low, high = rng.bounds()
        (a, b), (c, d), (e, f) = _thirds(low, high)
        tiers = [
            calc.TierSpec(calc.Level.NO_PENALTY, "初次违法且危害后果轻微并及时改正"),
            calc.TierSpec(calc.Level.LENIENT, "违法情节轻微，经责令后及时改正", a, b),
            calc.TierSpec(calc.Level.ORDINARY, "经责令后逾期改正，造成一定不良影响", c, d),
            calc.TierSpec(calc.Level.HEAVIER, "拒不改正、阻碍执法或者一年内再次违法", e, f),
        ]
        if low > 0:
            tiers.append(calc.TierSpec(calc.Level.MITIGATED, "有《行政处罚法》第三十二条规定情形", Decimal("0"), low))
        benchmark_create(
            matter=matter,
            version="2025版",
            mode=calc.Mode.BANDS,
            effective_from=EFFECTIVE_FROM,
            source=SOURCE,
            tiers=tiers,
            circumstances=[
                calc.CircumstanceSpec("first", "初次违法且危害后果轻微并及时改正", level=calc.Level.NO_PENALTY),
                calc.CircumstanceSpec("corrected", "经责令后及时改正", level=calc.Level.LENIENT),
                calc.CircumstanceSpec("refused", "拒不改正或者阻碍执法", level=calc.Level.HEAVIER),
                calc.CircumstanceSpec("repeat", "一年内再次违法", level=calc.Level.HEAVIER),
            ]
            + (
                [calc.CircumstanceSpec("art32", "主动消除或者减轻违法行为危害后果", level=calc.Level.MITIGATED)]
                if low > 0
                else []
            ),
        )
        created += 1
        if matter.field in FIRST_VIOLATION_FIELDS:
            first_list = first_list or _first_violation_list()
            _first_violation_item(first_list, matter)
    return created


def _first_violation_list() -> NoPenaltyList:
    found = NoPenaltyList.objects.filter(name=LIST_NAME).first()
    return found or NoPenaltyList.objects.create(
        name=LIST_NAME,
        issuer="示范县人民政府",
        document_number="示政办发〔2023〕12号",
        effective_from=EFFECTIVE_FROM,
        lookback_months=12,
    )


def _first_violation_item(first_list: NoPenaltyList, matter: Matter) -> NoPenaltyItem:
    return NoPenaltyItem.objects.create(
        no_penalty_list=first_list, matter=matter, conditions="首次违法，危害后果轻微，经责令后及时改正"
    )


def demo_no_penalty_review(case, actor, on: dt.date):
    """The 首违不罚 review a demo no-penalty case gets before its decision (rule 16); the county list gains the
    case's matter if it lacks it. None for a case without a catalogue matter."""
    matter = case_matter(case)
    if matter is None:
        return None
    item = NoPenaltyItem.objects.filter(matter=matter).first() or _first_violation_item(_first_violation_list(), matter)
    return no_penalty_review(
        case=case,
        actor=actor,
        item=item,
        on=on,
        correction_proof="当事人已当场改正，现场复查照片附卷",
        education_measure="对当事人进行批评教育并宣讲相关法律规定，当事人签署承诺书",
    )


def demo_rationale(case, fine) -> dict | None:
    """The rationale a demo decision carries: only for a case with a catalogue matter whose fine lies in the
    benchmark's 一般 band (the demo prints 一般 on its decisions); None otherwise. For fines in multiples the base
    (e.g. the 工程造价 of the demo's 工程造价评估意见) is the one that puts the fine at the middle multiple."""
    matter, on = case_matter(case), violation_date(case)
    if matter is None or on is None or not fine:
        return None
    benchmark = benchmark_in_force(matter=matter, on=on)
    ordinary = None
    if benchmark is not None:
        ordinary = next((t for t in benchmark.tiers.all() if t.level == calc.Level.ORDINARY and not t.party), None)
    if ordinary is None or ordinary.low is None:
        return None
    fine = Decimal(fine)
    rng = statutory_range(matter)
    base = None
    factor = Decimal("1")
    if rng.kind == calc.RangeKind.MULTIPLE:
        low, high = rng.bounds()
        base = (fine / ((low + high) / 2)).quantize(Decimal("0.01"))
        factor = base
    if not (ordinary.low * factor <= fine <= ordinary.high * factor):
        return None
    return {
        "circumstances": [],
        "chosen_amount": fine,
        "base_amount": base,
        "reasons": "经责令后逾期改正，造成一定不良影响，依裁量基准属一般情节",
    }
