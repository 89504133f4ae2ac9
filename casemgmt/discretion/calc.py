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
    ALL = ""
    CITIZEN = "citizen"
    ORGANISATION = "organisation"


def party_scope(party_kind: str) -> str:
    """Party kinds of the case (PartyKind) to the benchmark's scope: individual businesses count as citizens."""
    return PartyScope.ORGANISATION if party_kind == "organisation" else PartyScope.CITIZEN


class CalculationError(ValueError):
    """Input the calculator cannot use (the message says why, in Chinese)."""


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
                    f"按{self.base_label or '基数'}的倍数处罚，须填写{self.base_label or '基数'}金额"
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
    low: Decimal | None = None  # in the range's unit (yuan or multiples); None for 不予处罚
    high: Decimal | None = None
    party: str = PartyScope.ALL


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


def validate(spec: BenchmarkSpec) -> list[str]:
    """Every reason the benchmark cannot be used: bands outside the statutory range, overlapping or leaving gaps."""
    errors: list[str] = []
    rng = spec.statutory
    if not rng.has_fine:
        if any(t.low is not None or t.high is not None for t in spec.tiers):
            errors.append("该事项无罚款，裁量阶次不能设定罚款幅度")
        return errors
    if rng.high is None or (rng.kind in (RangeKind.FIXED, RangeKind.MULTIPLE) and rng.low is None):
        return ["执法事项未设定法定罚款幅度，不能设定裁量基准"]
    low, high = rng.bounds()
    unit = "倍" if rng.kind == RangeKind.MULTIPLE else "元"
    levels_seen: dict[tuple[str, str], int] = {}
    for tier in spec.tiers:
        key = (tier.party, tier.level)
        levels_seen[key] = levels_seen.get(key, 0) + 1
        label = Level.LABELS.get(tier.level)
        if label is None:
            errors.append(f"裁量阶次“{tier.level}”不正确")
            continue
        if tier.level == Level.NO_PENALTY:
            if tier.low is not None or tier.high is not None:
                errors.append("不予处罚阶次不能设定罚款幅度")
            continue
        if tier.low is None or tier.high is None:
            if spec.mode == Mode.BANDS or tier.level == Level.MITIGATED:
                errors.append(f"{label}阶次须设定罚款幅度下限和上限")
            continue
        if tier.low > tier.high:
            errors.append(f"{label}阶次的下限{_n(tier.low)}{unit}高于上限{_n(tier.high)}{unit}")
        if tier.level == Level.MITIGATED:
            if tier.low < 0 or tier.high > low:
                errors.append(
                    f"减轻阶次的幅度{_n(tier.low)}–{_n(tier.high)}{unit}应低于法定最低{_n(low)}{unit}"
                    "（减轻处罚是在法定最低限以下处罚）"
                )
        elif tier.low < low or tier.high > high:
            errors.append(f"{label}阶次的幅度{_n(tier.low)}–{_n(tier.high)}{unit}超出法定幅度{rng.describe()}")
    for (party, level), count in levels_seen.items():
        if count > 1:
            errors.append(f"{_scope_label(party)}的{Level.LABELS.get(level, level)}阶次重复设定")
    if errors:
        return errors
    if spec.mode == Mode.MIDPOINT:
        return errors  # bands are derived from the statutory range, not configured
    for party in sorted({t.party for t in spec.tiers} or {PartyScope.ALL}):
        graded = [t for t in spec.tiers if t.party == party and t.level in Level.GRADED and t.low is not None]
        graded.sort(key=lambda t: Level.GRADED.index(t.level))
        who = _scope_label(party)
        if not graded:
            errors.append(f"{who}未设定从轻、一般、从重任一阶次的罚款幅度")
            continue
        if graded[0].low != low:
            errors.append(
                f"{who}{Level.LABELS[graded[0].level]}阶次下限{_n(graded[0].low)}{unit}与法定最低{_n(low)}{unit}之间留有空档"
            )
        for lighter, heavier in zip(graded, graded[1:], strict=False):
            a, b = Level.LABELS[lighter.level], Level.LABELS[heavier.level]
            if heavier.low < lighter.high:
                errors.append(
                    f"{who}{a}阶次（{_n(lighter.low)}–{_n(lighter.high)}{unit}）与{b}阶次"
                    f"（{_n(heavier.low)}–{_n(heavier.high)}{unit}）重叠"
                )
            elif heavier.low > lighter.high:
                errors.append(
                    f"{who}{a}阶次上限{_n(lighter.high)}{unit}与{b}阶次下限{_n(heavier.low)}{unit}之间留有空档"
                )
        if graded[-1].high != high:
            errors.append(
                f"{who}{Level.LABELS[graded[-1].level]}阶次上限{_n(graded[-1].high)}{unit}与法定最高{_n(high)}{unit}之间留有空档"
            )
    if spec.mode == Mode.FACTOR and not any(c.percent is not None for c in spec.circumstances):
        errors.append("因素百分比模式须设定至少一项裁量因素及其百分比")
    return errors


def _scope_label(party: str) -> str:
    return {PartyScope.CITIZEN: "对公民", PartyScope.ORGANISATION: "对法人或者其他组织"}.get(party, "")


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


def _tiers_for_party(spec: BenchmarkSpec, scope: str) -> dict[str, TierSpec]:
    tiers = {t.level: t for t in spec.tiers if t.party == PartyScope.ALL}
    tiers.update({t.level: t for t in spec.tiers if t.party == scope})
    return tiers


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
) -> Result:
    """The tier, band (yuan), suggested amount (whole yuan) and references for one case."""
    by_code = {c.code: c for c in spec.circumstances}
    codes = list(dict.fromkeys(circumstances))
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise CalculationError(f"裁量情节“{'、'.join(unknown)}”不属于该裁量基准")
    chosen = [by_code[c] for c in codes]
    if base_amount is not None:
        base_amount = Decimal(base_amount)
        if base_amount < 0:
            raise CalculationError("基数金额不能为负数")
    rng = spec.statutory
    tiers = _tiers_for_party(spec, party_scope(party_kind))
    level = tier_for(c.level for c in chosen if c.level)
    notes: list[str] = []
    percent = None
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
        band_low, band_high = tier.low * factor, tier.high * factor
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
        **common,
    )


def _pct(value: Decimal) -> str:
    return f"{_n(Decimal(value).quantize(Decimal('0.01')))}%"
