"""Nobody sees what they may not see: the outsider gets 404 for another township's documents, PDFs and case
files (pages and API); the public verification page shows only number, case number, status and hash."""

import datetime as dt

import pytest
from django.urls import reverse

from casemgmt.cases import hooks
from documents.models import CaseFile
from tests import builders as b
from tests.documents.support import DISCRETION, issue


@pytest.fixture
def decision(sealed):
    case = b.decided(sealed)
    return issue(sealed, case, "xzcf_jds", DISCRETION, actor=sealed.head.user, on=dt.date(2026, 3, 20))


def urls(doc, case_file):
    return [
        reverse("documents:case", args=[doc.case_id]),
        reverse("documents:detail", args=[doc.pk]),
        reverse("documents:pdf", args=[doc.pk]),
        reverse("documents:case_file_pdf", args=[case_file.pk]),
        reverse("api:documents:detail", args=[doc.pk]),
        reverse("api:documents:pdf", args=[doc.pk]),
        reverse("api:documents:list") + f"?case={doc.case_id}",
    ]


def test_outsider_gets_404_everywhere_and_insiders_get_the_pages(client, sealed, decision):
    hooks.build_case_file(decision.case, actor=sealed.head)
    case_file = CaseFile.objects.get(case=decision.case)
    client.force_login(sealed.outsider.user)
    for url in urls(decision, case_file):
        assert client.get(url).status_code == 404, url
    for action in ("issue", "void", "serve"):
        assert client.post(reverse("documents:action", args=[decision.pk, action])).status_code == 404
        assert client.post(reverse("api:documents:action", args=[decision.pk, action]), {}).status_code == 404
    for persona in (sealed.officer, sealed.evaluator):
        client.force_login(persona.user)
        for url in urls(decision, case_file):
            assert client.get(url).status_code == 200, (persona, url)
    client.force_login(sealed.officer.user)
    page = client.get(reverse("web:case_detail", args=[decision.case_id])).content.decode()
    assert decision.number in page and "执法文书" in page
    pdf = client.get(reverse("documents:pdf", args=[decision.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_verification_page_is_public_and_shows_only_number_case_status_and_hash(client, decision):
    response = client.get(reverse("documents:verify", args=[decision.verification_code]))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (decision.number, decision.case.number, "已签发", decision.sha256):
        assert shown in html
    for hidden in ("陈某", "110101199003077571", "人民路", "罚款"):
        assert hidden not in html
    assert client.get(reverse("documents:verify", args=["0" * 16])).status_code == 404


def test_api_refuses_rule_14_with_the_rule_and_article(client, sealed):
    case = b.decided(sealed)
    client.force_login(sealed.head.user)
    created = client.post(
        reverse("api:documents:list"), {"case": case.pk, "type": "xzcf_jds"}, content_type="application/json"
    )
    assert created.status_code == 201
    refused = client.post(reverse("api:documents:action", args=[created.json()["id"], "issue"]))
    assert refused.status_code == 422
    errors = {e["rule"]: e for e in refused.json()["errors"]}
    error = errors["APL-59-DECISION-ELEMENTS"]
    assert "第五十九条" in error["article"] and "裁量档次" in error["detail"]
    # The case has no catalogue matter and the draft names no provision violated: refused by the content rule too.
    assert "违反的法律条款" in errors["APL-59-DOCUMENT-CONTENT"]["detail"]


def test_web_draft_edit_issue_flow(client, sealed):
    case = b.filed(sealed)
    client.force_login(sealed.officer.user)
    response = client.post(reverse("documents:case", args=[case.pk]), {"type": "zlgz_tzs"})
    doc = case.documents.get()
    assert response.status_code == 302
    preview = client.get(reverse("documents:detail", args=[doc.pk]))
    assert "草稿" in preview.content.decode()
    fields = {f["key"]: doc.values.get(f["key"], "") for f in doc.document_type.fields}
    fields.update(
        violation="占道经营",
        legal_basis="《城市道路管理条例》第二十七条",
        correction="停止占道经营",
        correction_deadline="2026年4月1日",
    )
    client.post(reverse("documents:detail", args=[doc.pk]), fields)
    client.post(reverse("documents:action", args=[doc.pk, "issue"]))
    doc.refresh_from_db()
    assert doc.status == "issued" and doc.number
    draft_pdf = client.get(reverse("documents:pdf", args=[doc.pk]))
    assert draft_pdf.status_code == 200


def test_api_draft_patch_issue_serve(client, sealed):
    case = b.decided(sealed)
    client.force_login(sealed.head.user)
    doc = client.post(
        reverse("api:documents:list"), {"case": case.pk, "type": "xzcf_jds"}, content_type="application/json"
    ).json()
    patched = client.patch(
        reverse("api:documents:detail", args=[doc["id"]]), {"values": DISCRETION}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["values"]["discretion_tier"] == "一般"
    issued = client.post(reverse("api:documents:action", args=[doc["id"], "issue"]))
    assert issued.status_code == 200 and issued.json()["number"].startswith("城关镇综执罚决")
    locked = client.patch(
        reverse("api:documents:detail", args=[doc["id"]]),
        {"values": {"penalty": "警告"}},
        content_type="application/json",
    )
    assert locked.status_code == 409
    client.force_login(sealed.officer.user)
    served = client.post(
        reverse("api:documents:action", args=[doc["id"], "serve"]),
        {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-23"},
        content_type="application/json",
    )
    assert served.status_code == 201 and served.json()["type"] == "sd_hz" and served.json()["for_document"] == doc["id"]
