"""One round from creation to closure, as the issue's "done when" asks: creation and seeded sampling over two
units, scoring (objective items pre-filled), self-scores per file and per unit, publication, the report (API,
PDF read back with pypdf, .xlsx read back with openpyxl) in the seed report's structure, rectification tasks and
their closure with evidence."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import InputError
from casemgmt.evaluation.models import EvaluationRound, RoundStatus
from casemgmt.evaluation.rectification import overdue_rectifications, rectification_close, rectification_create
from casemgmt.evaluation.rounds import file_score, self_score_enter
from casemgmt.org.models import Role
from tests.archive.conftest import closed_case
from tests.evaluation.conftest import download_report, finished_job
from tests.factories import make_officer
from tests.openapi import DocumentedAPIClient

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def api(persona) -> DocumentedAPIClient:
    client = DocumentedAPIClient()
    client.force_login(persona.user)
    return client


@pytest.fixture
def two_units(world):
    """Three archived files of 城关镇 and two of 河西镇 (moved there after archiving), with 河西镇's leader."""
    cases = []
    for _ in range(5):
        case = closed_case(world)
        archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2))
        cases.append(case)
    m.Case.objects.filter(pk__in=[c.pk for c in cases[3:]]).update(
        enforcement_subject=world.other_township, handling_unit=world.other_brigade
    )
    return cases, make_officer(world.other_brigade, Role.APPROVER, name="何队长", username="he")


def scores_for(file, reason="", **changes):
    scores = {
        s.item.code: {"points": s.item.points, "reason": reason}
        for s in file.scores.select_related("item")
        if not s.item.veto
    }
    if reason:  # the evaluator also clears the veto items the rulebook pre-failed
        scores.update({s.item.code: {"failed": False, "reason": reason} for s in file.scores.filter(item__veto=True)})
    scores.update(changes)
    return scores


def test_a_round_from_creation_to_rectification_closure(world, two_units, run_jobs):
    cases, hexi_head = two_units
    # 1. creation and seeded sampling: two files per unit, every evaluator from outside the file's unit
    with run_jobs():
        created = api(world.evaluator).post(
            reverse("api:evaluation:round-list"),
            {
                "title": "2026年度行政处罚案卷评查",
                "units": [world.township.pk, world.other_township.pk],
                "evaluators": [world.evaluator.pk, world.outsider.pk],
                "period_from": "2026-01-01",
                "period_to": "2026-12-31",
                "deadline": (TODAY + dt.timedelta(days=20)).isoformat(),
                "sample_size": 2,
                "seed": "2026-annual",
                "commend_top": 1,
                "warn_through_rank": 1,
                "criticize_below": "90",
            },
            format="json",
        )
    assert created.status_code == 202, created.content
    round_ = EvaluationRound.objects.get(pk=finished_job(created).result["round_id"])
    files = list(round_.files.select_related("evaluator", "unit").order_by("unit__name", "case_id"))
    assert [f.unit for f in files].count(world.township) == 2 and len(files) == 4
    hexi_files = [f for f in files if f.unit == world.other_township]
    chengguan_files = [f for f in files if f.unit == world.township]
    assert {f.evaluator for f in hexi_files} == {world.evaluator}  # 周外镇 is of 河西镇: recused
    results_url = reverse("api:evaluation:round-results", args=[round_.pk])
    assert api(world.head).get(results_url).status_code == 404  # units: not before publication
    assert api(world.county_officer).get(results_url).status_code == 404

    # 2. scoring: 城关镇 loses points on filing and procedure, one 河西镇 file is vetoed
    first, second = chengguan_files
    file_score(
        file=first,
        actor=first.evaluator.user,
        scores=scores_for(first, F4={"points": 1, "comment": "卷内目录页码与实际不符"}, S1={"points": 10}),
    )
    file_score(file=second, actor=second.evaluator.user, scores=scores_for(second, F4={"points": 2}))
    # the moved files' records name 城关镇's people, so the rulebook deducts: the evaluator overrides with a reason
    with pytest.raises(InputError):
        file_score(file=hexi_files[0], actor=world.evaluator.user, scores=scores_for(hexi_files[0]))
    file_score(
        file=hexi_files[0], actor=world.evaluator.user, scores=scores_for(hexi_files[0], reason="案卷原件经核查无误")
    )
    file_score(
        file=hexi_files[1],
        actor=world.evaluator.user,
        scores=scores_for(
            hexi_files[1], "案卷原件经核查无误", V5={"failed": True, "comment": "违法事实仅有当事人陈述"}
        ),
    )

    # 3. self-scores per file and per unit (by the units' leaders, before publication)
    for f in chengguan_files:
        self_score_enter(file=f, score="98", actor=world.head.user)
    unit_url = reverse("api:evaluation:round-unit-self-score", args=[round_.pk, world.township.pk])
    assert api(world.outsider).post(unit_url, {"score": "99"}, format="json").status_code == 403
    assert api(world.head).post(unit_url, {"score": "101"}, format="json").status_code == 400
    saved = api(world.mayor).post(unit_url, {"score": "99", "note": "逐卷自查"}, format="json")
    assert saved.status_code == 200 and saved.json()["score"] == "99.0"
    hexi_url = reverse("api:evaluation:round-unit-self-score", args=[round_.pk, world.other_township.pk])
    assert api(hexi_head).post(hexi_url, {"score": "96"}, format="json").status_code == 200

    # 4. publication: grants end, the round is final
    publish = api(world.evaluator).post(reverse("api:evaluation:round-publish", args=[round_.pk]), format="json")
    assert publish.status_code == 200 and publish.json()["status"] == RoundStatus.PUBLISHED
    graded = [f.case_id for f in chengguan_files]  # 周外镇 evaluated 城关镇's files and now loses them
    assert not cases_visible_to(user=world.outsider.user).filter(pk__in=graded).exists()

    # 5. the report: ranking, self vs evaluated per unit and per file, bands, typical problems by group
    report = api(world.head).get(results_url).json()
    assert [
        (u["rank"], u["unit"], u["self_score"], u["mean"], u["difference"], u["band"]) for u in report["units"]
    ] == [
        (1, "城关镇人民政府", "99.0", "96.5", "-2.5", "通报表扬"),
        (2, "河西镇人民政府", "96.0", "50.0", "-46.0", "通报批评"),
    ]
    assert report["units"][0]["self_mean"] == "98.0" and report["units"][1]["grades"] == {"优秀": 1, "不合格": 1}
    assert [(b["condition"], b["label"], b["units"]) for b in report["bands"]] == [
        ("得分低于90分", "通报批评", ["河西镇人民政府"]),
        ("排名第1位", "通报表扬", ["城关镇人民政府"]),
    ]
    assert {(f["total"], f["self_score"], f["difference"]) for f in report["files"]} == {
        ("95.0", "98.0", "-3.0"),
        ("98.0", "98.0", "0.0"),
    }  # a unit sees its own files only
    groups = {g["group"]: g["problems"] for g in report["problems"]}
    assert list(groups) == ["一票否决", "立卷", "实体", "程序"]
    assert [(p["item"], p["files"], p["points_lost"]) for p in groups["立卷"]] == [("F4", 2, "5.0")]
    assert groups["立卷"][0]["comments"] == ["卷内目录页码与实际不符"]
    assert [(p["item"], p["comments"]) for p in groups["一票否决"]] == [("V5", ["违法事实仅有当事人陈述"])]
    assert [p["item"] for p in groups["实体"]] == ["S1"]

    web = Client()
    web.force_login(world.head.user)
    _response, pdf = download_report(web, run_jobs, reverse("evaluation:report_pdf", args=[round_.pk]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).replace("\n", "")
    assert "1.城关镇人民政府：自评得分为99分，评查得分为96.5分，比自评得分低2.5分（通报表扬）" in text
    assert "2.河西镇人民政府：自评得分为96分，评查得分为50分，比自评得分低46分（通报批评）" in text
    assert "对排名第1位的城关镇人民政府予以通报表扬" in text
    assert "对得分低于90分的河西镇人民政府予以通报批评" in text
    assert "卷内目录页码与实际不符" in text and "违法事实仅有当事人陈述" in text
    web.force_login(world.evaluator.user)
    _response, xlsx = download_report(web, run_jobs, reverse("evaluation:report", args=[round_.pk]))
    book = load_workbook(BytesIO(xlsx))
    ranking = list(book["单位排名"].iter_rows(values_only=True))
    assert ranking[1][:6] == (1, "城关镇人民政府", 2, 99, 96.5, -2.5) and ranking[2][7] == "通报批评"
    assert len(list(book["案卷得分"].iter_rows(values_only=True))) == 5  # the office sees all four files
    problems = list(book["典型问题"].iter_rows(values_only=True))
    assert problems[1][:2] == ("一票否决", "V5") and problems[2][:2] == ("立卷", "F4")

    # 6. rectification for each unit with findings, closed with evidence; an overdue one is listed
    deadline = TODAY + dt.timedelta(days=30)
    tasks = [
        rectification_create(round_=round_, unit=unit, findings=findings, deadline=deadline, actor=world.evaluator.user)
        for unit, findings in (
            (world.township, "卷内目录页码与实际不符"),
            (world.other_township, "主要证据不足的案件重新审查"),
        )
    ]
    closed = rectification_close(
        task=tasks[0], evidence="已重编卷内目录，附整改报告及目录复印件", on=TODAY, actor=world.mayor.user
    )
    assert closed.closed_on == TODAY and closed.closed_by == world.mayor.user
    assert list(overdue_rectifications(today=deadline + dt.timedelta(days=1))) == [tasks[1]]
    rectification_close(task=tasks[1], evidence="已重新调查取证", on=TODAY, actor=hexi_head.user)
    assert not overdue_rectifications(today=deadline + dt.timedelta(days=1)).exists()
    assert round_.rectifications.filter(closed_on__isnull=True).count() == 0
    assert Decimal(report["units"][0]["mean"]) >= round_.bands.get(label="通报批评").score_below
