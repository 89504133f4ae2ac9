"""评查活动: the justice bureau draws a sample with a recorded seed, evaluators see exactly their files while the
round is open and never their own unit's, score with objective items pre-filled, units self-evaluate, and a
published round is final."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.evaluation.models import EvaluationRound, ItemScore, RoundStatus, SampledFile
from casemgmt.evaluation.rounds import file_assign, file_score, round_create, round_publish, self_score_enter
from tests.archive.conftest import closed_case

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 4, 2)


@pytest.fixture
def archived(world):
    cases = []
    for _ in range(3):
        case = closed_case(world)
        archive_case(case=case, actor=world.head.user, on=ON)
        cases.append(case)
    return cases


def create(world, **kw):
    args = {
        "title": "2026年第一季度行政处罚案卷评查",
        "actor": world.evaluator.user,
        "units": [world.township],
        "period_from": dt.date(2026, 1, 1),
        "period_to": dt.date(2026, 6, 30),
        "evaluators": [world.evaluator, world.outsider],
        "deadline": dt.date(2099, 5, 31),
        "sample_size": 2,
        "seed": "2026Q1",
    }
    args.update(kw)
    return round_create(**args)


def full_marks(file):
    return {s.item.code: {"points": s.item.points} for s in file.scores.select_related("item") if not s.item.veto}


def test_the_sample_is_reproducible_from_the_recorded_seed(world, archived):
    first = create(world)
    again = create(world)
    assert first.seed == "2026Q1" and first.files.count() == 2
    assert [f.case_id for f in first.files.all()] == [f.case_id for f in again.files.all()]
    assert {f.unit_id for f in first.files.all()} == {world.township.pk}


def test_all_files_when_no_sample_size(world, archived):
    round_ = create(world, sample_size=None)
    assert sorted(round_.files.values_list("case_id", flat=True)) == sorted(c.pk for c in archived)


def test_a_sample_larger_than_the_population_is_refused_and_nothing_is_created(world, archived):
    with pytest.raises(InputError) as refused:
        create(world, sample_size=4)
    assert "抽取数量（4）大于符合条件的归档案卷数（3）" in str(refused.value)
    assert not EvaluationRound.objects.exists() and not SampledFile.objects.exists()


def test_only_the_justice_bureau_creates_rounds(world, archived):
    with pytest.raises(PermissionDenied):
        create(world, actor=world.head.user)
    assert not EvaluationRound.objects.exists()


def test_evaluators_of_the_evaluated_unit_are_refused(world, archived):
    with pytest.raises(InputError) as refused:
        create(world, evaluators=[world.officer])
    assert "须回避" in str(refused.value)
    assert not EvaluationRound.objects.exists()
    round_ = create(world, evaluators=[world.outsider, world.officer])
    assert set(round_.files.values_list("evaluator", flat=True)) == {world.outsider.pk}
    file = round_.files.first()
    round_.evaluators.add(world.officer)
    with pytest.raises(InputError):
        file_assign(file=file, evaluator=world.officer, actor=world.evaluator.user)
    file.refresh_from_db()
    assert file.evaluator == world.outsider


def test_a_cross_evaluator_sees_exactly_the_assigned_files_until_publication(world, archived, client):
    outsider = world.outsider.user
    assert not cases_visible_to(user=outsider).filter(pk__in=[c.pk for c in archived]).exists()
    round_ = create(world, evaluators=[world.outsider])
    sampled = set(round_.files.values_list("case_id", flat=True))
    visible = set(cases_visible_to(user=outsider).filter(pk__in=[c.pk for c in archived]).values_list("pk", flat=True))
    assert visible == sampled
    unsampled = next(c for c in archived if c.pk not in sampled)
    client.force_login(outsider)
    assert client.get(reverse("web:case_detail", args=[next(iter(sampled))])).status_code == 200
    assert client.get(reverse("web:case_detail", args=[unsampled.pk])).status_code == 404
    for file in round_.files.all():
        file_score(file=file, actor=outsider, scores=full_marks(file))
    round_publish(round_=round_, actor=world.evaluator.user)
    assert not cases_visible_to(user=outsider).filter(pk__in=sampled).exists()
    assert client.get(reverse("web:case_detail", args=[next(iter(sampled))])).status_code == 404


def test_objective_items_are_prefilled_from_the_rulebook(world, archived):
    m.Case.objects.filter(pk=archived[0].pk).update(filing_approved_by=None)
    round_ = create(world, sample_size=None)
    file = round_.files.get(case=archived[0])
    p1 = file.scores.get(item__code="P1")
    assert (p1.suggested, p1.points) == (Decimal("0"), Decimal("0"))
    assert p1.findings[0]["rule"] == "SAMR-19-FILING-APPROVAL"
    assert file.scores.get(item__code="P2").points == Decimal("6")
    assert file.scores.get(item__code="S1").points is None  # subjective: scored by a person


def test_scoring_computes_total_and_grade_and_overrides_need_a_reason(world, archived):
    m.Case.objects.filter(pk=archived[0].pk).update(filing_approved_by=None)
    round_ = create(world, sample_size=None, evaluators=[world.evaluator])
    file = round_.files.get(case=archived[0])
    scores = full_marks(file)
    scores["P1"] = {"points": 4}
    with pytest.raises(InputError) as refused:
        file_score(file=file, actor=world.evaluator.user, scores=scores)
    assert "P1：修改系统预评分（0.0分）须说明理由" in str(refused.value)
    assert ItemScore.objects.get(file=file, item__code="P1").points == 0
    scores["P1"] = {"points": 0}
    scores["S1"] = {"points": 8, "comment": "现场照片未标注拍摄时间"}
    file_score(file=file, actor=world.evaluator.user, scores=scores)
    file.refresh_from_db()
    assert (file.total, file.grade, file.vetoed) == (Decimal("92"), "优秀", False)
    assert ItemScore.objects.get(file=file, item__code="S1").comment == "现场照片未标注拍摄时间"


def test_a_score_above_the_items_points_is_refused_and_nothing_changes(world, archived):
    round_ = create(world, evaluators=[world.evaluator])
    file = round_.files.first()
    with pytest.raises(InputError) as refused:
        file_score(file=file, actor=world.evaluator.user, scores={"S1": {"points": 13}})
    assert "S1：得分13超出该项分值0–12.0分" in str(refused.value)
    assert ItemScore.objects.get(file=file, item__code="S1").points is None


def test_a_failed_veto_item_makes_the_file_zero(world, archived):
    round_ = create(world, evaluators=[world.evaluator])
    file = round_.files.first()
    scores = full_marks(file)
    scores["V5"] = {"failed": True, "comment": "主要证据仅有当事人陈述"}
    file_score(file=file, actor=world.evaluator.user, scores=scores)
    file.refresh_from_db()
    assert (file.total, file.grade, file.vetoed) == (Decimal("0"), "不合格", True)


def test_only_the_assigned_evaluator_scores_a_file(world, archived):
    round_ = create(world, evaluators=[world.outsider])
    file = round_.files.first()
    with pytest.raises(PermissionDenied):
        file_score(file=file, actor=world.evaluator.user, scores=full_marks(file))


def test_units_self_evaluate_before_publication_only(world, archived):
    round_ = create(world, evaluators=[world.evaluator])
    file = round_.files.first()
    with pytest.raises(PermissionDenied):
        self_score_enter(file=file, score="95", actor=world.outsider.user)
    with pytest.raises(InputError):
        self_score_enter(file=file, score="101", actor=world.head.user)
    self_score_enter(file=file, score="95", actor=world.head.user)
    for f in round_.files.all():
        file_score(file=f, actor=world.evaluator.user, scores=full_marks(f))
    round_publish(round_=round_, actor=world.evaluator.user)
    with pytest.raises(ConflictError):
        self_score_enter(file=file, score="90", actor=world.head.user)
    file.refresh_from_db()
    assert file.self_score == Decimal("95")


def test_publishing_needs_every_file_scored_and_a_published_round_is_final(world, archived):
    round_ = create(world, evaluators=[world.evaluator])
    first, second = round_.files.all()
    file_score(file=first, actor=world.evaluator.user, scores=full_marks(first))
    with pytest.raises(ConflictError):
        round_publish(round_=round_, actor=world.evaluator.user)
    file_score(file=second, actor=world.evaluator.user, scores=full_marks(second))
    round_publish(round_=round_, actor=world.evaluator.user)
    assert EvaluationRound.objects.get(pk=round_.pk).status == RoundStatus.PUBLISHED
    with pytest.raises(ConflictError):
        file_score(file=first, actor=world.evaluator.user, scores={"S1": {"points": 0}})
    assert ItemScore.objects.get(file=first, item__code="S1").points == 12
