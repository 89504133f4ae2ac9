"""Rule 15 (legal-brief §10): a fine outside the statutory range only with 减轻, a recorded legal ground and the
mandatory legal review; a fine outside the benchmark tier's band needs a written reason and triggers review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.rulebook.review import review_reasons
from casemgmt.cases.services import InputError
from casemgmt.discretion.models import DiscretionRationale
from tests import builders as b
from tests.rules.support import refused, self_check

from .support import grant, legal_review, record_rationale, road_benchmark, road_matter

DECIDE_ON = dt.date(2026, 3, 20)
RULE15 = "APL-32-FINE-WITHIN-STATUTORY-RANGE"


@pytest.fixture
def matter(world):
    matter = road_matter()
    road_benchmark(matter)
    grant(world, matter)
    return matter


def noticed(world, matter, fine, **kw):
    return b.noticed(world, fine=D(fine), matter=matter, **kw)


def test_fine_inside_the_range_is_decided_and_fills_tier_and_benchmark(world, matter):
    case = noticed(world, matter, "500")
    record_rationale(world, case, chosen="500")
    decision = b.decide(world, case, on=DECIDE_ON)
    assert decision.discretion_tier == "从轻"
    assert "擅自占用城市道路从事经营活动裁量基准2025版第2项" in decision.benchmark_ref
    rationale = DiscretionRationale.objects.get(case=case)
    assert rationale.decision == decision
    assert (rationale.band_low, rationale.band_high, rationale.decided_amount) == (D("200"), D("2000"), D("500"))
    assert self_check(case, today=DECIDE_ON, prefix="APL-32") == []


def test_fine_below_the_minimum_without_reduction_is_refused(world, matter):
    case = noticed(world, matter, "100")
    with refused(case, RULE15) as caught:
        b.decide(world, case, on=DECIDE_ON)
    detail = caught.value.findings[0].detail
    assert "低于法定最低限额200.00元" in detail and "未认定为减轻处罚" in detail


def test_fine_above_the_maximum_is_refused_even_with_reduction(world, matter):
    case = noticed(world, matter, "25000", reduction=True)
    legal_review(world, case, dt.date(2026, 3, 13))
    with refused(case, RULE15, exact=False) as caught:
        b.decide(world, case, on=DECIDE_ON, is_reduction=True, reduction_ground="当事人主动消除违法后果")
    assert any("超过法定最高限额20,000.00元" in f.detail for f in caught.value.findings)


def test_reduction_below_the_minimum_without_legal_review_is_refused(world, matter):
    case = noticed(world, matter, "100", reduction=True)
    with refused(case, RULE15, "APL-58-LEGAL-REVIEW-REQUIRED", exact=False) as caught:
        b.decide(world, case, on=DECIDE_ON, is_reduction=True, reduction_ground="当事人主动消除违法后果")
    rule15 = next(f for f in caught.value.findings if f.rule == RULE15)
    assert "尚无同意的法制审核意见" in rule15.detail and "未认定" not in rule15.detail


def test_reduction_below_the_minimum_with_ground_and_review_is_allowed(world, matter):
    case = noticed(world, matter, "100", reduction=True)
    record_rationale(world, case, chosen="100", circumstances=["art32"])
    legal_review(world, case, dt.date(2026, 3, 13))
    decision = b.decide(world, case, on=DECIDE_ON, is_reduction=True, reduction_ground="当事人主动消除违法后果")
    assert decision.fine_amount == D("100")
    assert decision.discretion_tier == "减轻"
    assert self_check(case, today=DECIDE_ON, prefix="APL-32") == []


def test_amount_outside_the_tier_band_needs_a_written_reason(world, matter):
    case = noticed(world, matter, "3000")
    with pytest.raises(InputError, match="须书面说明理由"):
        record_rationale(world, case, chosen="3000")  # 从轻 band is 200–2000
    assert not DiscretionRationale.objects.filter(case=case).exists()


def test_amount_outside_the_tier_band_triggers_legal_review(world, matter):
    case = noticed(world, matter, "3000")
    record_rationale(world, case, chosen="3000", deviation="当事人占道面积较大，影响消防通道")
    facts = load_facts(case)
    from casemgmt.cases.rulebook import Attempt

    attempt = Attempt("decide", DECIDE_ON, data={"kind": m.DecisionKind.PENALTY, "fine_amount": D("3000")})
    assert any("超出裁量基准对个人“从轻”阶次幅度" in r for r in review_reasons(facts, attempt))
    with refused(case, "APL-58-LEGAL-REVIEW-REQUIRED", exact=False):
        b.decide(world, case, on=DECIDE_ON)
    legal_review(world, case, dt.date(2026, 3, 13))
    assert b.decide(world, case, on=DECIDE_ON).fine_amount == D("3000")


def test_rationale_given_with_the_decision_is_recorded(world, matter):
    case = noticed(world, matter, "5000")
    decision = b.decide(
        world,
        case,
        on=DECIDE_ON,
        discretion={"circumstances": [], "chosen_amount": "5000", "reasons": "一般情节"},
    )
    assert decision.discretion_tier == "一般"
    assert decision.discretion_rationale.band_high == D("10000")


def test_multiple_based_fine_requires_the_base_amount(world):
    matter = road_matter(
        code="T-GH-001",
        name="未取得建设工程规划许可证进行建设",
        range_kind="multiple",
        base_kind="contract_price",
        min_amount=None,
        max_amount=None,
        min_multiple=D("0.05"),
        max_multiple=D("0.10"),
    )
    grant(world, matter)
    case = noticed(world, matter, "500")
    with refused(case, RULE15) as caught:
        b.decide(world, case, on=DECIDE_ON)
    assert "须在裁量说明中记录工程造价金额" in caught.value.findings[0].detail
