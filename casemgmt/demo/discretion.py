"""Demo discretion data: a benchmark for every catalogue matter with a fine range, a 首违不罚 list, and the
rationale that demo decisions carry when their case has a catalogue matter.

The township's common matters (占道经营, 乱堆乱放, 违法建设, 户外广告, 建筑垃圾, 乱张贴) get the sample tables of
``casemgmt/discretion/samples/township`` — fixed amounts, ranges per party type, fines per m² or per item, modelled
on published county and municipal 城管 tables (sources in each file). The other matters get three contiguous bands
over the statutory range."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from casemgmt.discretion import calc, imports
from casemgmt.discretion.models import Benchmark, NoPenaltyItem, NoPenaltyList, statutory_range
from casemgmt.discretion.selectors import benchmark_in_force, violation_date
from casemgmt.discretion.services import benchmark_create, case_matter, case_party_kind, no_penalty_review
from casemgmt.powers.models import Matter

EFFECTIVE_FROM = dt.date(2024, 1, 1)
SOURCE = "《示范县乡镇综合行政执法行政处罚裁量基准（2025年版）》"
TOWNSHIP_TABLES = Path(imports.__file__).resolve().parent / "samples" / "township"
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
    created = import_township_tables()
    first_list = None
    for matter in Matter.objects.filter(is_active=True).order_by("code"):
        imported = matter.field in FIRST_VIOLATION_FIELDS and Benchmark.objects.filter(matter=matter).exists()
        if imported and not NoPenaltyItem.objects.filter(matter=matter).exists():
            first_list = first_list or _first_violation_list()
            _first_violation_item(first_list, matter)
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


def import_township_tables() -> int:
    """Import each sample table whose matters are all in the catalogue and have no benchmark yet; the number of
    benchmarks imported."""
    created = 0
    for path in sorted(TOWNSHIP_TABLES.glob("*.csv")):
        codes = {row["事项编码"] for row in imports.read_rows(path.read_bytes(), path.name)}
        matters = Matter.objects.filter(code__in=codes, is_active=True)
        if matters.count() != len(codes) or Benchmark.objects.filter(matter__in=matters).exists():
            continue
        created += len(imports.benchmarks_import(data=path.read_bytes(), filename=path.name))
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
    benchmark's 一般 band for the case's party type (the demo prints 一般 on its decisions); None otherwise. Where
    the band depends on a base or a quantity, the demo records the one that puts the fine in the middle of the
    band: the 工程造价 of a fine in multiples, the area of a fine per m², the number of items of a fine per item."""
    matter, on = case_matter(case), violation_date(case)
    if matter is None or on is None or not fine:
        return None
    benchmark = benchmark_in_force(matter=matter, on=on)
    if benchmark is None:
        return None
    spec = benchmark.spec()
    party_kind = case_party_kind(case)
    ordinary = calc.tiers_for_party(spec, calc.party_scope(party_kind)).get(calc.Level.ORDINARY)
    if ordinary is None or ordinary.low is None:
        return None
    fine = Decimal(fine)
    middle = (ordinary.low + ordinary.high) / 2
    base = quantity = None
    if ordinary.unit in calc.Unit.QUANTITY:
        whole = ordinary.unit in (calc.Unit.DAY, calc.Unit.ITEM)  # days and items are counted, not measured
        quantity = (fine / middle).quantize(Decimal("1") if whole else Decimal("0.01"))
    elif ordinary.unit == calc.Unit.ILLEGAL_INCOME or spec.statutory.kind == calc.RangeKind.MULTIPLE:
        base = (fine / middle).quantize(Decimal("0.01"))
    if (quantity is not None and quantity <= 0) or (base is not None and base <= 0):
        return None
    try:
        result = calc.calculate(spec, party_kind=party_kind, base_amount=base, quantity=quantity)
    except calc.CalculationError:
        return None
    if result.tier != calc.Level.ORDINARY or not (result.band_low <= fine <= result.band_high):
        return None
    return {
        "circumstances": [],
        "chosen_amount": fine,
        "base_amount": base,
        "quantity": quantity,
        "reasons": "经责令后逾期改正，造成一定不良影响，依裁量基准属一般情节",
    }
