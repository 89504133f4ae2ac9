"""Rule 16 (legal-brief §10): a 首违不罚 decision needs a prior-record lookup showing no earlier violation in the
list's look-back window, proof of correction and a recorded education measure (APL Art. 33)."""

from __future__ import annotations

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.discretion.models import NoPenaltyItem, NoPenaltyList
from casemgmt.discretion.services import lookback_start, no_penalty_review
from tests import builders as b
from tests.rules.support import refused, self_check

from .support import grant, road_matter

RULE16 = "APL-33-FIRST-VIOLATION-NO-PENALTY"
VIOLATION_ON = dt.date(2026, 3, 2)  # builders: violation 2026-03-01 to 2026-03-02
WINDOW_START = dt.date(2025, 3, 2)  # twelve months back, that day included
DECIDE_ON = dt.date(2026, 3, 12)


@pytest.fixture
def item(world):
    matter = road_matter()
    grant(world, matter)
    jiashan = NoPenaltyList.objects.create(
        name="城关镇轻微违法行为不予处罚清单",
        issuer="城关镇人民政府",
        effective_from=dt.date(2025, 1, 1),
        lookback_months=12,
    )
    return NoPenaltyItem.objects.create(
        no_penalty_list=jiashan, matter=matter, conditions="初次占道经营，经责令后当场改正，未造成危害后果"
    )


def prior_case(world, item, *, violation_on: dt.date) -> m.Case:
    """An earlier penalty against the same party (same ID number), decided by the other township's brigade."""
    case = b.decided(world, matter=item.matter)
    m.Case.objects.filter(pk=case.pk).update(
        violation_start=violation_on, violation_end=violation_on, enforcement_subject=world.other_township
    )
    return case


def current_case(world, item) -> m.Case:
    return b.reviewed(world, matter=item.matter)


def review(world, case, item, **kw):
    return no_penalty_review(
        case=case,
        actor=world.officer.user,
        item=item,
        on=dt.date(2026, 3, 11),
        correction_proof=kw.get("correction_proof", "当事人当场撤除摊位，现场复查照片"),
        education_measure=kw.get("education_measure", "对当事人进行法治宣传教育并签署承诺书"),
    )


def decide_first(world, case):
    return b.decide(world, case, on=DECIDE_ON, kind=m.DecisionKind.NO_PENALTY_FIRST, types=[], fine=0)


def test_window_starts_the_same_calendar_day_months_earlier():
    assert lookback_start(VIOLATION_ON, 12) == WINDOW_START
    assert lookback_start(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)


def test_prior_violation_one_day_before_the_window_allows_first_violation_no_penalty(world, item):
    prior_case(world, item, violation_on=WINDOW_START - dt.timedelta(days=1))
    case = current_case(world, item)
    assessment = review(world, case, item)
    assert assessment.prior_records == [] and assessment.window_start == WINDOW_START
    decision = decide_first(world, case)
    assert (decision.kind, decision.discretion_tier) == (m.DecisionKind.NO_PENALTY_FIRST, "不予处罚")
    assert self_check(case, today=DECIDE_ON, prefix="APL-33") == []


def test_prior_violation_on_the_first_day_of_the_window_is_refused(world, item):
    prior = prior_case(world, item, violation_on=WINDOW_START)
    case = current_case(world, item)
    assessment = review(world, case, item)
    # Only what the decision needs crosses units: case number, unit, 案由 and dates.
    assert assessment.prior_records == [
        {
            "number": prior.number,
            "unit": world.other_township.name,
            "cause": prior.cause,
            "violation_on": "2025-03-02",
            "decided_on": "2026-03-20",
        }
    ]
    with refused(case, RULE16) as caught:
        decide_first(world, case)
    assert world.other_township.name in caught.value.findings[0].detail


def test_lookup_is_rerun_at_the_decision(world, item):
    prior = prior_case(world, item, violation_on=WINDOW_START - dt.timedelta(days=1))
    case = current_case(world, item)
    review(world, case, item)
    # Another unit's record surfaces after the review (e.g. a corrected violation date): the gate still finds it.
    m.Case.objects.filter(pk=prior.pk).update(violation_end=dt.date(2026, 1, 5))
    with refused(case, RULE16):
        decide_first(world, case)


def test_refused_without_review_or_without_correction_and_education(world, item):
    case = current_case(world, item)
    with refused(case, RULE16) as caught:
        decide_first(world, case)
    assert "尚未进行首违不罚审查" in caught.value.findings[0].detail
    review(world, case, item, correction_proof="", education_measure=" ")
    with refused(case, RULE16) as caught:
        decide_first(world, case)
    assert [f.detail for f in caught.value.findings] == ["未记录当事人已改正的证明", "未记录对当事人采取的教育措施"]
