"""The .xlsx report of a round: ranking with self vs evaluated score and bands, file scores, typical problems;
hidden from units until published, 404 for outsiders."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casemgmt.evaluation.rounds import file_score, round_publish, self_score_enter
from casemgmt.jobs.models import Job
from tests.evaluation.conftest import archived_round, download_report

pytestmark = pytest.mark.django_db


def test_the_report_workbook_after_publication(world, client, run_jobs):
    round_ = archived_round(world, title="评查", seed="x")
    file = round_.files.get()
    scores = {s.item.code: {"points": s.item.points} for s in file.scores.select_related("item") if not s.item.veto}
    file_score(file=file, actor=world.evaluator.user, scores={**scores, "F1": {"points": 1, "comment": "未用规范文书"}})
    self_score_enter(file=file, score="100", actor=world.head.user)
    url = reverse("evaluation:report", args=[round_.pk])
    client.force_login(world.head.user)
    assert client.post(url).status_code == 404  # not before publication
    round_publish(round_=round_, actor=world.evaluator.user)
    client.force_login(world.county_officer.user)
    assert client.post(url).status_code == 404
    assert not Job.objects.filter(kind__startswith="evaluation.").exists()
    client.force_login(world.head.user)
    _response, content = download_report(client, run_jobs, url)
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["单位排名", "案卷得分", "通报结果", "典型问题"]
    ranking = list(book["单位排名"].iter_rows(values_only=True))
    assert ranking[0][3:6] == ("自评得分", "评查平均分", "差值")
    assert ranking[1] == (1, "城关镇人民政府", 1, 100, 99, -1, "优秀1件", "通报表扬", 100)
    files = list(book["案卷得分"].iter_rows(values_only=True))
    assert files[1][4:7] == (100, 99, "优秀") and files[1][8] == -1
    problems = list(book["典型问题"].iter_rows(values_only=True))
    assert problems[1] == ("立卷", "F1", "使用规定的执法文书格式", 1, 1, "未用规范文书")


def test_the_report_pdf_words_the_ranking_like_the_seed_report(world, client, run_jobs):
    from pypdf import PdfReader

    round_ = archived_round(world, seed="pdf")
    file = round_.files.get()
    scores = {s.item.code: {"points": s.item.points} for s in file.scores.select_related("item") if not s.item.veto}
    file_score(file=file, actor=world.evaluator.user, scores={**scores, "S1": {"points": 10, "comment": "证据未编号"}})
    self_score_enter(file=file, score="100", actor=world.head.user)
    url = reverse("evaluation:report_pdf", args=[round_.pk])
    client.force_login(world.head.user)
    assert client.post(url).status_code == 404
    round_publish(round_=round_, actor=world.evaluator.user)
    response, content = download_report(client, run_jobs, url)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).replace("\n", "")
    assert "城关镇人民政府：自评得分为100分，评查得分为98分，比自评得分低2分（通报表扬）" in text
    assert "证据未编号" in text
