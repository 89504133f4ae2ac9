"""Round results in the structure of the seed report: ranking with ties, self-score vs evaluated score, outcome
bands (commendation for the top N, a warning band by rank, criticism below a score) and typical problems."""

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.evaluation.results import COMMEND, CRITICIZE, WARN, UnitResult, rank_units, round_results, standard_bands
from casemgmt.evaluation.rounds import file_score, round_create, round_publish, self_score_enter
from tests.archive.conftest import closed_case

# The seed report's evaluated scores (13 townships, ranks 7 and 7 tied) and one township below 80.
SEED_MEANS = ["98.4", "98", "97.5", "97.3", "96.3", "95.6", "95.5", "95.5", "94.5", "93.8", "91.5", "90.5", "90", "78"]


def units(means):
    return [
        UnitResult(unit_id=i, name=f"乡镇{i:02d}", files=1, mean=Decimal(v), self_mean=None, grades={})
        for i, v in enumerate(means, start=1)
    ]


def test_ranking_shares_a_rank_on_equal_means_like_the_seed_report():
    result = units(SEED_MEANS)
    rank_units(result, standard_bands(commend_top=7, warn_through_rank=12, criticize_below=80))
    assert [u.rank for u in result] == [1, 2, 3, 4, 5, 6, 7, 7, 9, 10, 11, 12, 13, 14]
    assert [u.band for u in result] == [COMMEND] * 8 + [WARN] * 4 + ["", CRITICIZE]


def test_criticism_below_the_threshold_outranks_commendation():
    result = units(["79.5", "70"])
    rank_units(result, standard_bands(commend_top=3, warn_through_rank=None, criticize_below=80))
    assert [u.band for u in result] == [CRITICIZE, CRITICIZE]
    result = units(["79.5", "70"])
    rank_units(result, standard_bands(commend_top=3, warn_through_rank=None, criticize_below=60))
    assert [u.band for u in result] == [COMMEND, COMMEND]


@pytest.mark.django_db
def test_a_published_round_reports_units_self_scores_and_problems_by_group(world):
    cases = []
    for _ in range(2):
        case = closed_case(world)
        archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2))
        cases.append(case)
    m.Case.objects.filter(pk=cases[0].pk).update(filing_approved_by=None)
    round_ = round_create(
        title="2026年案卷评查",
        actor=world.evaluator.user,
        units=[world.township],
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        evaluators=[world.evaluator],
        deadline=dt.date(2099, 5, 31),
        seed="s",
    )
    first, second = round_.files.order_by("case_id")
    full = {s.item.code: {"points": s.item.points} for s in first.scores.select_related("item") if not s.item.veto}
    file_score(
        file=first,
        actor=world.evaluator.user,
        scores={**full, "P1": {"points": 0}, "F4": {"points": 2, "comment": "卷内目录页码与实际不符"}},
    )
    file_score(file=second, actor=world.evaluator.user, scores={**full, "F4": {"points": 3}})
    self_score_enter(file=first, score="98", actor=world.head.user)
    self_score_enter(file=second, score="100", actor=world.head.user)
    round_publish(round_=round_, actor=world.evaluator.user)
    results = round_results(round_)
    (unit,) = results.units
    assert (unit.name, unit.files, unit.mean, unit.self_mean) == ("城关镇人民政府", 2, Decimal("96.5"), Decimal("99.0"))
    assert unit.difference == Decimal("-2.5") and unit.rank == 1 and unit.band == COMMEND
    assert unit.grades == {"优秀": 2}
    assert [f["total"] for f in results.files] == ["94.0", "99.0"]
    filing = results.problems["立卷"]
    assert [(p.item, p.files, p.points_lost) for p in filing] == [("F4", 2, Decimal("3.0"))]
    assert filing[0].comments == ["卷内目录页码与实际不符"]
    assert [(p.item, p.files) for p in results.problems["程序"]] == [("P1", 1)]
    assert results.problems["实体"] == [] and results.problems["一票否决"] == []
    assert results.as_dict()["units"][0]["band"] == COMMEND
