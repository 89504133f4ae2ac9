"""The evaluation pages: the justice bureau creates a round from the form, the evaluator scores on the scoring
page, the unit enters its self-score; outsiders get 404 and units see no scores before publication."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casemgmt.evaluation.models import EvaluationRound, SampledFile
from casemgmt.jobs.models import Job
from tests.evaluation.conftest import finished_job, round_form

pytestmark = pytest.mark.django_db


def form(world, **kw):
    return round_form(world, seed="web", commend_top="3", criticize_below="80", **kw)


def test_a_round_created_scored_and_published_through_the_pages(world, archived, client, run_jobs):
    client.force_login(world.evaluator.user)
    page = client.get(reverse("evaluation:rounds"))
    assert 'data-testid="round-form"' in page.content.decode()
    response = client.post(reverse("evaluation:rounds"), form(world, sample_size="2"), follow=True)
    assert "大于符合条件的归档案卷数" in response.content.decode() and not EvaluationRound.objects.exists()
    assert not Job.objects.filter(kind__startswith="evaluation.").exists()  # refused on the page: no job started
    with run_jobs():
        response = client.post(reverse("evaluation:rounds"), form(world))
    job = finished_job(response)
    round_ = EvaluationRound.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == "done" and job.result["round_id"] == round_.pk and round_.seed == "web"
    assert job.result["url"] == reverse("evaluation:round", args=[round_.pk])
    assert "已创建评查活动并抽取案卷1件（随机种子 web）" in client.get(response.url).content.decode()
    file = SampledFile.objects.get()
    file_url = reverse("evaluation:file", args=[round_.pk, file.pk])

    client.force_login(world.head.user)
    assert 'data-testid="score-form"' not in client.get(file_url).content.decode()
    client.post(file_url, {"action": "self_score", "self_score": "96"})
    file.refresh_from_db()
    assert file.self_score == 96

    client.force_login(world.evaluator.user)
    assert 'data-testid="score-form"' in client.get(file_url).content.decode()
    points = {
        f"{s.item.code}-points": str(s.item.points) for s in file.scores.select_related("item") if not s.item.veto
    }
    client.post(file_url, {**points, "S1-points": "13"})
    file.refresh_from_db()
    assert file.total is None
    client.post(file_url, {**points, "S1-points": "10", "S1-comment": "证据未编号"})
    file.refresh_from_db()
    assert file.total == 98 and file.grade == "优秀"
    client.post(reverse("evaluation:publish", args=[round_.pk]))
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert 'data-testid="ranking"' in page and "通报表扬" in page and "证据未编号" in page

    client.force_login(world.head.user)
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    ranking = page[page.index('data-testid="ranking"') :]
    assert "<td>96.0</td><td>98.0</td><td>2.0</td>" in ranking  # self-score, evaluated, difference


def test_outsiders_get_404_and_units_see_no_scores_before_publication(world, archived, client, run_jobs):
    client.force_login(world.evaluator.user)
    with run_jobs():
        client.post(reverse("evaluation:rounds"), form(world))
    round_ = EvaluationRound.objects.get()
    file = SampledFile.objects.get()
    client.force_login(world.county_officer.user)
    assert client.get(reverse("evaluation:round", args=[round_.pk])).status_code == 404
    assert client.get(reverse("evaluation:file", args=[round_.pk, file.pk])).status_code == 404
    assert client.post(reverse("evaluation:rounds"), form(world)).status_code == 403
    client.force_login(world.head.user)
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert 'data-testid="ranking"' not in page and "评查得分" not in page


def test_rectification_set_and_closed_through_the_round_page(world, archived, client, run_jobs):
    client.force_login(world.evaluator.user)
    with run_jobs():
        client.post(reverse("evaluation:rounds"), form(world))
    round_ = EvaluationRound.objects.get()
    file = SampledFile.objects.get()
    points = {
        f"{s.item.code}-points": str(s.item.points) for s in file.scores.select_related("item") if not s.item.veto
    }
    client.post(reverse("evaluation:file", args=[round_.pk, file.pk]), {**points, "F4-points": "2"})
    client.post(reverse("evaluation:publish", args=[round_.pk]))
    new = reverse("evaluation:rectification_new", args=[round_.pk])
    client.post(new, {"unit": world.township.pk, "findings": "卷内目录页码不符", "deadline": "2099-01-31"})
    task = round_.rectifications.get()
    assert task.findings == "卷内目录页码不符"
    done = reverse("evaluation:rectification_done", args=[round_.pk, task.pk])

    client.force_login(world.outsider.user)
    assert client.post(done, {"evidence": "x"}).status_code == 404
    client.force_login(world.mayor.user)
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert "卷内目录页码不符" in page and "报送整改情况" in page
    client.post(done, {"evidence": "已重新编制卷内目录", "on": timezone.localdate().isoformat()})
    task.refresh_from_db()
    assert task.closed_on == timezone.localdate() and task.evidence == "已重新编制卷内目录"


def test_the_units_overall_self_score_on_the_round_page_until_publication(world, archived, client, run_jobs):
    from casemgmt.evaluation.models import UnitSelfScore

    client.force_login(world.evaluator.user)
    with run_jobs():
        client.post(reverse("evaluation:rounds"), form(world))
    round_ = EvaluationRound.objects.get()
    url = reverse("evaluation:unit_self_score", args=[round_.pk])
    client.force_login(world.outsider.user)
    assert client.post(url, {"unit": world.township.pk, "score": "99"}).status_code == 404
    client.force_login(world.head.user)
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert 'data-testid="unit-self-score"' in page
    client.post(url, {"unit": world.township.pk, "score": "97.5", "note": "逐卷自查"})
    assert UnitSelfScore.objects.get().score == 97.5

    client.force_login(world.evaluator.user)
    file = SampledFile.objects.get()
    points = {
        f"{s.item.code}-points": str(s.item.points) for s in file.scores.select_related("item") if not s.item.veto
    }
    client.post(reverse("evaluation:file", args=[round_.pk, file.pk]), points)
    client.post(reverse("evaluation:publish", args=[round_.pk]))
    client.force_login(world.head.user)
    page = client.get(reverse("evaluation:round", args=[round_.pk])).content.decode()
    assert 'data-testid="unit-self-score"' not in page
    assert "<td>97.5</td><td>100.0</td><td>2.5</td>" in page  # 自评得分, 评查平均分, 差值
    refused = client.post(url, {"unit": world.township.pk, "score": "100"}, follow=True).content.decode()
    assert "【评查结果公布即为最终】评查结果公布后" in refused  # the flash leads with the rule's Chinese name
    assert UnitSelfScore.objects.get().score == 97.5
