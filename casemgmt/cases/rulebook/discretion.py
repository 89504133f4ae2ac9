"""Rules of the discretion issue: the fine inside the statutory range (rule 15), a written reason for a fine
outside the benchmark tier, and 首违不罚 (rule 16). Registered with the rulebook on import."""

from __future__ import annotations

from decimal import Decimal

from casemgmt.cases import models as m

from ._util import fmt, money
from .core import LawFamily, rule
from .notice import decision_date, intended
from .review import passing_legal_review

DECIDE = "decide"


def pending_rationale(facts):
    """The discretion rationale that goes with the decision being made (gate) or the one recorded (self-check)."""
    if not facts.rationales:
        return None
    decision = facts.decision
    if decision is not None:
        attached = [r for r in facts.rationales if r.decision_id == decision.pk]
        if attached:
            return attached[-1]
    unattached = [r for r in facts.rationales if r.decision_id is None]
    return unattached[-1] if unattached else None


def statutory_bounds(facts, rationale) -> tuple[Decimal, Decimal, str] | str | None:
    """The statutory fine range in yuan with its wording; a message when it cannot be known; None without a matter
    or without a fine in the penalty clause."""
    from casemgmt.discretion.models import statutory_range

    matter = facts.matter or (rationale.matter if rationale is not None else None)
    if matter is None and facts.case.matter_code and facts.catalogue is not None:
        matter = next((x for x in facts.catalogue.matters.values() if x.code == facts.case.matter_code), None)
    if matter is None:
        return None
    rng = statutory_range(matter)
    if not rng.has_fine or rng.high is None:
        return None
    base = rationale.base_amount if rationale is not None else None
    if rng.kind == "multiple" and base is None:
        return f"本事项按{rng.base_label}的倍数处罚（{rng.describe()}），须在裁量说明中记录{rng.base_label}金额"
    low, high = rng.in_yuan(base)
    return low, high, rng.describe()


def outside_band_reason(facts, fine) -> str | None:
    """Why the fine needs review because it leaves the tier's band of the benchmark (None when it does not). The band
    is the one computed for the case when the rationale was recorded: for its party type (单位/个人/个体工商户) and,
    for fines per unit, its quantity (m², days, items) or 违法所得 — with the formula that gave it."""
    rationale = pending_rationale(facts)
    if rationale is None or not fine or rationale.band_low is None or rationale.band_high is None:
        return None
    fine = Decimal(fine)
    if rationale.band_low <= fine <= rationale.band_high:
        return None
    how = f"，{rationale.formula}" if getattr(rationale, "formula", "") else ""
    who = {"organisation": "单位", "individual_business": "个体工商户", "citizen": "个人"}.get(rationale.party_kind, "")
    return (
        f"罚款{money(fine)}超出裁量基准{'对' + who if who else ''}“{rationale.get_tier_display()}”阶次幅度"
        f"（{money(rationale.band_low)}至{money(rationale.band_high)}{how}）"
    )


def discretion_review_reasons(facts, *, fine) -> list[str]:
    """Legal-review triggers of the discretion benchmark, for ``triggers.legal_review_reasons``."""
    reason = outside_band_reason(facts, fine)
    return [reason] if reason else []


@rule(
    code="APL-32-FINE-WITHIN-STATUTORY-RANGE",
    name="罚款法定幅度",
    family=LawFamily.APL,
    number=15,
    message="罚款应当在罚则规定的法定幅度内；低于法定最低限额的，须属减轻处罚情形、记录法定依据并经法制审核同意，"
    "且任何情形下不得超过法定最高限额",
    article="《行政处罚法》第三十二条、第五十八条；国办发〔2022〕27号",
    gates={DECIDE},
)
def fine_within_statutory_range(facts, attempt):
    data = intended(facts, attempt)
    if data is None or not data.get("fine_amount"):
        return
    fine = Decimal(data["fine_amount"])
    rationale = pending_rationale(facts)
    bounds = statutory_bounds(facts, rationale)
    if bounds is None:
        return
    if isinstance(bounds, str):
        yield bounds
        return
    low, high, wording = bounds
    if fine > high:
        yield f"罚款{money(fine)}超过法定最高限额{money(high)}（{wording}）"
    elif fine < low:
        missing = []
        if not data.get("is_reduction"):
            missing.append("未认定为减轻处罚")
        ground = data.get("reduction_ground") if attempt is not None else facts.decision.reduction_ground
        if not (ground or "").strip():
            missing.append("未记录减轻处罚的法定依据")
        if passing_legal_review(facts, decision_date(facts, attempt)) is None:
            missing.append("尚无同意的法制审核意见")
        if missing:
            yield f"罚款{money(fine)}低于法定最低限额{money(low)}（{wording}），{'、'.join(missing)}"


@rule(
    code="DISC-BAND-DEVIATION-REASON",
    name="偏离裁量基准说明理由",
    family=LawFamily.APL,
    message="罚款金额超出裁量基准所定阶次幅度的，应当书面说明理由，并经法制审核",
    article="《行政处罚法》第三十四条；国办发〔2022〕27号",
    gates={DECIDE},
)
def band_deviation_reason(facts, attempt):
    data = intended(facts, attempt)
    if data is None:
        return
    reason = outside_band_reason(facts, data.get("fine_amount"))
    if reason and not pending_rationale(facts).deviation_reason.strip():
        yield f"{reason}，裁量说明中未写明理由"


@rule(
    code="APL-33-FIRST-VIOLATION-NO-PENALTY",
    name="首违不罚条件",
    family=LawFamily.APL,
    number=16,
    message="首违不罚须经查询确认回溯期内无在先违法记录，并有当事人改正的证明和对当事人的教育措施记录",
    article="《行政处罚法》第三十三条第一款、第三款",
    gates={DECIDE},
)
def first_violation_no_penalty(facts, attempt):
    if attempt is not None:
        if attempt.get("kind") != m.DecisionKind.NO_PENALTY_FIRST:
            return
    elif facts.decision is None or facts.decision.kind != m.DecisionKind.NO_PENALTY_FIRST:
        return
    if not facts.no_penalty_assessments:
        yield "尚未进行首违不罚审查（在先违法记录查询）"
        return
    review = facts.no_penalty_assessments[-1]
    prior = review.prior_records
    if attempt is not None:
        # Re-run the lookup at the decision: a unit may have decided against the party since the review.
        from casemgmt.discretion.selectors import prior_violations

        prior = prior_violations(
            identifiers=review.identifiers,
            since=review.window_start,
            until=review.violation_on,
            exclude_case_id=facts.case.pk,
            matter=review.item.matter if review.item.same_matter_only else None,
        )
    if prior:
        listed = "；".join(f"{p['unit']}{p['number']}（违法行为{p['violation_on']}）" for p in prior)
        yield f"回溯期（{fmt(review.window_start)}至{fmt(review.violation_on)}）内已有违法记录：{listed}"
    if not review.correction_proof.strip():
        yield "未记录当事人已改正的证明"
    if not review.education_measure.strip():
        yield "未记录对当事人采取的教育措施"
