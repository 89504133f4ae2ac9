"""Evaluation results as the justice bureau publishes them (the seed report /work/shared/seeds/000_*.txt):
competition ranking, outcome bands configured per round (by rank and by score, ties at an edge follow the rank),
self-score beside the evaluated score with the difference, 加分项 capped at the rubric's maximum, and no
publication while a sampled file is unscored."""

import copy
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from casemgmt.cases.services.base import InputError
from casemgmt.evaluation.default_rubric import DEFAULT_RUBRIC
from casemgmt.evaluation.models import OutcomeBand, RoundStatus
from casemgmt.evaluation.report import unit_line
from casemgmt.evaluation.results import COMMEND, CRITICIZE, WARN, UnitResult, rank_units, round_results
from casemgmt.evaluation.rounds import (
    RoundRefusal,
    file_score,
    round_close,
    round_publish,
    round_set_bands,
    self_score_enter,
    unit_self_score_enter,
)
from casemgmt.evaluation.rubrics import rubric_create_version, validate_spec
from tests.evaluation.conftest import archived_round
from tests.openapi import DocumentedAPIClient

TODAY = timezone.localdate()
ALL_SCORED = "EVAL-ROUND-ALL-FILES-SCORED"


def units(means, selfs=None):
    selfs = selfs or [None] * len(means)
    return [
        UnitResult(
            unit_id=i,
            name=f"乡镇{i:02d}",
            files=1,
            mean=Decimal(v),
            self_mean=None if s is None else Decimal(s),
            grades={},
        )
        for i, (v, s) in enumerate(zip(means, selfs, strict=True), start=1)
    ]


def band(label, position, **conditions):
    return OutcomeBand(label=label, position=position, **conditions)


# --- competition ranking and bands (pure) ------------------------------------------------------------------------


def test_equal_means_share_a_rank_and_the_next_rank_is_skipped():
    result = units(["95", "92", "92", "90"])
    rank_units(result, [])
    assert [u.rank for u in result] == [1, 2, 2, 4]


def test_units_tied_at_the_edge_of_a_top_n_band_both_get_it():
    result = units(["95", "92", "92", "90"])
    rank_units(result, [band(COMMEND, 0, rank_from=1, rank_to=2)])
    assert [u.band for u in result] == [COMMEND, COMMEND, COMMEND, ""]


def test_without_a_tie_the_unit_after_the_edge_is_outside_the_band():
    result = units(["95", "92", "91", "90"])
    rank_units(result, [band(COMMEND, 0, rank_from=1, rank_to=2)])
    assert [u.band for u in result] == [COMMEND, COMMEND, "", ""]


def test_a_tie_just_past_the_edge_keeps_both_units_out():
    result = units(["95", "92", "90", "90"])  # ranks 1, 2, 3, 3
    rank_units(result, [band(COMMEND, 0, rank_to=2), band(WARN, 1, rank_from=3, rank_to=3)])
    assert [(u.rank, u.band) for u in result] == [(1, COMMEND), (2, COMMEND), (3, WARN), (3, WARN)]


def test_a_mean_exactly_at_the_criticism_line_is_not_criticised():
    result = units(["80.0", "79.9"])
    rank_units(result, [band(CRITICIZE, 0, score_below=Decimal("80"))])
    assert [u.band for u in result] == ["", CRITICIZE]


def test_a_mean_exactly_at_a_lower_score_bound_is_in_the_band():
    result = units(["90.0", "89.9"])
    rank_units(result, [band("优秀单位", 0, score_from=Decimal("90"))])
    assert [u.band for u in result] == ["优秀单位", ""]


def test_the_first_matching_band_wins_in_the_configured_order():
    result = units(["79", "70"])
    rank_units(result, [band(CRITICIZE, 0, score_below=Decimal("80")), band(COMMEND, 1, rank_to=3)])
    assert [u.band for u in result] == [CRITICIZE, CRITICIZE]
    result = units(["79", "70"])
    rank_units(result, [band(COMMEND, 0, rank_to=1), band(CRITICIZE, 1, score_below=Decimal("80"))])
    assert [u.band for u in result] == [COMMEND, CRITICIZE]


def test_the_seed_reports_ranking_bands_and_self_score_differences():
    # 一、综合行政执法大队评估情况 of the seed report: self-scores (some above 100) and evaluated scores
    means = ["98.4", "98", "97.5", "97.3", "96.3", "95.6", "95.5", "95.5", "94.5", "93.8", "91.5", "90.5", "90"]
    selfs = ["101.5", "100", "100", "95", "102", "90.5", "93", "83", "94", "95", "95", "80", "96"]
    result = units(means, selfs)
    bands = [
        band(CRITICIZE, 0, score_below=Decimal("80")),
        band(COMMEND, 1, rank_from=1, rank_to=7),
        band(WARN, 2, rank_from=8, rank_to=12),
    ]
    rank_units(result, bands)
    assert [u.rank for u in result] == [1, 2, 3, 4, 5, 6, 7, 7, 9, 10, 11, 12, 13]
    assert [u.band for u in result] == [COMMEND] * 8 + [WARN] * 4 + [""]
    assert [str(u.difference) for u in result[:2]] == ["-3.1", "-2"]
    assert unit_line(result[0]) == "1.乡镇01：自评得分为101.5分，评查得分为98.4分，比自评得分低3.1分（通报表扬）。"
    tied = [u for u in result if u.rank == 7]
    assert [unit_line(u) for u in tied] == [
        "7.乡镇07：自评得分为93分，评查得分为95.5分，比自评得分高2.5分（通报表扬）。",
        "7.乡镇08：自评得分为83分，评查得分为95.5分，比自评得分高12.5分（通报表扬）。",
    ]
    assert [b.condition for b in bands] == ["得分低于80分", "排名前7位", "排名第8至12名"]


# --- rounds: bands, 加分项, publication ----------------------------------------------------------------------------


def full_marks(file, **changes):
    scores = {
        s.item.code: {"points": s.item.points}
        for s in file.scores.select_related("item")
        if not s.item.veto and not s.item.bonus
    }
    return {**scores, **changes}


@pytest.mark.django_db
def test_publishing_with_one_unscored_file_is_refused_naming_it_and_allowed_once_scored(world, client):
    round_ = archived_round(world, files=2)
    first, second = round_.files.select_related("case").order_by("case_id")
    file_score(file=first, actor=world.evaluator.user, scores=full_marks(first))
    with pytest.raises(RoundRefusal) as refused:
        round_publish(round_=round_, actor=world.evaluator.user)
    (finding,) = refused.value.findings
    assert finding.rule == ALL_SCORED and finding.message == "抽查案卷尚未全部完成评分的，不得公布评查结果"
    assert finding.detail.startswith("尚有1件案卷未完成评分：")
    assert second.archive_number in finding.detail and second.case.number in finding.detail
    assert first.archive_number not in finding.detail
    client.force_login(world.evaluator.user)
    page = client.post(reverse("evaluation:publish", args=[round_.pk]), follow=True).content.decode()
    assert "案卷全部评分后方可公布" in page and second.archive_number in page
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN and round_.published_at is None
    file_score(file=second, actor=world.evaluator.user, scores=full_marks(second))
    assert round_publish(round_=round_, actor=world.evaluator.user).status == RoundStatus.PUBLISHED


@pytest.mark.django_db
def test_the_publish_api_refuses_with_the_rule_and_the_unscored_files(world):
    round_ = archived_round(world)
    client = DocumentedAPIClient()
    client.force_login(world.evaluator.user)
    response = client.post(reverse("api:evaluation:round-publish", args=[round_.pk]), format="json")
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["rule"] == ALL_SCORED and round_.files.get().archive_number in error["detail"]


@pytest.mark.django_db
def test_bands_are_set_per_round_until_publication_and_final_after(world):
    round_ = archived_round(world)
    assert [(b.label, b.condition) for b in round_.bands.all()] == [
        (CRITICIZE, "得分低于80分"),
        (COMMEND, "排名前3位"),
    ]
    with pytest.raises(InputError) as bad:
        round_set_bands(
            round_=round_,
            bands=[{"label": COMMEND}, {"label": WARN, "rank_from": 5, "rank_to": 4}],
            actor=world.evaluator.user,
        )
    assert "第1档（通报表扬）：须设定名次范围或分数线" in str(bad.value)
    assert "第2档（工作警示）：名次自第5名起，不得晚于至第4名" in str(bad.value)
    assert round_.bands.count() == 2  # refused whole, nothing changed
    round_close(round_=round_, actor=world.evaluator.user)  # scoring ended: bands can still be set
    round_set_bands(
        round_=round_,
        bands=[{"label": COMMEND, "rank_from": 1, "rank_to": 1}, {"label": "通报批评", "score_below": "99.5"}],
        actor=world.evaluator.user,
    )
    assert [b.condition for b in round_.bands.all()] == ["排名第1位", "得分低于99.5分"]


@pytest.mark.django_db
def test_a_published_round_refuses_new_bands_and_its_report_uses_the_round_bands(world, client):
    round_ = archived_round(world)
    round_set_bands(
        round_=round_,
        bands=[{"label": "优秀单位", "score_from": "99"}, {"label": WARN, "rank_from": 1, "rank_to": 1}],
        actor=world.evaluator.user,
    )
    file = round_.files.get()
    file_score(file=file, actor=world.evaluator.user, scores=full_marks(file, F1={"points": 1}))
    round_publish(round_=round_, actor=world.evaluator.user)
    with pytest.raises(RoundRefusal) as refused:
        round_set_bands(round_=round_, bands=[{"label": COMMEND, "rank_to": 1}], actor=world.evaluator.user)
    assert refused.value.findings[0].rule == "EVAL-ROUND-PUBLISHED-FINAL"
    results = round_results(round_)
    assert [(u.rank, u.mean, u.band) for u in results.units] == [(1, Decimal("99.0"), "优秀单位")]
    assert [(b["label"], b["units"]) for b in results.bands()] == [("优秀单位", ["城关镇人民政府"]), (WARN, [])]
    client.force_login(world.head.user)
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert "得分不低于99分：优秀单位" in page and 'data-testid="bands-form"' not in page


@pytest.mark.django_db
def test_the_round_page_lets_the_justice_bureau_edit_the_bands(world, client):
    round_ = archived_round(world)
    client.force_login(world.evaluator.user)
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert 'data-testid="bands-form"' in page
    client.post(
        reverse("evaluation:bands", args=[round_.pk]),
        {
            "label-0": COMMEND,
            "rank_from-0": "1",
            "rank_to-0": "7",
            "label-1": WARN,
            "rank_from-1": "8",
            "rank_to-1": "12",
            "label-2": "",  # a cleared row is dropped
            "label-3": CRITICIZE,
            "score_below-3": "80",
        },
    )
    assert [b.condition + b.label for b in round_.bands.all()] == [
        "排名前7位通报表扬",
        "排名第8至12名工作警示",
        "得分低于80分通报批评",
    ]
    client.force_login(world.head.user)  # a unit's head cannot set them
    client.post(reverse("evaluation:bands", args=[round_.pk]), {"label-0": COMMEND, "rank_to-0": "1"})
    assert round_.bands.count() == 3


# --- 加分项 ------------------------------------------------------------------------------------------------------


def bonus_spec(bonus_max="3"):
    spec = copy.deepcopy(DEFAULT_RUBRIC)
    spec["bonus"] = [
        {"code": "B1", "title": "执法文书说理充分，获评优秀案卷", "points": 2},
        {"code": "B2", "title": "案件办理经验被上级推广", "points": 2},
    ]
    spec["bonus_max"] = bonus_max
    return spec


def test_a_rubric_with_bonus_items_needs_a_bonus_maximum_and_one_without_may_not_set_it():
    assert validate_spec(bonus_spec()) == []
    assert "设有加分项的评查标准须设定大于0的加分上限" in validate_spec(bonus_spec(bonus_max="0"))
    spec = copy.deepcopy(DEFAULT_RUBRIC)
    spec["bonus_max"] = 5
    assert "未设加分项的评查标准不得设定加分上限" in validate_spec(spec)
    spec = bonus_spec()
    spec["bonus"][1]["code"] = "F1"
    assert "加分项代码“F1”为空或重复" in validate_spec(spec)


@pytest.mark.django_db
def test_bonus_points_count_up_to_the_maximum_and_no_further(world):
    rubric = rubric_create_version(spec=bonus_spec(bonus_max="3"), actor=None)
    assert rubric.bonus_max == Decimal("3") and rubric.max_total == Decimal("103")
    round_ = archived_round(world)
    assert round_.rubric == rubric
    file = round_.files.get()
    file_score(file=file, actor=world.evaluator.user, scores=full_marks(file))
    file.refresh_from_db()
    assert file.total == Decimal("100")  # no bonus awarded: the base score
    file_score(file=file, actor=world.evaluator.user, scores={"B1": {"points": 2}})
    file.refresh_from_db()
    assert file.total == Decimal("102")  # below the maximum: counted in full
    file_score(file=file, actor=world.evaluator.user, scores={"B2": {"points": 1}})
    file.refresh_from_db()
    assert file.total == Decimal("103")  # exactly the maximum
    file_score(file=file, actor=world.evaluator.user, scores={"B2": {"points": 2}})
    file.refresh_from_db()
    assert file.total == Decimal("103") and file.grade == "优秀"  # 4 awarded, capped at 3
    with pytest.raises(InputError):
        file_score(file=file, actor=world.evaluator.user, scores={"B2": {"points": 3}})  # above the item's points
    results = round_results(round_)
    assert not any(p.item.startswith("B") for ps in results.problems.values() for p in ps)


@pytest.mark.django_db
def test_self_scores_may_exceed_100_up_to_the_bonus_maximum(world):
    rubric_create_version(spec=bonus_spec(bonus_max="3"), actor=None)
    round_ = archived_round(world)
    file = round_.files.get()
    assert self_score_enter(file=file, score="103", actor=world.head.user).self_score == Decimal("103")
    with pytest.raises(InputError) as refused:
        self_score_enter(file=file, score="103.1", actor=world.head.user)
    assert "自评分应在0–103分之间（基础分100分，加分上限3分）" in str(refused.value)
    entry = unit_self_score_enter(round_=round_, unit=world.township, score="101.5", actor=world.head.user)
    assert entry.score == Decimal("101.5")


@pytest.mark.django_db
def test_without_bonus_items_a_self_score_above_100_is_refused(world):
    round_ = archived_round(world)
    file = round_.files.get()
    assert self_score_enter(file=file, score="100", actor=world.head.user).self_score == Decimal("100")
    with pytest.raises(InputError):
        self_score_enter(file=file, score="100.1", actor=world.head.user)


@pytest.mark.django_db
def test_the_bands_api_replaces_the_bands_for_the_office_only(world):
    round_ = archived_round(world)
    url = reverse("api:evaluation:round-bands", args=[round_.pk])
    body = {"bands": [{"label": COMMEND, "rank_from": 1, "rank_to": 7}, {"label": CRITICIZE, "score_below": "80"}]}
    office = DocumentedAPIClient()
    office.force_login(world.evaluator.user)
    response = office.put(url, body, format="json")
    assert response.status_code == 200, response.content
    assert [(b["label"], b["condition"]) for b in response.json()["bands"]] == [
        (COMMEND, "排名前7位"),
        (CRITICIZE, "得分低于80分"),
    ]
    unit = DocumentedAPIClient()
    unit.force_login(world.head.user)
    assert unit.put(url, {"bands": []}, format="json").status_code == 403
    assert round_.bands.count() == 2


@pytest.mark.django_db
def test_the_admin_edits_bands_until_publication(world, rf, django_user_model):
    from django.contrib.admin.sites import site

    from casemgmt.evaluation.admin import BandForm, BandInline

    round_ = archived_round(world)
    admin_user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    request = rf.get("/")
    request.user = admin_user
    inline = BandInline(type(round_), site)
    assert inline.has_change_permission(request, round_) and inline.has_add_permission(request, round_)
    assert not BandForm(data={"position": 0, "label": COMMEND}).is_valid()  # no condition
    assert BandForm(data={"position": 0, "label": COMMEND, "rank_from": 1, "rank_to": 2}).is_valid()
    file = round_.files.get()
    file_score(file=file, actor=world.evaluator.user, scores=full_marks(file))
    round_publish(round_=round_, actor=world.evaluator.user)
    round_.refresh_from_db()
    assert not inline.has_change_permission(request, round_) and not inline.has_add_permission(request, round_)


@pytest.mark.django_db
def test_the_scoring_screen_and_the_rubric_api_show_the_bonus_items_and_their_maximum(world, client):
    rubric_create_version(spec=bonus_spec(bonus_max="3"), actor=None)
    round_ = archived_round(world)
    file = round_.files.get()
    client.force_login(world.evaluator.user)
    page = client.get(reverse("evaluation:file", args=[round_.pk, file.pk])).content.decode()
    assert 'name="B1-points"' in page and 'data-bonus="1"' in page and 'data-bonus-max="3.0"' in page
    assert "（加分项）" in page and "合计最多加3.0分" in page
    body = DocumentedAPIClient()
    body.force_login(world.officer.user)
    rubric = body.get(reverse("api:evaluation:rubric")).json()
    assert rubric["bonus_max"] == "3.0" and [b["code"] for b in rubric["bonus"]] == ["B1", "B2"]
    assert not {"B1", "B2"} & {i["code"] for i in rubric["items"]}
