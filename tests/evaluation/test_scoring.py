"""Scoring from rulebook findings: veto → 0 and 不合格; deductions per finding capped at the item's points."""

from decimal import Decimal

import pytest

from casemgmt.cases.rulebook import RULES, Finding
from casemgmt.evaluation.rubrics import active_rubric
from casemgmt.evaluation.scoring import score_findings

pytestmark = pytest.mark.django_db


def finding(code: str, detail: str = "") -> Finding:
    r = RULES[code]
    return r.finding(detail)


def test_no_findings_scores_full_points_with_subjective_items_pending():
    score = score_findings(active_rubric(), [])
    assert score.total == Decimal("100") and score.grade == "优秀" and not score.vetoed
    assert {i.code for i in score.pending} == {"V5", "V6", "F1", "F4", "F5", "S1"}


def test_a_veto_finding_makes_the_file_zero_and_failing():
    score = score_findings(active_rubric(), [finding("APL-42-TWO-CERTIFIED-OFFICERS", "持证1人")])
    assert score.vetoed and score.total == 0 and score.grade == "不合格"
    assert [(d.item, d.group, d.veto) for d in score.veto_defects] == [("V2", "一票否决", True)]


def test_deductions_per_finding_stop_at_the_items_points():
    found = [finding("SAMR-78-CASE-FILE", f"缺送达回证{i}") for i in range(5)]  # F3: 8 points, 2 per finding
    score = score_findings(active_rubric(), found)
    assert [d.points_lost for d in score.defects] == [2, 2, 2, 2, 0]
    assert score.by_item["F3"] == 0 and score.total == Decimal("92")


def test_an_item_without_deduction_loses_all_its_points_once():
    score = score_findings(active_rubric(), [finding("SAMR-19-FILING-APPROVAL"), finding("APL-60-DECISION-DEADLINE")])
    assert score.total == Decimal("93") and score.grade == "优秀"
    assert {d.group for d in score.defects} == {"程序"}


def test_findings_below_80_grade_the_file_qualified():
    codes = ["APL-32-FINE-WITHIN-STATUTORY-RANGE", "DISC-BAND-DEVIATION-REASON", "SAMR-57-STATEMENT-PERIOD"]
    score = score_findings(active_rubric(), [finding(c) for c in codes])
    assert score.total == Decimal("81") and score.grade == "良好"
    score = score_findings(
        active_rubric(), [finding(c) for c in [*codes, "APL-59-DECISION-ELEMENTS", "SAMR-19-FILING-APPROVAL"]]
    )
    assert score.total == Decimal("76") and score.grade == "合格"
