import hashlib
import re

import pytest
from django.utils import timezone

from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.services import ConflictError
from documents import services as ds
from documents.models import AllocatedNumber, Document, DocumentStatus
from tests import builders as b
from tests.documents.support import DISCRETION, issue, pdf_text, squash


@pytest.fixture
def decided(sealed):
    return b.decided(sealed)


def test_decision_is_numbered_rendered_hashed_and_frozen(sealed, decided):
    doc = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    year = timezone.localdate().year
    assert doc.number == f"城关镇综执罚决〔{year}〕1号"
    assert doc.status == DocumentStatus.ISSUED
    with doc.pdf.open("rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == doc.sha256
    text = squash(pdf_text(doc))
    for needle in (
        "城关镇人民政府",
        "行政处罚决定书",
        doc.number,
        "陈某",
        "110101199003077571",
        "罚款500元",
        "《城市道路管理条例》第四十二条",
        "十五日内到指定银行缴纳",
        "六十日内向示范县人民政府申请行政复议",
        "六个月内向示范县人民法院提起行政诉讼",
        "2026年3月20日",
        "示范县城市管理行政处罚裁量基准第3项",
        "城关镇人民政府（印章）",
    ):
        assert squash(needle) in text, needle
    assert doc.snapshot["addressee"]["id_number"] == "110101199003077571"
    assert doc.snapshot["values"]["discretion_tier"] == "一般"
    assert doc.template_version.version == 1


def test_stored_text_is_the_text_the_pdf_shows_one_paragraph_a_line(sealed, decided):
    doc = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    assert doc.page_count >= 2  # a paragraph runs over the page break: the stored text does not split it
    shown = re.sub(r"—\d+—", "", squash(pdf_text(doc)))  # the PDF's text without its page numbers
    code = squash(f"验证码 {doc.verification_code}")
    assert code in shown and code in squash(doc.text)
    assert squash(doc.text).replace(code, "") == shown.replace(code, "")
    # Wrapped lines are joined again: a phrase the PDF breaks over two lines is one phrase of the stored text.
    paragraph = next(line for line in doc.text.splitlines() if line.startswith("如不服本决定"))
    assert "申请行政复议" in paragraph and "提起行政诉讼" in paragraph


def test_pdf_embeds_the_cjk_font(sealed, decided):
    doc = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    from pypdf import PdfReader

    with doc.pdf.open("rb") as fh:
        reader = PdfReader(fh)
        fonts = reader.pages[0]["/Resources"]["/Font"]
        embedded = []
        for ref in fonts.values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                fd = desc.get_object().get("/FontDescriptor")
                if fd is not None:
                    fd = fd.get_object()
                    embedded.append(any(k in fd for k in ("/FontFile2", "/FontFile3", "/FontFile")))
        assert embedded and all(embedded)


def test_rule_14_refuses_a_decision_without_discretion_tier_and_seal(sealed, decided):
    sealed.township.seal_name = ""
    sealed.township.save()
    doc = ds.document_draft(case=decided, actor=sealed.head.user, type_code="xzcf_jds")
    with pytest.raises(RuleViolation) as caught:
        ds.document_issue(document=doc, actor=sealed.head.user)
    [finding] = [f for f in caught.value.findings if f.rule == "APL-59-DECISION-ELEMENTS"]
    assert finding.number == 14
    for label in ("裁量档次", "适用的裁量基准", "行政机关印章"):
        assert label in finding.detail
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT and doc.number == "" and not doc.pdf
    assert not AllocatedNumber.objects.exists()


def test_missing_mandatory_elements_are_listed_and_nothing_changes(sealed, decided):
    doc = ds.document_draft(case=decided, actor=sealed.officer.user, type_code="xw_tzs")
    version = decided.__class__.objects.get(pk=decided.pk).version
    with pytest.raises(ds.DocumentIncomplete) as caught:
        ds.document_issue(document=doc, actor=sealed.officer.user)
    assert set(caught.value.missing) == {"接受询问时间", "接受询问地点", "联系人及电话"}
    assert "联系人及电话" in str(caught.value)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT and not AllocatedNumber.objects.exists()
    assert decided.__class__.objects.get(pk=decided.pk).version == version


def test_issued_document_cannot_be_reissued_or_edited(sealed, decided):
    doc = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    with pytest.raises(ConflictError):
        ds.document_issue(document=doc, actor=sealed.head.user)
    with pytest.raises(ConflictError):
        ds.document_update(document=doc, actor=sealed.head.user, values={"penalty": "警告"})
    doc.refresh_from_db()
    assert doc.values["penalty"] == "罚款500元"
    assert AllocatedNumber.objects.count() == 1


def test_correction_is_a_new_document_referencing_the_old(sealed, decided):
    old = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    draft = ds.document_correct(document=old, actor=sealed.head.user, values={"party_address": "城关镇人民路9号"})
    new = ds.document_issue(document=draft, actor=sealed.head.user)
    assert new.corrects == old and new.number.endswith("2号")
    old.refresh_from_db()
    assert old.status == DocumentStatus.ISSUED and old.snapshot["values"]["party_address"] == "城关镇人民路1号"
    assert "城关镇人民路9号" in new.text


def test_voided_number_is_kept_and_never_reused(sealed, decided):
    first = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    ds.document_void(document=first, actor=sealed.head.user, reason="当事人名称有误")
    second = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    assert first.number.endswith("〕1号") and second.number.endswith("〕2号")
    voided = AllocatedNumber.objects.get(document=first)
    assert voided.voided and voided.text == first.number
    assert Document.objects.get(pk=first.pk).status == DocumentStatus.VOIDED


def test_template_edit_makes_a_new_version_and_issued_documents_keep_theirs(sealed, decided, admin_user):
    old = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    dtype = old.document_type
    body = old.template_version.body.replace("本机关决定", "本机关经研究决定")
    new_version = ds.template_revise(document_type=dtype, variant="standard", body=body, actor=admin_user, note="措辞")
    assert new_version.version == 2
    new = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    assert new.template_version == new_version and "经研究决定" in squash(new.text)
    old.refresh_from_db()
    assert old.template_version.version == 1


def test_documents_of_an_archived_case_cannot_change(sealed, decided):
    doc = issue(sealed, decided, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    draft = ds.document_draft(case=decided, actor=sealed.head.user, type_code="zlgz_tzs")
    type(decided).objects.filter(pk=decided.pk).update(status="archived")
    for attempt in (
        lambda: ds.document_draft(case=decided, actor=sealed.head.user, type_code="zlgz_tzs"),
        lambda: ds.document_update(document=draft, actor=sealed.head.user, values={"violation": "x"}),
        lambda: ds.document_issue(document=draft, actor=sealed.head.user),
        lambda: ds.document_void(document=doc, actor=sealed.head.user, reason="x"),
    ):
        with pytest.raises(RuleViolation):
            attempt()
    assert Document.objects.filter(case=decided).count() == 2
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT and draft.values.get("violation", "") == ""


def test_correction_order_without_the_violation_is_refused_by_the_content_rule(sealed, decided):
    doc = ds.document_draft(case=decided, actor=sealed.officer.user, type_code="zlgz_tzs")
    with pytest.raises(RuleViolation) as caught:
        ds.document_issue(document=doc, actor=sealed.officer.user)
    [finding] = [f for f in caught.value.findings if f.rule == "APL-59-DOCUMENT-CONTENT"]
    assert "违法行为" in finding.detail and "改正要求" in finding.detail
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT and not AllocatedNumber.objects.exists()
