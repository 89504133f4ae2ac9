"""Fine calculation from a discretion benchmark (裁量基准): pure Python, no database.

A benchmark is turned into a :class:`BenchmarkSpec` once (see ``Benchmark.spec()``); :func:`calculate` then takes the
party type, the circumstances ticked and, for fines in multiples, the base amount (违法所得/货值金额), and returns
the tier, its band, a suggested amount and the benchmark version and clauses used.

Calculation modes found in published benchmarks (legal-brief §4.4):

- ``bands`` — explicit amount bands per tier (磐安县大盘镇 township table and most county tables): the band is
  the tier's; the suggested amount is the middle of the band.
- ``midpoint`` — 广东省生态环境行政处罚自由裁量权规定 (2022) Art. 12: range fines 一般 = (min + max) / 2, 从轻 below
  it, 从重 from it up; fines in multiples use the middle multiple the same way; where only a maximum is given,
  从轻 ≈ 20 % and 一般 ≈ 50 % of the maximum (从重 then runs from 50 % to the maximum).
- ``factor`` — 湖南省生态环境厅 湘环发〔2022〕8号 Art. 5 as applied by a published case-review script: starting
  point Y = min ÷ max, fine = [Y + Σ factors × (1 − Y)] × max (Σ capped at 100 %). The benchmark's tier bands
  then name the tier the computed amount falls in.

Tiers as published tables write them (bands mode): a range or a fixed amount (low = high, 罚款200元); for a party
type (单位 / 个人 / 个体工商户; an individual business without tiers of its own takes the 个人 ones); per unit of a
quantity (每平方米, 每米, 每日, 每件: band = rate × quantity) or in multiples of the 违法所得 — these bands are held
to the statutory range and come with the formula that gave them. Gaps between tiers or to the statutory range are
warnings (:func:`review`), not errors: published tables leave them on purpose.

Tier from circumstances (our rule, stated so that officers can predict it): 不予处罚 or 减轻 circumstances apply
when no 从重 circumstance is ticked; 从重 together with a lighter circumstance offsets to 一般; otherwise 从重,
从轻 or, with nothing ticked, 一般.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
YUAN = Decimal("1")
FEN = Decimal("0.01")


class Level:
    NO_PENALTY = "no_penalty"
    MITIGATED = "mitigated"
    LENIENT = "lenient"
    ORDINARY = "ordinary"
    HEAVIER = "heavier"

    LABELS = {
        NO_PENALTY: "不予处罚",
        MITIGATED: "减轻",
        LENIENT: "从轻",
        ORDINARY: "一般",
        HEAVIER: "从重",
    }
    # Tiers graded inside the statutory range, from light to heavy: their bands must cover it without gap/overlap.
    GRADED = (LENIENT, ORDINARY, HEAVIER)
    ALL = (NO_PENALTY, MITIGATED, LENIENT, ORDINARY, HEAVIER)


class Mode:
    BANDS = "bands"
    MIDPOINT = "midpoint"
    FACTOR = "factor"

    LABELS = {
        BANDS: "分档幅度（各阶次明确罚款幅度）",
        MIDPOINT: "中间值规则（广东）",
        FACTOR: "因素百分比累加（湖南）",
    }


class RangeKind:
    FIXED = "fixed"
    MULTIPLE = "multiple"
    MAX_ONLY = "max_only"
    NONE = "none"


class PartyScope:
    """Whom a tier applies to. Published tables set ranges for 单位 and 个人 and sometimes for 个体工商户 apart."""

    ALL = ""
    CITIZEN = "citizen"
    ORGANISATION = "organisation"
    INDIVIDUAL_BUSINESS = "individual_business"

    LABELS = {ALL: "不区分", CITIZEN: "个人", ORGANISATION: "单位", INDIVIDUAL_BUSINESS: "个体工商户"}


def party_scope(party_kind: str) -> str:
    """Party kinds of the case (PartyKind) to the benchmark's scope (the same codes)."""
    if party_kind in (PartyScope.ORGANISATION, PartyScope.INDIVIDUAL_BUSINESS):
        return party_kind
    return PartyScope.CITIZEN


def scope_chain(scope: str) -> tuple[str, ...]:
    """The scopes whose tiers apply to a party, most general first: an individual business without tiers of its
    own is fined as an individual (个人), as published tables that name only 单位 and 个人 intend."""
    if scope == PartyScope.INDIVIDUAL_BUSINESS:
        return (PartyScope.ALL, PartyScope.CITIZEN, PartyScope.INDIVIDUAL_BUSINESS)
    return (PartyScope.ALL, scope)


class Unit:
    """What a tier's amounts are counted in. ``STATUTORY`` (blank): the penalty clause's own unit — yuan, or
    multiples of the base for fines in multiples. The others are fines per unit of a quantity recorded on the case
    (罚款 = 单价 × 数量), or multiples of the 违法所得 where the clause itself sets an amount range."""

    STATUTORY = ""
    SQUARE_METRE = "sqm"
    METRE = "metre"
    DAY = "day"
    ITEM = "item"
    ILLEGAL_INCOME = "illegal_income"

    LABELS = {
        STATUTORY: "按法定幅度（元或倍数）",
        SQUARE_METRE: "每平方米",
        METRE: "每米",
        DAY: "每日",
        ITEM: "每件（处、个）",
        ILLEGAL_INCOME: "违法所得的倍数",
    }
    #: the quantity's name and measure, for the input and the formula
    QUANTITY = {
        SQUARE_METRE: ("面积", "平方米"),
        METRE: ("长度", "米"),
        DAY: ("天数", "日"),
        ITEM: ("数量", "件"),
    }
    PER_QUANTITY = tuple(QUANTITY)


class CalculationError(ValueError):
    """Input the calculator cannot use (the message says why, in Chinese; ``field`` names the input at fault)."""

    def __init__(self, message: str, field: str = "circumstances"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class StatutoryRange:
    """The penalty clause's fine range. For ``multiple`` the bounds are multiples of the base amount."""

    kind: str
    low: Decimal | None = None
    high: Decimal | None = None
    base_label: str = ""

    @property
    def has_fine(self) -> bool:
        return self.kind != RangeKind.NONE

    def bounds(self) -> tuple[Decimal, Decimal]:
        """Low and high in the range's own unit (yuan, or multiples)."""
        if self.kind == RangeKind.MAX_ONLY:
            return ZERO, Decimal(self.high)
        return Decimal(self.low or 0), Decimal(self.high)

    def in_yuan(self, base_amount: Decimal | None) -> tuple[Decimal, Decimal]:
        low, high = self.bounds()
        if self.kind == RangeKind.MULTIPLE:
            if base_amount is None:
                raise CalculationError(
                    f"按{self.base_label or '基数'}的倍数处罚，须填写{self.base_label or '基数'}金额",
                    field="base_amount",
                )
            return low * base_amount, high * base_amount
        return low, high

    def describe(self) -> str:
        if self.kind == RangeKind.NONE:
            return "无罚款"
        low, high = self.bounds()
        if self.kind == RangeKind.MULTIPLE:
            return f"{self.base_label}{_n(low)}倍以上{_n(high)}倍以下"
        if self.kind == RangeKind.MAX_ONLY:
            return f"{_n(high)}元以下"
        return f"{_n(low)}元以上{_n(high)}元以下"


@dataclass(frozen=True)
class TierSpec:
    level: str
    conditions: str = ""
    low: Decimal | None = None  # in the tier's unit (yuan, multiples, or yuan per unit); None for 不予处罚
    high: Decimal | None = None
    party: str = PartyScope.ALL
    unit: str = Unit.STATUTORY

    @property
    def fixed(self) -> bool:
        """A fixed amount (罚款200元): both bounds the same."""
        return self.low is not None and self.low == self.high


@dataclass(frozen=True)
class CircumstanceSpec:
    code: str
    label: str
    level: str = ""  # the tier this circumstance points to (band/midpoint modes)
    percent: Decimal | None = None  # factor mode: percentage points added (e.g. Decimal("5") for 5 %)


@dataclass(frozen=True)
class BenchmarkSpec:
    ref: str  # e.g. "城关镇综合行政执法裁量基准（2025版）第12项"
    version: str
    matter_code: str
    matter_name: str
    penalty_clause: str
    mode: str
    statutory: StatutoryRange
    tiers: tuple[TierSpec, ...] = ()
    circumstances: tuple[CircumstanceSpec, ...] = ()
    pk: int | None = None


@dataclass(frozen=True)
class Result:
    tier: str
    tier_label: str
    band_low: Decimal | None  # yuan
    band_high: Decimal | None
    suggested: Decimal | None
    statutory_low: Decimal | None
    statutory_high: Decimal | None
    benchmark_ref: str
    version: str
    clauses: str
    conditions: str
    circumstances: tuple[str, ...] = ()
    percent: Decimal | None = None  # factor mode: Σ of factor percentages used
    notes: tuple[str, ...] = field(default_factory=tuple)
    formula: str = ""  # how the band was computed, e.g. 每平方米100元至200元 × 12平方米 = 1200元至2400元
    quantity: Decimal | None = None
    unit: str = Unit.STATUTORY

    def as_dict(self) -> dict:
        def s(v):
            return None if v is None else str(v)

        return {
            "tier": self.tier,
            "tier_label": self.tier_label,
            "band_low": s(self.band_low),
            "band_high": s(self.band_high),
            "suggested": s(self.suggested),
            "statutory_low": s(self.statutory_low),
            "statutory_high": s(self.statutory_high),
            "benchmark_ref": self.benchmark_ref,
            "version": self.version,
            "clauses": self.clauses,
            "conditions": self.conditions,
            "circumstances": list(self.circumstances),
            "percent": s(self.percent),
            "notes": list(self.notes),
            "formula": self.formula,
            "quantity": s(self.quantity),
            "unit": self.unit,
        }


def _n(value: Decimal) -> str:
    """A number without trailing zeros (20000, 2.5)."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan(value: Decimal) -> Decimal:
    return Decimal(value).quantize(YUAN, rounding=ROUND_HALF_UP)


def cents(low: Decimal | None, high: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """A band in yuan to whole fen, rounded inwards (a multiple of 违法所得 rarely falls on a fen): an amount inside
    the rounded band is always inside the exact one."""
    if low is None or high is None:
        return low, high
    return Decimal(low).quantize(FEN, rounding=ROUND_CEILING), Decimal(high).quantize(FEN, rounding=ROUND_FLOOR)


# --- validation --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem of a benchmark; ``tiers`` are indexes into ``spec.tiers`` (an import names their rows)."""

    message: str
    tiers: tuple[int, ...] = ()


def unit_label(tier: TierSpec, rng: StatutoryRange) -> str:
    """The measure of a tier's numbers: 元, 倍, or 元/平方米 …"""
    if tier.unit in Unit.QUANTITY:
        return f"元/{Unit.QUANTITY[tier.unit][1]}"
    if tier.unit == Unit.ILLEGAL_INCOME or rng.kind == RangeKind.MULTIPLE:
        return "倍"
    return "元"


def tier_wording(tier: TierSpec, rng: StatutoryRange) -> str:
    """The tier's amount as a published table words it: 罚款200元, 2000元至5000元, 每平方米100元至200元, 违法所得1倍至2倍."""
    if tier.low is None:
        return "不罚款"
    if tier.unit in Unit.QUANTITY:
        measure = Unit.QUANTITY[tier.unit][1]
        span = f"{_n(tier.low)}元" if tier.fixed else f"{_n(tier.low)}元至{_n(tier.high)}元"
        return f"每{measure}{span}"
    if tier.unit == Unit.ILLEGAL_INCOME or rng.kind == RangeKind.MULTIPLE:
        base = "违法所得" if tier.unit == Unit.ILLEGAL_INCOME else (rng.base_label or "基数")
        return f"{base}的{_n(tier.low)}倍" if tier.fixed else f"{base}的{_n(tier.low)}倍至{_n(tier.high)}倍"
    return f"罚款{_n(tier.low)}元" if tier.fixed else f"{_n(tier.low)}元至{_n(tier.high)}元"


def review(spec: BenchmarkSpec) -> tuple[list[Finding], list[Finding]]:
    """Errors (the benchmark cannot be used) and warnings (it can, but an officer should know).

    Errors: a band above the statutory maximum, or below the minimum outside the 减轻 tier; a low bound above the
    high one; tiers of one party type overlapping or out of order; a tier repeated. Warnings: gaps — between the
    statutory minimum and the lightest tier, between two tiers, between the heaviest tier and the maximum. Published
    tables often set fixed amounts (罚款200元) or ranges for 单位 and 个人 apart, which leave such gaps by design.
    Fines per unit (per m², per day, per item, per multiple of 违法所得) are checked against each other; the amount
    they give a case is held to the statutory range when it is calculated."""
    errors: list[Finding] = []
    warnings: list[Finding] = []
    rng = spec.statutory
    if not rng.has_fine:
        if any(t.low is not None or t.high is not None for t in spec.tiers):
            errors.append(Finding("该事项无罚款，裁量阶次不能设定罚款幅度"))
        return errors, warnings
    if rng.high is None or (rng.kind in (RangeKind.FIXED, RangeKind.MULTIPLE) and rng.low is None):
        return [Finding("执法事项未设定法定罚款幅度，不能设定裁量基准")], warnings
    low, high = rng.bounds()
    seen: dict[tuple[str, str], int] = {}
    for index, tier in enumerate(spec.tiers):
        at = (index,)
        label = Level.LABELS.get(tier.level)
        who = _scope_label(tier.party)
        if label is None:
            errors.append(Finding(f"裁量阶次“{tier.level}”不正确", at))
            continue
        if tier.party not in PartyScope.LABELS:
            errors.append(Finding(f"适用对象“{tier.party}”不正确", at))
            continue
        if tier.unit not in Unit.LABELS:
            errors.append(Finding(f"计罚单位“{tier.unit}”不正确", at))
            continue
        key = (tier.party, tier.level)
        if key in seen:
            errors.append(Finding(f"{who}{label}阶次重复设定", (seen[key], index)))
            continue
        seen[key] = index
        if tier.level == Level.NO_PENALTY:
            if tier.low is not None or tier.high is not None:
                errors.append(Finding("不予处罚阶次不能设定罚款幅度", at))
            continue
        if tier.low is None or tier.high is None:
            if spec.mode == Mode.BANDS or tier.level == Level.MITIGATED or tier.unit:
                errors.append(Finding(f"{who}{label}阶次须设定罚款幅度下限和上限（固定金额的，下限与上限相同）", at))
            continue
        measure = unit_label(tier, rng)
        if tier.low < 0 or tier.high < 0:
            errors.append(Finding(f"{who}{label}阶次的金额不能为负数", at))
            continue
        if tier.low > tier.high:
            errors.append(Finding(f"{who}{label}阶次的下限{_n(tier.low)}{measure}高于上限{_n(tier.high)}{measure}", at))
            continue
        if tier.unit:
            if spec.mode != Mode.BANDS:
                errors.append(Finding(f"{who}{label}阶次按{Unit.LABELS[tier.unit]}计罚，只适用于分档幅度计算方式", at))
            elif tier.unit == Unit.ILLEGAL_INCOME and rng.kind == RangeKind.MULTIPLE:
                errors.append(Finding(f"罚则本身按{rng.base_label}的倍数处罚，{label}阶次的计罚单位应留空", at))
            continue  # per unit: the case's quantity gives the amount, held to the statutory range then
        if tier.level == Level.MITIGATED:
            if tier.high > low:
                errors.append(
                    Finding(
                        f"{who}减轻阶次的幅度{_n(tier.low)}–{_n(tier.high)}{measure}应低于法定最低{_n(low)}{measure}"
                        "（减轻处罚是在法定最低限以下处罚）",
                        at,
                    )
                )
        elif tier.high > high:
            errors.append(
                Finding(f"{who}{label}阶次（{tier_wording(tier, rng)}）超过法定最高限额（{rng.describe()}）", at)
            )
        elif tier.low < low:
            errors.append(
                Finding(
                    f"{who}{label}阶次（{tier_wording(tier, rng)}）低于法定最低限额（{rng.describe()}）；"
                    "法定最低限以下的处罚应设为减轻阶次",
                    at,
                )
            )
    if errors or spec.mode == Mode.MIDPOINT:
        return errors, warnings  # midpoint: bands are derived from the statutory range, not configured
    scopes = {t.party for t in spec.tiers} or {PartyScope.ALL}
    if len(scopes) > 1:
        # The general tiers are checked as part of each party type's set: they apply to 个人 and 单位 where those
        # have no tier of their own (an individual business falls back on the 个人 tiers).
        if PartyScope.ALL in scopes:
            scopes |= {PartyScope.CITIZEN, PartyScope.ORGANISATION}
        scopes.discard(PartyScope.ALL)
    for party in sorted(scopes, key=list(PartyScope.LABELS).index):
        tiers = _effective_tiers(spec, party)
        who = _scope_label(party)
        graded = [(i, t) for i, t in tiers.items() if t.level in Level.GRADED and t.low is not None]
        if not graded:
            errors.append(Finding(f"{who}未设定从轻、一般、从重任一阶次的罚款幅度"))
            continue
        by_unit: dict[str, list[tuple[int, TierSpec]]] = {}
        for i, t in graded:
            by_unit.setdefault(t.unit, []).append((i, t))
        for unit, group in by_unit.items():
            group.sort(key=lambda it: Level.GRADED.index(it[1].level))
            for (i, lighter), (j, heavier) in zip(group, group[1:], strict=False):
                a, b = Level.LABELS[lighter.level], Level.LABELS[heavier.level]
                if heavier.low < lighter.high:
                    errors.append(
                        Finding(
                            f"{who}{a}阶次（{tier_wording(lighter, rng)}）与{b}阶次（{tier_wording(heavier, rng)}）"
                            "重叠或轻重倒置",
                            (i, j),
                        )
                    )
                elif heavier.low > lighter.high and not unit:
                    warnings.append(
                        Finding(
                            f"{who}{a}阶次（{tier_wording(lighter, rng)}）与{b}阶次（{tier_wording(heavier, rng)}）"
                            "之间留有空档",
                            (j,),
                        )
                    )
            if unit:
                continue
            (first_i, first), (last_i, last) = group[0], group[-1]
            measure = unit_label(first, rng)
            if first.low > low:
                warnings.append(
                    Finding(
                        f"{who}{Level.LABELS[first.level]}阶次（{tier_wording(first, rng)}）与法定最低"
                        f"{_n(low)}{measure}之间留有空档",
                        (first_i,),
                    )
                )
            if last.high < high:
                warnings.append(
                    Finding(
                        f"{who}{Level.LABELS[last.level]}阶次（{tier_wording(last, rng)}）与法定最高"
                        f"{_n(high)}{measure}之间留有空档",
                        (last_i,),
                    )
                )
    if spec.mode == Mode.FACTOR and not any(c.percent is not None for c in spec.circumstances):
        errors.append(Finding("因素百分比模式须设定至少一项裁量因素及其百分比"))
    return errors, warnings


def validate(spec: BenchmarkSpec) -> list[str]:
    """Every reason the benchmark cannot be used (see :func:`review`; gaps are warnings, not reasons)."""
    return [f.message for f in review(spec)[0]]


def warnings_of(spec: BenchmarkSpec) -> list[str]:
    return [f.message for f in review(spec)[1]]


def _scope_label(party: str) -> str:
    return {
        PartyScope.CITIZEN: "对个人",
        PartyScope.ORGANISATION: "对单位",
        PartyScope.INDIVIDUAL_BUSINESS: "对个体工商户",
    }.get(party, "")


def _effective_tiers(spec: BenchmarkSpec, scope: str) -> dict[int, TierSpec]:
    """The tiers that apply to a party type, by index in ``spec.tiers``: the general ones, overridden level by level
    by those of the party type (an individual business: by the 个人 tiers, then its own)."""
    by_level: dict[str, int] = {}
    for s in scope_chain(scope):
        for i, t in enumerate(spec.tiers):
            if t.party == s:
                by_level[t.level] = i
    return {i: spec.tiers[i] for i in sorted(by_level.values())}


# --- calculation -------------------------------------------------------------------------------------------------


def tier_for(levels: Iterable[str]) -> str:
    """The tier the ticked circumstances point to (see the module docstring for the precedence)."""
    ticked = set(levels)
    heavier = Level.HEAVIER in ticked
    if Level.NO_PENALTY in ticked and not heavier:
        return Level.NO_PENALTY
    if Level.MITIGATED in ticked and not heavier:
        return Level.MITIGATED
    if heavier and ticked & {Level.LENIENT, Level.MITIGATED, Level.NO_PENALTY}:
        return Level.ORDINARY
    if heavier:
        return Level.HEAVIER
    if Level.LENIENT in ticked:
        return Level.LENIENT
    return Level.ORDINARY


def tiers_for_party(spec: BenchmarkSpec, scope: str) -> dict[str, TierSpec]:
    return {t.level: t for t in _effective_tiers(spec, scope).values()}


def _midpoint_band(level: str, rng: StatutoryRange) -> tuple[Decimal, Decimal, Decimal] | None:
    """广东 Art. 12: (band low, band high, suggested) in the range's unit, or None for tiers it does not define."""
    low, high = rng.bounds()
    if rng.kind == RangeKind.MAX_ONLY:
        points = {
            Level.LENIENT: (ZERO, high * Decimal("0.5"), high * Decimal("0.2")),
            Level.ORDINARY: (high * Decimal("0.5"), high * Decimal("0.5"), high * Decimal("0.5")),
            Level.HEAVIER: (high * Decimal("0.5"), high, (high * Decimal("0.5") + high) / 2),
        }
    else:
        mid = (low + high) / 2
        points = {
            Level.LENIENT: (low, mid, (low + mid) / 2),
            Level.ORDINARY: (mid, mid, mid),
            Level.HEAVIER: (mid, high, (mid + high) / 2),
        }
    return points.get(level)


def calculate(
    spec: BenchmarkSpec,
    *,
    party_kind: str,
    circumstances: Iterable[str] = (),
    base_amount: Decimal | None = None,
    quantity: Decimal | None = None,
) -> Result:
    """The tier, band (yuan), suggested amount (whole yuan) and references for one case.

    ``base_amount`` is the 违法所得/货值金额/工程造价 of fines in multiples; ``quantity`` the area, length, days or
    items of a fine per unit. A band computed per unit is held to the statutory range (and says so)."""
    by_code = {c.code: c for c in spec.circumstances}
    codes = list(dict.fromkeys(circumstances))
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise CalculationError(f"裁量情节“{'、'.join(unknown)}”不属于该裁量基准")
    chosen = [by_code[c] for c in codes]
    if base_amount is not None:
        base_amount = Decimal(base_amount)
        if base_amount < 0:
            raise CalculationError("基数金额不能为负数", field="base_amount")
    if quantity is not None:
        quantity = Decimal(quantity)
        if quantity < 0:
            raise CalculationError("计罚数量不能为负数", field="quantity")
    rng = spec.statutory
    tiers = tiers_for_party(spec, party_scope(party_kind))
    level = tier_for(c.level for c in chosen if c.level)
    notes: list[str] = []
    percent = None
    formula = ""
    common = {
        "benchmark_ref": spec.ref,
        "version": spec.version,
        "clauses": spec.penalty_clause,
        "circumstances": tuple(c.label for c in chosen),
    }
    if not rng.has_fine:
        tier = tiers.get(level)
        return Result(
            tier=level,
            tier_label=Level.LABELS[level],
            band_low=None,
            band_high=None,
            suggested=None,
            statutory_low=None,
            statutory_high=None,
            conditions=tier.conditions if tier else "",
            notes=("该事项罚则未规定罚款",),
            **common,
        )
    stat_low, stat_high = rng.in_yuan(base_amount)
    factor = Decimal(base_amount) if rng.kind == RangeKind.MULTIPLE else Decimal("1")
    unit = Unit.STATUTORY

    if level == Level.NO_PENALTY:
        band_low = band_high = suggested = ZERO
    elif spec.mode == Mode.FACTOR and level != Level.MITIGATED:
        low, high = rng.bounds()
        start = low / high if high else ZERO
        total = sum((c.percent for c in chosen if c.percent is not None), ZERO) / 100
        if total > 1:
            notes.append("裁量因素百分比合计超过100%，按100%计")
            total = Decimal("1")
        percent = total * 100
        value = (start + total * (1 - start)) * high * factor
        suggested = yuan(value)
        # The tier is the band the computed amount falls in; the circumstances' own tier flags only matter for
        # 不予处罚 and 减轻 (handled above and below).
        level = Level.ORDINARY
        for candidate in Level.GRADED:
            t = tiers.get(candidate)
            if t is not None and t.low is not None and t.low * factor <= value <= t.high * factor:
                level = candidate
                break
        t = tiers.get(level)
        band_low, band_high = (t.low * factor, t.high * factor) if t and t.low is not None else (stat_low, stat_high)
        notes.append(
            f"起点{_pct(start * 100)}（法定最低÷法定最高）＋因素合计{_pct(percent)}×（1−起点），乘以法定最高限额"
        )
    elif spec.mode == Mode.MIDPOINT and level in Level.GRADED:
        low_, high_, mid_ = _midpoint_band(level, rng)
        band_low, band_high, suggested = low_ * factor, high_ * factor, yuan(mid_ * factor)
    else:
        tier = tiers.get(level)
        if tier is None or tier.low is None:
            raise CalculationError(f"该裁量基准未设定{Level.LABELS[level]}阶次的罚款幅度")
        unit = tier.unit
        band_low, band_high, formula = _tier_band(tier, rng, factor=factor, base=base_amount, quantity=quantity)
        if unit:
            band_low, band_high, held = _held_to_statute(level, band_low, band_high, stat_low, stat_high)
            if held:
                notes.append(held)
                formula = f"{formula}；{held}"
        suggested = yuan((band_low + band_high) / 2)
    tier = tiers.get(level)
    band_low, band_high = cents(band_low, band_high)
    stat_low, stat_high = cents(stat_low, stat_high)
    return Result(
        tier=level,
        tier_label=Level.LABELS[level],
        band_low=band_low,
        band_high=band_high,
        suggested=suggested,
        statutory_low=stat_low,
        statutory_high=stat_high,
        conditions=tier.conditions if tier else "",
        percent=percent,
        notes=tuple(notes),
        formula=formula,
        quantity=quantity if unit in Unit.QUANTITY else None,
        unit=unit,
        **common,
    )


def _tier_band(
    tier: TierSpec, rng: StatutoryRange, *, factor: Decimal, base: Decimal | None, quantity: Decimal | None
) -> tuple[Decimal, Decimal, str]:
    """A graded tier's band in yuan for this case, and the formula that gave it."""
    if tier.unit in Unit.QUANTITY:
        name, measure = Unit.QUANTITY[tier.unit]
        if quantity is None:
            raise CalculationError(f"该阶次按{Unit.LABELS[tier.unit]}计罚，须填写{name}（{measure}）", field="quantity")
        low, high = tier.low * quantity, tier.high * quantity
        return low, high, f"{tier_wording(tier, rng)} × {_n(quantity)}{measure} = {_span(low, high)}"
    if tier.unit == Unit.ILLEGAL_INCOME:
        if base is None:
            raise CalculationError("该阶次按违法所得的倍数计罚，须填写违法所得金额", field="base_amount")
        low, high = tier.low * base, tier.high * base
        return low, high, f"违法所得{_n(base)}元 × {_n(tier.low)}倍至{_n(tier.high)}倍 = {_span(low, high)}"
    if rng.kind == RangeKind.MULTIPLE:
        low, high = tier.low * factor, tier.high * factor
        label = rng.base_label or "基数"
        return low, high, f"{label}{_n(factor)}元 × {_n(tier.low)}倍至{_n(tier.high)}倍 = {_span(low, high)}"
    return tier.low, tier.high, f"固定金额{_n(tier.low)}元" if tier.fixed else ""


def _held_to_statute(
    level: str, low: Decimal, high: Decimal, stat_low: Decimal, stat_high: Decimal
) -> tuple[Decimal, Decimal, str]:
    """A band computed per unit, held to the statutory range (the 减轻 tier keeps its amounts below the minimum)."""
    said = []
    if high > stat_high:
        said.append(f"超过法定最高限额的，以{_n(cents(stat_high, stat_high)[0])}元为限")
        high = stat_high
        low = min(low, stat_high)
    if level != Level.MITIGATED and low < stat_low:
        said.append(f"低于法定最低限额的，按{_n(stat_low)}元计")
        low = stat_low
        high = max(high, stat_low)
    return low, high, "，".join(said)


def _span(low: Decimal, high: Decimal) -> str:
    low, high = cents(low, high)
    return f"{_n(low)}元" if low == high else f"{_n(low)}元至{_n(high)}元"


def _pct(value: Decimal) -> str:
    return f"{_n(Decimal(value).quantize(Decimal('0.01')))}%"
