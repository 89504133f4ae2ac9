"""案卷: ordered, consecutively numbered (cover, 目录, 备考表 unnumbered), bookmarked, deterministic; rule 24."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt, findings_for, load_facts
from documents import services as ds
from documents.casefile import assemble
from documents.layout import Page, parse_blocks, render_pdf
from documents.models import CaseFile
from tests import builders as b
from tests.documents.support import CORRECTION, DISCRETION, issue


def rule_24(case):
    """Findings of rule 24 when archiving is attempted (other archive gates belong to the archive module)."""
    return [
        f
        for f in findings_for(load_facts(case), Attempt("archive", dt.date(2026, 6, 1)))
        if f.rule == "SAMR-78-CASE-FILE"
    ]


def tiny_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def evidence(case, actor, title, data: bytes, content_type: str, name: str) -> m.EvidenceItem:
    item = m.EvidenceItem(
        case=case,
        recorded_by=actor,
        evidence_type=m.EvidenceType.DOCUMENTARY,
        title=title,
        collected_at=timezone.now(),
        place="现场",
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=content_type,
        size=len(data),
        original_name=name,
    )
    item.save()
    item.file.save(name, ContentFile(data), save=True)
    return item


def evidence_pdf(pages: int) -> bytes:
    blocks = parse_blocks(
        "\n".join(f"证据材料第{i}段：营业执照复印件及现场照片说明。" for i in range(pages * 12)), [], {}
    )
    return render_pdf(blocks, Page("某某公司", "证据材料", "", "", ""))[0]


@pytest.fixture
def file_case(sealed):
    case = b.served(sealed)
    head = sealed.head.user
    issue(sealed, case, "la_spb", on=dt.date(2026, 3, 3))
    decision = issue(sealed, case, "xzcf_jds", DISCRETION, actor=head, on=dt.date(2026, 3, 20))
    record = m.ServiceRecord.objects.get(case=case, document=m.ServiceDocument.DECISION)
    ds.document_serve(
        document=decision,
        actor=sealed.officer.user,
        method="direct",
        recipient="陈某",
        delivered_on=record.delivered_on,
        service_record=record,
    )
    issue(sealed, case, "dczj_bg", on=dt.date(2026, 3, 10))
    evidence(case, head, "营业执照", evidence_pdf(2), "application/pdf", "licence.pdf")
    evidence(case, head, "现场照片", tiny_png(), "image/png", "photo.png")
    evidence(case, head, "损坏的扫描件", b"%PDF-1.4\n garbage without objects", "application/pdf", "broken.pdf")
    return case


def test_case_file_is_ordered_numbered_bookmarked_and_lists_unreadable_evidence(sealed, file_case):
    data, desc = assemble(file_case, retention_label="永久", archive_number="20260001")
    reader = PdfReader(io.BytesIO(data))
    titles = [e["title"] for e in desc["toc"]]
    assert titles == [
        "立案审批表",
        "行政处罚决定书",
        "送达回证",
        "证据：营业执照",
        "证据：现场照片",
        "案件调查终结报告",
    ]
    # Pages: cover + 目录 + content + 备考表; content numbered 1..n consecutively.
    content = desc["content_pages"]
    assert len(reader.pages) == content + 3
    starts = [(e["start"], e["end"]) for e in desc["toc"]]
    assert (
        starts[0][0] == 1
        and all(b[0] == a[1] + 1 for a, b in zip(starts, starts[1:], strict=False))
        and starts[-1][1] == content
    )
    for n in range(1, content + 1):
        assert reader.pages[n + 1].extract_text().rstrip().endswith(str(n)), n
    cover, toc, notes = (reader.pages[i].extract_text() for i in (0, 1, -1))
    assert "行政处罚案卷" in cover and "陈某擅自占用城市道路经营案" in cover and "永久" in cover and "20260001" in cover
    decision = file_case.documents.get(document_type__code="xzcf_jds")
    assert decision.number in cover.replace("\n", "")
    assert "卷内目录" in toc and "行政处罚决定书" in toc
    for page_text in (cover, toc, notes):
        assert not [line for line in page_text.splitlines() if line.strip()[:1] in tuple("，。、；：？！）》」〕")]
    assert "备考表" in notes and "损坏的扫描件" in notes
    broken = m.EvidenceItem.objects.get(title="损坏的扫描件")
    assert broken.sha256 in notes.replace("\n", "")
    filing = file_case.documents.get(document_type__code="la_spb")
    assert [o.title for o in reader.outline][:3] == [
        f"立案审批表 {filing.number}",
        f"行政处罚决定书 {decision.number}",
        "送达回证",
    ]


def test_assembly_is_deterministic(sealed, file_case):
    first, _ = assemble(file_case, retention_label="永久")
    second, _ = assemble(file_case, retention_label="永久")
    assert first == second


def test_builder_is_registered_and_stores_the_file_with_its_hash(sealed, file_case):
    info = hooks.build_case_file(file_case, actor=sealed.head, retention_label="永久", archive_number="20260001")
    stored = CaseFile.objects.get(case=file_case)
    assert info.sha256 == stored.sha256 and info.page_count == stored.page_count
    with stored.pdf.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == info.sha256
    assert rule_24(file_case) == []


def test_rule_24_refuses_archiving_with_an_unserved_external_document(sealed, file_case):
    doc = issue(sealed, file_case, "zlgz_tzs", CORRECTION, on=dt.date(2026, 3, 4))
    [finding] = rule_24(file_case)
    assert finding.rule == "SAMR-78-CASE-FILE" and finding.number == 24 and doc.number in finding.detail


def test_rule_24_flags_a_case_file_with_broken_page_numbering(sealed, file_case):
    hooks.build_case_file(file_case, actor=sealed.head)
    stored = CaseFile.objects.get(case=file_case)
    stored.toc[1]["start"] += 1
    stored.save()
    assert "页码不连续" in rule_24(file_case)[0].detail


def test_text_of_documents_and_pdf_evidence_is_exposed_for_search(sealed, file_case):
    parts = [p for p in hooks.case_texts(file_case) if p.kind in ("document", "evidence")]
    kinds = {(p.kind, p.title) for p in parts}
    assert ("document", "行政处罚决定书") in kinds and ("evidence", "营业执照") in kinds
    licence = next(p for p in parts if p.title == "营业执照")
    assert "营业执照复印件" in licence.text.replace("\n", "")
    assert not any(p.title == "损坏的扫描件" for p in parts)


def test_signed_copy_must_be_a_readable_pdf_or_image_and_enters_the_file_after_its_document(sealed, file_case):
    from casemgmt.cases.services import InputError

    receipt = file_case.documents.get(document_type__code="sd_hz")
    for bad in (b"%PDF-1.4 truncated", b"\x89PNG\r\n\x1a\n broken", b"MZ\x90\x00 not a page"):
        events = file_case.events.count()
        with pytest.raises(InputError):
            ds.document_attach_scan(document=receipt, actor=sealed.officer.user, data=bad)
        receipt.refresh_from_db()
        assert not receipt.scan and file_case.events.count() == events
    ds.document_attach_scan(document=receipt, actor=sealed.officer.user, data=tiny_png(), filename="signed.png")
    _, desc = assemble(file_case)
    titles = [e["title"] for e in desc["toc"]]
    assert titles[titles.index("送达回证") + 1] == "送达回证（签收件）"
