"""The scoring screen: the case-file PDF embedded beside the scoring form for exactly the permitted users; an
evaluator never opens their own unit's files nor files outside the round; an override without a reason is refused
and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.evaluation.models import ItemScore, SampledFile
from casemgmt.evaluation.rounds import round_close, round_create
from tests.archive.conftest import closed_case

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2099, 5, 31)


@pytest.fixture
def archived(world, django_capture_on_commit_callbacks):
    cases = []
    for _ in range(2):
        case = closed_case(world)
        with django_capture_on_commit_callbacks(execute=True):  # the case-file job runs after the commit
            archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2))
        cases.append(case)
    m.Case.objects.filter(pk=cases[0].pk).update(filing_approved_by=None)  # P1 pre-scored 0 by the rulebook
    return cases


def make_round(world, *, evaluators, seed="screen", size=None):
    return round_create(
        title="2026年度案卷评查",
        actor=world.evaluator.user,
        units=[world.township],
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        evaluators=evaluators,
        deadline=DEADLINE,
        sample_size=size,
        seed=seed,
    )


def urls(file):
    return (
        reverse("evaluation:file", args=[file.round_id, file.pk]),
        reverse("evaluation:file_pdf", args=[file.round_id, file.pk]),
    )


def test_the_evaluator_scores_beside_the_embedded_case_file(world, archived, client):
    round_ = make_round(world, evaluators=[world.outsider])
    file = round_.files.get(case=archived[0])
    page_url, pdf_url = urls(file)
    client.force_login(world.outsider.user)
    page = client.get(page_url).content.decode()
    assert f'<iframe src="{pdf_url}"' in page and 'data-testid="score-form"' in page
    assert 'id="live-total"' in page and "evaluation/scoring.js" in page and 'id="grade-thresholds"' in page
    assert 'name="P1-points" value="0.0"' in page and 'data-suggested="0.0"' in page  # pre-filled from the rulebook
    assert "SAMR-19-FILING-APPROVAL" in page
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"  # embeddable in the scoring page only
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    client.force_login(world.county_officer.user)  # outsider to the round: nothing
    assert client.get(page_url).status_code == 404 and client.get(pdf_url).status_code == 404

    round_close(round_=round_, actor=world.evaluator.user)  # the grant ends with the round
    client.force_login(world.outsider.user)
    assert client.get(pdf_url).status_code == 404
    assert 'data-testid="case-file"' not in client.get(page_url).content.decode()


def test_an_evaluator_cannot_open_files_of_their_own_unit(world, archived, client):
    round_ = make_round(world, evaluators=[world.outsider, world.officer])  # 张执法 is of the evaluated unit
    assert set(round_.files.values_list("evaluator", flat=True)) == {world.outsider.pk}
    file = round_.files.first()
    page_url, pdf_url = urls(file)
    client.force_login(world.officer.user)
    assert client.get(page_url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    response = client.post(page_url, {"S1-points": "12"})
    assert response.status_code == 404
    assert ItemScore.objects.get(file=file, item__code="S1").points is None
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert file.archive_number not in page


def test_an_evaluator_cannot_open_files_outside_the_round(world, archived, client):
    mine = make_round(world, evaluators=[world.outsider], size=1, seed="a")
    other = make_round(world, evaluators=[world.evaluator], seed="b")
    outside = other.files.exclude(case__in=mine.files.values("case")).get()
    client.force_login(world.outsider.user)
    for round_pk in (mine.pk, other.pk):  # neither under my round's address nor under its own
        assert client.get(reverse("evaluation:file", args=[round_pk, outside.pk])).status_code == 404
        assert client.get(reverse("evaluation:file_pdf", args=[round_pk, outside.pk])).status_code == 404
    assert client.get(reverse("web:case_detail", args=[outside.case_id])).status_code == 404


def test_an_override_without_a_reason_is_refused_on_the_page_and_changes_nothing(world, archived, client):
    round_ = make_round(world, evaluators=[world.outsider])
    file = round_.files.get(case=archived[0])
    page_url, _ = urls(file)
    full = {f"{s.item.code}-points": str(s.item.points) for s in file.scores.select_related("item") if not s.item.veto}
    before = list(ItemScore.objects.filter(file=file).values_list("item__code", "points", "comment"))
    client.force_login(world.outsider.user)
    response = client.post(page_url, {**full, "S1-comment": "证据未编号"}, follow=True)  # P1 0 → 4, no reason
    assert "P1：修改系统预评分（0.0分）须说明理由" in response.content.decode()
    assert list(ItemScore.objects.filter(file=file).values_list("item__code", "points", "comment")) == before
    file.refresh_from_db()
    assert file.total is None and file.scored_at is None

    client.post(page_url, {**full, "P1-reason": "立案审批表在副卷第3页，已经负责人签批"})
    file.refresh_from_db()
    p1 = ItemScore.objects.get(file=file, item__code="P1")
    assert (p1.suggested, p1.points, p1.reason) == (0, 4, "立案审批表在副卷第3页，已经负责人签批")
    assert (file.total, file.grade) == (100, "优秀")


def test_a_veto_ticked_on_the_page_makes_the_file_zero(world, archived, client):
    round_ = make_round(world, evaluators=[world.outsider])
    file = round_.files.get(case=archived[1])
    page_url, _ = urls(file)
    full = {f"{s.item.code}-points": str(s.item.points) for s in file.scores.select_related("item") if not s.item.veto}
    client.force_login(world.outsider.user)
    client.post(page_url, {**full, "V5-failed": "1", "V5-comment": "主要证据仅有当事人陈述"})
    file = SampledFile.objects.get(pk=file.pk)
    assert (file.total, file.grade, file.vetoed) == (0, "不合格", True)
    assert ItemScore.objects.get(file=file, item__code="V5").comment == "主要证据仅有当事人陈述"
