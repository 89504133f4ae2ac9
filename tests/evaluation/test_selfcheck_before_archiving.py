"""归档前自查: the rubric runs over the case; a veto defect blocks archiving, other deductions need an
acknowledgement; the officer sees the predicted score on the open case."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from casemgmt.archive.models import ArchiveRecord
from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.cases.rulebook import RuleViolation, load_facts
from casemgmt.evaluation.scoring import score_facts
from casemgmt.org.models import CertificateStatus
from tests import builders as b
from tests.openapi import DocumentedAPIClient

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 4, 2)
GATE = "EVAL-SELF-CHECK-BEFORE-ARCHIVE"


def api(persona) -> DocumentedAPIClient:
    client = DocumentedAPIClient()
    client.force_login(persona.user)
    return client


def without_filing_approval(case):
    """A file whose 立案审批 was never recorded (a deduction of item P1, not a veto)."""
    m.Case.objects.filter(pk=case.pk).update(filing_approved_by=None)
    case.refresh_from_db()
    return case


def with_revoked_certificate(world, case):
    """An officer of the case without a valid certificate: a veto (一票否决) defect."""
    world.colleague.certificates.update(status=CertificateStatus.REVOKED)
    return case


def test_a_clean_case_scores_full_and_archives_without_acknowledgement(world, closed):
    score = score_facts(load_facts(closed))
    assert (score.total, score.grade, score.defects) == (Decimal("100"), "优秀", [])
    record = archive_case(case=closed, actor=world.head.user, on=ON)
    assert record.metadata["defects_acknowledged"] is False


def test_a_veto_defect_blocks_archiving_even_when_acknowledged(world, closed):
    with_revoked_certificate(world, closed)
    score = score_facts(load_facts(closed))
    assert score.vetoed and score.total == 0 and score.grade == "不合格"
    with pytest.raises(RuleViolation) as refused:
        archive_case(case=closed, actor=world.head.user, on=ON, acknowledge_defects=True)
    gate = [f for f in refused.value.findings if f.rule == GATE]
    assert gate and "一票否决“执法人员不具备执法资格或少于两人”" in gate[0].detail
    assert not re.search(r"[A-Z]{2,}-\d+-", gate[0].detail)  # the officer reads names, not rule codes
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.CLOSED
    assert not ArchiveRecord.objects.filter(case=closed).exists()


def test_other_deductions_block_archiving_until_acknowledged(world, closed):
    without_filing_approval(closed)
    with pytest.raises(RuleViolation) as refused:
        archive_case(case=closed, actor=world.head.user, on=ON)
    assert [f.rule for f in refused.value.findings] == [GATE]
    assert "预测得分96.0分（优秀），1处扣分须确认后方可归档：P1 立案经负责人批准" in refused.value.findings[0].detail
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.CLOSED
    record = archive_case(case=closed, actor=world.head.user, on=ON, acknowledge_defects=True)
    assert record.metadata["defects_acknowledged"] is True
    assert [f["rule"] for f in record.metadata["self_check"]] == ["SAMR-19-FILING-APPROVAL"]


def test_each_defect_names_rule_article_and_the_step_to_fix_it(world, closed):
    without_filing_approval(closed)
    (defect,) = score_facts(load_facts(closed)).defects
    assert defect.rule == "SAMR-19-FILING-APPROVAL"
    assert defect.article == "《行政处罚法》第五十四条"  # a township case: not the SAMR rules' 第十九条
    assert (defect.item, defect.group, defect.points_lost) == ("P1", "程序", Decimal("4.0"))
    assert defect.fix_url == reverse("web:case_action", args=[closed.pk, "file"])


def test_the_api_archives_with_an_acknowledgement(world, closed):
    without_filing_approval(closed)
    url = reverse("api:archive:record", args=[closed.pk])
    refused = api(world.head).post(url, {"on": "2026-04-02"}, format="json")
    assert refused.status_code == 422 and refused.json()["errors"][0]["rule"] == GATE
    done = api(world.head).post(url, {"on": "2026-04-02", "acknowledge_defects": True}, format="json")
    assert done.status_code == 201, done.content


def test_the_web_archive_form_passes_the_acknowledgement(world, client, closed):
    without_filing_approval(closed)
    client.force_login(world.head.user)
    url = reverse("archive:archive_action", args=[closed.pk])
    client.post(url, {"on": "2026-04-02"})
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.CLOSED
    client.post(url, {"on": "2026-04-02", "acknowledge_defects": "1"})
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.ARCHIVED


def test_the_officer_sees_the_defects_so_far_and_no_score_on_the_open_case(world, client):
    case = without_filing_approval(b.decided(world))
    client.force_login(world.officer.user)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="selfcheck"' in page
    score = score_facts(load_facts(case))
    assert not score.final and {d.item for d in score.defects} >= {"P1"}
    assert 'data-testid="selfcheck-total"' not in page and "不预测得分" in page
    assert "案件尚在办理（已决定）" in page and "SAMR-19-FILING-APPROVAL" in page
    client.force_login(world.outsider.user)
    assert client.get(reverse("web:case_detail", args=[case.pk])).status_code == 404


def test_the_closed_case_shows_its_score(world, client, closed):
    without_filing_approval(closed)
    client.force_login(world.officer.user)
    page = client.get(reverse("web:case_detail", args=[closed.pk])).content.decode()
    score = score_facts(load_facts(closed))
    assert score.final and score.total == Decimal("96.0")
    assert f'<strong data-testid="selfcheck-total">{score.total}</strong>' in page
    assert 'data-testid="selfcheck-open"' not in page


def test_selfcheck_api_gives_the_veto_but_no_score_on_an_open_case_and_hides_it_from_outsiders(world):
    case = with_revoked_certificate(world, b.decided(world))
    url = reverse("api:evaluation:selfcheck", args=[case.pk])
    assert api(world.outsider).get(url).status_code == 404
    body = api(world.officer).get(url).json()
    assert body["final"] is False and body["total"] is None and body["grade"] is None
    assert body["vetoed"] is True and body["stage"] == "已决定" and "结案（结案报告）" in body["to_come"]
    assert body["defects"][0]["item"] == "V2" and body["defects"][0]["rule"] == "APL-42-TWO-CERTIFIED-OFFICERS"
    assert api(world.evaluator).get(url).status_code == 200


def test_selfcheck_api_gives_the_final_score_of_a_closed_case(world, closed):
    with_revoked_certificate(world, closed)
    body = api(world.officer).get(reverse("api:evaluation:selfcheck", args=[closed.pk])).json()
    assert body["final"] is True and body["to_come"] == []
    assert (body["vetoed"], body["total"], body["grade"]) == (True, "0", "不合格")


def test_rubric_api_reads_for_everyone_and_refuses_a_bad_version(world, spec, django_user_model):
    url = reverse("api:evaluation:rubric")
    assert api(world.officer).get(url).json()["version"] == 1
    assert api(world.officer).post(url, spec, format="json").status_code == 403
    admin = django_user_model.objects.create_user("admin", is_staff=True)
    client = DocumentedAPIClient()
    client.force_login(admin)
    spec["items"][0]["points"] = 5
    bad = client.post(url, spec, format="json")
    assert bad.status_code == 400 and "分类F" in bad.json()["errors"][0]["message"]
    spec["items"][0]["points"] = 2
    assert client.post(url, spec, format="json").json()["version"] == 2
