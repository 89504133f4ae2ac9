"""Use cases of the discretion app: benchmarks, the fine calculator, the discretion rationale of a decision and
the 首违不罚 review. Same pattern as the case services: lock, role, validate, write, record the event."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.services.base import (
    HANDLER_ROLES,
    LEADER_ROLES,
    InputError,
    lock_case,
    record_event,
    require_role,
    require_status,
    save_tracked,
    touch,
)
from casemgmt.cases.textlimits import TEXT_MAX, check_text, too_long
from casemgmt.powers.models import Matter

from . import calc
from .models import (
    Benchmark,
    Circumstance,
    DiscretionRationale,
    NoPenaltyAssessment,
    NoPenaltyItem,
    Tier,
    statutory_range,
)
from .selectors import benchmark_in_force, party_identifiers, prior_violations, violation_date

S = m.CaseStatus
#: The rationale is recorded with the investigation report or later, and may be revised until the decision.
RATIONALE_STATUSES = (S.INVESTIGATION, S.REPORTED, S.REVIEW, S.NOTICE, S.HEARING, S.DISCUSSION)


class BenchmarkInvalid(InputError):
    """A benchmark that cannot be saved; ``errors`` lists every reason."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors), field="tiers")


# --- benchmarks -------------------------------------------------------------------------------------------------


def benchmark_review(
    *, matter: Matter, mode: str, effective_from: dt.date, effective_to: dt.date | None, tiers, circumstances=()
) -> tuple[list[calc.Finding], list[calc.Finding]]:
    """Errors (the version cannot be saved) and warnings (gaps to report) of a benchmark version: the same checks
    for the admin, the API and imports."""
    errors: list[calc.Finding] = []
    if mode not in calc.Mode.LABELS:
        errors.append(calc.Finding(f"计算方式“{mode}”不正确"))
    if effective_to is not None and effective_to < effective_from:
        errors.append(calc.Finding("废止日期早于施行日期"))
    if mode == calc.Mode.MIDPOINT and matter.range_kind not in (
        calc.RangeKind.FIXED,
        calc.RangeKind.MULTIPLE,
        calc.RangeKind.MAX_ONLY,
    ):
        errors.append(calc.Finding("中间值规则只适用于规定了罚款幅度的事项"))
    if any(len(t.conditions) > TEXT_MAX for t in tiers):
        errors.append(calc.Finding(too_long("适用条件", TEXT_MAX)))
    spec = calc.BenchmarkSpec(
        ref="",
        version="",
        matter_code=matter.code,
        matter_name=matter.name,
        penalty_clause=matter.penalty_clause,
        mode=mode,
        statutory=statutory_range(matter),
        tiers=tuple(tiers),
        circumstances=tuple(circumstances),
    )
    found, warnings = calc.review(spec)
    return errors + found, warnings


def benchmark_errors(
    *, matter: Matter, mode: str, effective_from: dt.date, effective_to: dt.date | None, tiers, circumstances=()
) -> list[str]:
    """Every reason a benchmark version cannot be saved (gaps are warnings: see :func:`benchmark_review`)."""
    errors, _ = benchmark_review(
        matter=matter,
        mode=mode,
        effective_from=effective_from,
        effective_to=effective_to,
        tiers=tiers,
        circumstances=circumstances,
    )
    return [e.message for e in errors]


def overlapping_version(
    *, matter: Matter, effective_from: dt.date, effective_to: dt.date | None, exclude_pk=None
) -> Benchmark | None:
    far = dt.date.max
    for other in Benchmark.objects.filter(matter=matter).exclude(pk=exclude_pk):
        if effective_from <= (other.effective_to or far) and other.effective_from <= (effective_to or far):
            return other
    return None


def tier_rows(benchmark: Benchmark, specs) -> list[Tier]:
    """The unsaved tier rows of a benchmark version from its :class:`calc.TierSpec` list."""
    return [
        Tier(
            benchmark=benchmark,
            level=t.level,
            party=t.party,
            unit=t.unit,
            conditions=t.conditions,
            low=t.low,
            high=t.high,
        )
        for t in specs
    ]


def circumstance_rows(benchmark: Benchmark, specs) -> list[Circumstance]:
    """The unsaved circumstance rows of a benchmark version from its :class:`calc.CircumstanceSpec` list."""
    return [
        Circumstance(benchmark=benchmark, code=c.code, label=c.label, level=c.level, percent=c.percent) for c in specs
    ]


@transaction.atomic
def benchmark_create(
    *,
    matter: Matter,
    version: str,
    mode: str,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    source: str = "",
    item_number: str = "",
    note: str = "",
    tiers: list[calc.TierSpec],
    circumstances: list[calc.CircumstanceSpec] = (),
) -> Benchmark:
    """A new benchmark version (国办发〔2022〕27号: bands concrete and inside the statutory range). Gaps between
    tiers and the statutory range do not stop it: they are listed on ``benchmark.warnings``."""
    found, warnings = benchmark_review(
        matter=matter,
        mode=mode,
        effective_from=effective_from,
        effective_to=effective_to,
        tiers=tiers,
        circumstances=circumstances,
    )
    errors = [f.message for f in found]
    if len(note) > TEXT_MAX:
        errors.append(too_long("备注", TEXT_MAX))
    other = overlapping_version(matter=matter, effective_from=effective_from, effective_to=effective_to)
    if other is not None:
        errors.append(f"与已有版本“{other.version}”（{other.effective_from}起）的施行期间重叠")
    if errors:
        raise BenchmarkInvalid(errors)
    benchmark = Benchmark.objects.create(
        matter=matter,
        version=version,
        mode=mode,
        effective_from=effective_from,
        effective_to=effective_to,
        source=source,
        item_number=item_number,
        note=note,
    )
    Tier.objects.bulk_create(tier_rows(benchmark, tiers))
    Circumstance.objects.bulk_create(circumstance_rows(benchmark, circumstances))
    benchmark.warnings = [w.message for w in warnings]
    return benchmark


# --- fine calculator --------------------------------------------------------------------------------------------


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InputError("金额格式不正确", field=field) from None


def fine_calculate(
    *, matter: Matter, violation_on: dt.date, party_kind: str, circumstances=(), base_amount=None, quantity=None
) -> tuple[Benchmark, calc.Result]:
    """The calculator: the benchmark in force on the violation date applied to the circumstances ticked."""
    if party_kind not in m.PartyKind.values:
        raise InputError("当事人类型不正确", field="party_kind")
    benchmark = benchmark_in_force(matter=matter, on=violation_on)
    if benchmark is None:
        raise InputError(f"{violation_on}没有施行中的“{matter.name}”裁量基准", field="matter")
    try:
        result = calc.calculate(
            benchmark.spec(),
            party_kind=party_kind,
            circumstances=list(circumstances),
            base_amount=_decimal(base_amount, "base_amount"),
            quantity=_decimal(quantity, "quantity"),
        )
    except calc.CalculationError as exc:
        raise InputError(str(exc), field=exc.field) from None
    return benchmark, result


# --- the rationale of a decision ----------------------------------------------------------------------------------


def case_matter(case: m.Case) -> Matter | None:
    matter_id = getattr(case, "matter_id", None)
    if matter_id is not None:
        return Matter.objects.get(pk=matter_id)
    if case.matter_code:
        return Matter.objects.filter(code=case.matter_code).first()
    return None


def case_party_kind(case: m.Case) -> str:
    """Fine bands use the organisation figure as soon as one party is an organisation (as the rulebook does), then
    the individual business figure (which falls back on the individual one where the table has none)."""
    kinds = {p.kind for p in case.parties.all()}
    for kind in (m.PartyKind.ORGANISATION, m.PartyKind.INDIVIDUAL_BUSINESS):
        if kind in kinds:
            return kind
    return m.PartyKind.CITIZEN


def _write_rationale(
    *,
    case: m.Case,
    actor,
    on: dt.date,
    circumstances,
    chosen_amount,
    reasons: str,
    deviation_reason: str,
    base_amount,
    quantity=None,
) -> DiscretionRationale:
    matter = case_matter(case)
    if matter is None:
        raise InputError("案件尚未确定执法事项，不能适用裁量基准", field="matter")
    violated = violation_date(case)
    if violated is None:
        raise InputError("案件尚未记录违法行为发生日期", field="violation_start")
    chosen = _decimal(chosen_amount, "chosen_amount")
    if chosen is None or chosen < 0:
        raise InputError("须填写拟罚款金额（不小于零）", field="chosen_amount")
    if not reasons.strip():
        raise InputError("须写明裁量理由", field="reasons")
    check_text(reasons, field="reasons", label="裁量理由")
    check_text(deviation_reason, field="deviation_reason", label="超出阶次幅度的理由")
    benchmark, result = fine_calculate(
        matter=matter,
        violation_on=violated,
        party_kind=case_party_kind(case),
        circumstances=circumstances,
        base_amount=base_amount,
        quantity=quantity,
    )
    outside = result.band_low is not None and not (result.band_low <= chosen <= result.band_high)
    if outside and not deviation_reason.strip():
        how = f"；{result.formula}" if result.formula else ""
        raise InputError(
            f"拟罚款超出{result.tier_label}阶次幅度（{result.band_low}–{result.band_high}元{how}），须书面说明理由",
            field="deviation_reason",
        )
    rationale = DiscretionRationale(
        case=case,
        benchmark=benchmark,
        benchmark_ref=result.benchmark_ref[:200],
        matter=matter,
        party_kind=case_party_kind(case),
        circumstances=[
            {"code": c, "label": label}
            for c, label in zip(dict.fromkeys(circumstances), result.circumstances, strict=True)
        ],
        tier=result.tier,
        band_low=result.band_low,
        band_high=result.band_high,
        suggested=result.suggested,
        statutory_low=result.statutory_low,
        statutory_high=result.statutory_high,
        base_amount=_decimal(base_amount, "base_amount"),
        quantity=result.quantity,
        unit=result.unit,
        formula=result.formula[:300],
        chosen_amount=chosen,
        reasons=reasons,
        deviation_reason=deviation_reason,
        clauses=result.clauses[:300],
        recorded_by=actor,
        recorded_on=on,
    )
    # Earlier drafts of the same case give way to the new one (history keeps them).
    for old in DiscretionRationale.objects.filter(case=case, decision__isnull=True):
        old._change_reason = "被新的裁量说明取代"
        old.delete()
    rationale._change_reason = "记录裁量说明"
    rationale.full_clean(exclude=["case", "recorded_by", "decision", "benchmark", "matter"])
    rationale.save()
    return rationale


@transaction.atomic
def rationale_record(
    *,
    case: m.Case,
    actor,
    on: dt.date,
    circumstances: list[str],
    chosen_amount,
    reasons: str,
    deviation_reason: str = "",
    base_amount=None,
    quantity=None,
    expected_version: int | None = None,
) -> DiscretionRationale:
    """Record the discretion rationale (裁量说明理由) before legal review and the decision: the benchmark in force
    on the violation date, the circumstances, the computed band and the amount proposed (《行政处罚法》第三十四条；
    国办发〔2022〕27号)."""
    case = lock_case(case, expected_version=expected_version)
    require_role(actor, case, HANDLER_ROLES + LEADER_ROLES)
    require_status(case, RATIONALE_STATUSES, "记录裁量说明")
    rationale = _write_rationale(
        case=case,
        actor=actor,
        on=on,
        circumstances=circumstances,
        chosen_amount=chosen_amount,
        reasons=reasons,
        deviation_reason=deviation_reason,
        base_amount=base_amount,
        quantity=quantity,
    )
    touch(case, reason="记录裁量说明")
    record_event(
        case,
        action="discretion_rationale",
        summary=f"裁量说明：{rationale.get_tier_display()}，拟罚款{rationale.chosen_amount}元",
        actor=actor,
        payload={"rationale": rationale.pk, "benchmark": rationale.benchmark_id},
    )
    return rationale


def decision_discretion(
    *, case: m.Case, actor, on: dt.date, kind: str, discretion_tier: str, benchmark_ref: str, rationale: dict | None
) -> tuple[str, str]:
    """Called by ``decision_make`` with the case locked, before the rulebook gate: records the rationale given with
    the decision (if any) and returns the tier and benchmark reference to print on the decision, filled from the
    rationale where the head left them blank."""
    if rationale and kind == m.DecisionKind.PENALTY:
        _write_rationale(
            case=case,
            actor=actor,
            on=on,
            circumstances=list(rationale.get("circumstances") or []),
            chosen_amount=rationale.get("chosen_amount"),
            reasons=rationale.get("reasons") or "",
            deviation_reason=rationale.get("deviation_reason") or "",
            base_amount=rationale.get("base_amount"),
            quantity=rationale.get("quantity"),
        )
    if kind in (m.DecisionKind.NO_PENALTY_FIRST, m.DecisionKind.NO_PENALTY_MINOR):
        return discretion_tier or calc.Level.LABELS[calc.Level.NO_PENALTY], benchmark_ref
    if kind != m.DecisionKind.PENALTY:
        return discretion_tier, benchmark_ref
    pending = DiscretionRationale.objects.filter(case=case, decision__isnull=True).order_by("-pk").first()
    if pending is None:
        return discretion_tier, benchmark_ref
    return discretion_tier or pending.get_tier_display(), benchmark_ref or pending.benchmark_ref


def decision_attach(decision: m.Decision) -> DiscretionRationale | None:
    """Keep the rationale with the decision and record the amount decided (for the same-violation distribution)."""
    if not decision.is_penalty:
        return None
    pending = DiscretionRationale.objects.filter(case=decision.case_id, decision__isnull=True).order_by("-pk").first()
    if pending is None:
        return None
    pending.decision = decision
    pending.decided_amount = decision.fine_amount
    pending._change_reason = "随处理决定保存"
    pending.save()
    return pending


# --- 首违不罚 ---------------------------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (negative: back), the day clamped to the month's end."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lookback_start(violation_on: dt.date, months: int) -> dt.date:
    """First day of the look-back window: the same calendar day ``months`` earlier (included)."""
    return add_months(violation_on, -months)


@transaction.atomic
def no_penalty_review(
    *,
    case: m.Case,
    actor,
    item: NoPenaltyItem,
    on: dt.date,
    correction_proof: str,
    education_measure: str,
    expected_version: int | None = None,
) -> NoPenaltyAssessment:
    """首违不罚 review (《行政处罚法》第三十三条): the system looks up earlier violations of the party by ID number /
    credit code across all units over the list's look-back window, and records the proof of correction and the
    education measure."""
    case = lock_case(case, expected_version=expected_version)
    require_role(actor, case, HANDLER_ROLES + LEADER_ROLES)
    require_status(case, RATIONALE_STATUSES, "进行首违不罚审查")
    check_text(correction_proof, field="correction_proof", label="改正证明")
    check_text(education_measure, field="education_measure", label="教育措施")
    violated = violation_date(case)
    if violated is None:
        raise InputError("案件尚未记录违法行为发生日期", field="violation_start")
    npl = item.no_penalty_list
    if not (npl.effective_from <= violated and (npl.effective_to is None or violated <= npl.effective_to)):
        raise InputError(f"违法行为发生时（{violated}）“{npl.name}”不在施行期内", field="item")
    matter = case_matter(case)
    if matter is not None and matter.pk != item.matter_id:
        raise InputError(f"清单事项“{item.matter.name}”与本案执法事项“{matter.name}”不一致", field="item")
    identifiers = party_identifiers(case)
    if not identifiers:
        raise InputError("当事人未登记身份证号码或统一社会信用代码，无法查询在先违法记录", field="parties")
    start = lookback_start(violated, npl.lookback_months)
    prior = prior_violations(
        identifiers=identifiers,
        since=start,
        until=violated,
        exclude_case_id=case.pk,
        matter=item.matter if item.same_matter_only else None,
    )
    review = NoPenaltyAssessment(
        case=case,
        item=item,
        violation_on=violated,
        window_start=start,
        looked_up_on=timezone.localdate(),
        identifiers=identifiers,
        prior_records=prior,
        correction_proof=correction_proof,
        education_measure=education_measure,
        recorded_by=actor,
    )
    save_tracked(review, reason="首违不罚审查")
    touch(case, reason="首违不罚审查")
    found = f"查得{len(prior)}条在先违法记录" if prior else "回溯期内无在先违法记录"
    record_event(
        case, action="no_penalty_review", summary=f"首违不罚审查：{found}", actor=actor, payload={"review": review.pk}
    )
    return review
