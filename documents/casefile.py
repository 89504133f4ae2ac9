"""Assembly of the case file (案卷) with pypdf.

Cover → 卷内目录 → documents in the configured order (default legal-brief §6.1: 正卷 then 副卷; each 送达回证
right after the document it serves; evidence files after the served documents) → 备考表. Content pages are
numbered consecutively at the lower right; cover, 目录 and 备考表 are not numbered. One bookmark per document.

Pages are copied one source at a time and each source reader is dropped after use, so memory grows with the
output, not with all sources held open at once. The result is deterministic: the same inputs give the same
bytes (reportlab's invariant mode, a file identifier derived from the content, no dates in the metadata).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from casemgmt.cases import models as m
from casemgmt.cases.hooks import CaseFileInfo
from casemgmt.files import read_verified

from . import layout
from .context import cn_date
from .images import ImageRefused, page_image, page_image_bytes
from .models import CaseFile, Document, DocumentStatus, Volume

EVIDENCE_ORDER = 35  # after the served documents, before the 笔录 and the hearing record (SAMR Art. 78)
IMAGE_TYPES = ("image/jpeg", "image/png")


@dataclass
class Part:
    title: str
    number: str
    date: str
    order: tuple
    kind: str  # document | evidence
    ref: str
    pages: int = 0
    data: bytes | None = None  # PDF bytes (documents, evidence PDFs)
    image: bytes | None = None
    sha256: str = ""
    volume: str = Volume.FRONT


@dataclass
class Assembly:
    parts: list[Part] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _read(name: str, sha256: str, label: str) -> bytes:
    """A stored file's bytes, refused (``StoredFileError``) when they no longer match the recorded SHA-256: an
    altered file never enters a case file."""
    return read_verified(name, sha256, label=label)


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    count = len(reader.pages)
    if count == 0:
        raise ValueError("no pages")
    reader.pages[0].get_contents()  # touch the first page: a broken page tree fails here
    return count


def issued_on(d: Document) -> str:
    """The legal date the document was issued on (frozen in its snapshot)."""
    import datetime as dt

    if d.snapshot and d.snapshot.get("issued_on"):
        return cn_date(dt.date.fromisoformat(d.snapshot["issued_on"]))
    return cn_date(d.issued_at.date()) if d.issued_at else ""


def collect(case: m.Case) -> Assembly:
    """The parts of the file in order, with their page counts; unreadable evidence becomes a note."""
    out = Assembly()
    docs = list(
        Document.objects.filter(case=case)
        .exclude(volume_none_q())
        .select_related("document_type", "for_document__document_type")
        .order_by("id")
    )
    issued = [d for d in docs if d.status == DocumentStatus.ISSUED]
    for d in docs:
        if d.status == DocumentStatus.VOIDED:
            out.notes.append(f"{d.document_type.name}{d.number}已作废（{d.void_reason}），未入卷；文号不再使用。")
    for d in issued:
        anchor = d.for_document if d.for_document_id else d
        volume = anchor.document_type.volume
        key = (
            0 if volume == Volume.FRONT else 1,
            anchor.document_type.file_order,
            anchor.pk,
            1 if d.for_document_id else 0,
            d.pk,
        )
        out.parts.append(
            Part(
                title=d.document_type.name,
                number=d.number,
                date=issued_on(d),
                order=key,
                kind="document",
                ref=f"document:{d.pk}",
                pages=d.page_count,
                sha256=d.sha256,
                volume=volume,
            )
        )
        if d.scan:
            if d.scan_content_type in IMAGE_TYPES:
                try:
                    page_image(_read(d.scan.name, d.scan_sha256, f"{d}的签收件"))
                except ImageRefused as refused:
                    out.notes.append(
                        f"{d.document_type.name}{d.number}的签收件{refused}，未能转为页面；"
                        f"原文件另行保存，SHA-256：{d.scan_sha256}"
                    )
                    continue
            out.parts.append(
                Part(
                    title=f"{d.document_type.name}（签收件）",
                    number=d.number,
                    date=issued_on(d),
                    order=(*key[:4], d.pk + 0.5),
                    kind="scan",
                    ref=f"scan:{d.pk}",
                    pages=d.scan_pages,
                    sha256=d.scan_sha256,
                    volume=volume,
                )
            )
    for item in m.EvidenceItem.objects.filter(case=case).exclude(file="").order_by("collected_at", "id"):
        part = Part(
            title=f"证据：{item.title}",
            number="",
            date=cn_date(item.collected_at.date()),
            order=(0, EVIDENCE_ORDER, item.pk, 0, 0),
            kind="evidence",
            ref=f"evidence:{item.pk}",
            sha256=item.sha256,
        )
        label = f"证据“{item.title}”"
        if item.content_type == "application/pdf":
            data = _read(item.file.name, item.sha256, label)
            try:
                part.pages = _pdf_pages(data)
            except Exception:  # noqa: BLE001 — any parse failure means "not renderable", never a failed assembly
                out.notes.append(f"{label}PDF文件无法读取，未能转为页面；SHA-256：{item.sha256}")
                continue
            out.parts.append(part)
        elif item.content_type in IMAGE_TYPES:
            try:
                page_image(_read(item.file.name, item.sha256, label))
            except ImageRefused as refused:
                out.notes.append(f"{label}{refused}，未能转为页面；原文件另行保存，SHA-256：{item.sha256}")
                continue
            part.pages = 1
            out.parts.append(part)
        else:
            out.notes.append(f"证据“{item.title}”（{item.content_type or '文件'}）另行保存，SHA-256：{item.sha256}")
    out.parts.sort(key=lambda p: p.order)
    return out


def volume_none_q():
    from django.db.models import Q

    return Q(document_type__volume=Volume.NONE)


# --- generated pages ---------------------------------------------------------------------------------------------


def _canvas(buffer) -> rl_canvas.Canvas:
    layout.register_font()
    c = rl_canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setCreator("casemgmt")
    return c


def _table_pdf(
    title: str,
    heading: list[str],
    widths: list[float],
    rows: list[list[str]],
    lead: list[tuple[str, str]] | None = None,
) -> bytes:
    """A simple ruled table page set (目录, 备考表, 封面) in the document font."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    layout.register_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=30 * mm,
        bottomMargin=25 * mm,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        title=title,
        creator="casemgmt",
        invariant=1,
    )
    cell = ParagraphStyle("c", fontName=layout.FONT, fontSize=11, leading=16)
    big = ParagraphStyle("t", fontName=layout.FONT, fontSize=24, leading=36, alignment=1)
    story: list = [Paragraph(title, big), Spacer(1, 8 * mm)]
    if lead:
        lt = Table(
            [
                [
                    layout._para(k, ParagraphStyle("k", parent=cell, fontSize=14, leading=22), 45 * mm - 12),
                    layout._para(v, ParagraphStyle("v", parent=cell, fontSize=14, leading=22), 120 * mm - 12),
                ]
                for k, v in lead
            ],
            colWidths=[45 * mm, 120 * mm],
        )
        lt.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        story += [lt, Spacer(1, 6 * mm)]
    if heading:
        # Cells are broken by the document line breaker too: no cell line may start with closing punctuation.
        data = [[layout._para(h, cell, w - 12) for h, w in zip(heading, widths, strict=True)]]
        data += [[layout._para(str(v), cell, w - 12) for v, w in zip(row, widths, strict=True)] for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story.append(table)
    with layout._render_lock:
        doc.build(story)
    return buffer.getvalue()


def _cover(info: dict) -> bytes:
    lead = [
        ("案卷题名", info["case_title"]),
        ("处罚决定书文号", info["decision_number"] or "—"),
        ("执法主体", info["subject"]),
        ("承办单位", info["units"]),
        ("立案日期", info["filed_on"]),
        ("结案日期", info["closed_on"]),
        ("保管期限", info["retention"] or "—"),
        ("本卷文件件数", f"{info['documents']}件"),
        ("本卷页数", f"{info['pages']}页"),
        ("档号", info["archive_number"] or "—"),
        ("全宗号/目录号/案卷号", "（由档案部门填写）"),
    ]
    return _table_pdf("行政处罚案卷", [], [], [], lead)


def _toc(entries: list[dict]) -> bytes:
    rows = [
        [
            str(i),
            e["number"] or "—",
            e["title"],
            e["date"],
            f"{e['start']}–{e['end']}" if e["end"] > e["start"] else str(e["start"]),
        ]
        for i, e in enumerate(entries, 1)
    ]
    return _table_pdf(
        "卷内目录", ["序号", "文号", "题名", "日期", "页号"], [13 * mm, 48 * mm, 48 * mm, 31 * mm, 20 * mm], rows
    )


def _notes_page(notes: list[str], info: dict) -> bytes:
    text = [
        f"本卷共有文件{info['documents']}件，共{info['pages']}页（封面、卷内目录、备考表不编页号）。",
        *notes,
    ]
    lead = [("立卷人", info["compiler"] or "—"), ("立卷日期", info["date"] or "—")]
    rows = [[str(i), t] for i, t in enumerate(text, 1)]
    return _table_pdf("备考表", ["序号", "情况说明"], [15 * mm, 145 * mm], rows, lead)


def _image_page(data: bytes, title: str) -> bytes:
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    c = _canvas(buffer)
    img = ImageReader(io.BytesIO(page_image_bytes(data)))
    iw, ih = img.getSize()
    maxw, maxh = A4[0] - 50 * mm, A4[1] - 70 * mm
    scale = min(maxw / iw, maxh / ih)
    w, h = iw * scale, ih * scale
    c.drawImage(img, (A4[0] - w) / 2, A4[1] - 30 * mm - h, w, h)
    c.setFont(layout.FONT, 11)
    c.drawString(25 * mm, 25 * mm + 10, title)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _number_overlay(total: int) -> bytes:
    """One page per content page carrying only its number at the lower right."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    for n in range(1, total + 1):
        c.setFont(layout.FONT, 12)
        c.drawRightString(A4[0] - 15 * mm, 12 * mm, str(n))
        c.showPage()
    c.save()
    return buffer.getvalue()


# --- assembly ----------------------------------------------------------------------------------------------------


def write_case_file(parts: list[Part], notes: list[str], info: dict, load, progress=None) -> tuple[bytes, dict]:
    """Assemble ``parts`` (already ordered, page counts known) into one PDF. ``load(part)`` returns a part's PDF
    bytes; it is called once per part, and the part's reader is released before the next one is opened.
    ``progress(done, total, message)`` is told after each part."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    entries: list[dict] = []
    page = 1
    for p in parts:
        entries.append(
            {
                "title": p.title,
                "number": p.number,
                "date": p.date,
                "start": page,
                "end": page + p.pages - 1,
                "numbered": True,
                "order": p.order[1] + (1000 if p.order[0] else 0),
                "ref": p.ref,
                "sha256": p.sha256,
            }
        )
        page += p.pages
    content_pages = page - 1
    info = {**info, "documents": len(parts), "pages": content_pages}
    writer = PdfWriter()
    writer.add_metadata({"/Title": f"{info['case_title']}案卷", "/Producer": "casemgmt"})

    def append(data: bytes, start: int | None = None, overlay: PdfReader | None = None) -> int:
        reader = PdfReader(io.BytesIO(data), strict=False)
        first = len(writer.pages)
        for i, src in enumerate(reader.pages):
            added = writer.add_page(src)
            if overlay is not None and start is not None and start + i <= content_pages:
                added.merge_page(overlay.pages[start + i - 1])
        return first

    append(_cover(info))
    append(_toc(entries))
    overlay = PdfReader(io.BytesIO(_number_overlay(max(content_pages, 1))))
    for done, (p, entry) in enumerate(zip(parts, entries, strict=True), start=1):
        first = append(load(p), entry["start"], overlay)
        writer.add_outline_item(title=f"{p.title} {p.number}".strip(), page_number=first)
        if progress is not None:
            progress(done, len(parts), f"正在装订第{done}/{len(parts)}份材料（{p.title}）")
    append(_notes_page(notes, info))
    # A file identifier derived from the content, so the same inputs give the same bytes.
    digest = hashlib.sha256(repr((entries, notes, info)).encode()).digest()
    writer._ID = ArrayObject([ByteStringObject(digest[:16]), ByteStringObject(digest[:16])])
    out = io.BytesIO()
    writer.write(out)
    description = {
        "toc": entries,
        "notes": notes,
        "info": info,
        "content_pages": content_pages,
        "page_count": len(writer.pages),
    }
    return out.getvalue(), description


def assemble(
    case: m.Case, *, retention_label: str = "", archive_number: str = "", compiler: str = "", progress=None
) -> tuple[bytes, dict]:
    """The case-file PDF bytes and its description (toc, counts, notes)."""
    collected = collect(case)
    parts = collected.parts
    decision = next((p for p in parts if p.title in DECISION_TITLES), None)
    party = case.parties.order_by("id").first()
    units = [case.handling_unit.name] + [u.name for u in case.assisting_units.order_by("id")]
    info = {
        "case_title": f"{party.name if party else ''}{case.cause}案",
        "decision_number": decision.number if decision else "",
        "subject": case.enforcement_subject.name,
        "units": "、".join(units),
        "filed_on": cn_date(case.filed_on),
        "closed_on": cn_date(case.closed_on),
        "retention": retention_label,
        "archive_number": archive_number,
        "compiler": compiler,
        "date": cn_date(case.closed_on or case.decided_on),
    }
    docs = {d.pk: d for d in Document.objects.filter(case=case, status=DocumentStatus.ISSUED)}
    evidence = {e.pk: e for e in m.EvidenceItem.objects.filter(case=case)}

    def load(part: Part) -> bytes:
        kind, pk = part.ref.split(":")
        if kind == "document":
            doc = docs[int(pk)]
            return _read(doc.pdf.name, doc.sha256, str(doc))
        if kind == "scan":
            doc = docs[int(pk)]
            raw = _read(doc.scan.name, doc.scan_sha256, f"{doc}的签收件")
            return _inert(raw) if doc.scan_content_type == "application/pdf" else _image_page(raw, part.title)
        item = evidence[int(pk)]
        raw = _read(item.file.name, item.sha256, f"证据“{item.title}”")
        return _inert(raw) if item.content_type == "application/pdf" else _image_page(raw, part.title)

    return write_case_file(parts, collected.notes, info, load, progress)


def _inert(pdf: bytes) -> bytes:
    """A stored PDF without JavaScript, launch actions or embedded files. Uploads are cleaned when stored; files
    stored before that was done are cleaned here, so no case file carries active content."""
    from casemgmt.files.uploads import UploadRefused, clean_pdf

    try:
        return clean_pdf(pdf)[0]
    except UploadRefused:
        return pdf  # unreadable PDFs were left out by ``collect`` already


DECISION_TITLES = ("行政处罚决定书", "不予行政处罚决定书", "当场行政处罚决定书")


def build_case_file(
    case: m.Case,
    *,
    actor=None,
    retention_label: str = "",
    archive_number: str = "",
    progress=None,
    expected_version: int | None = None,
    on_record=None,
) -> CaseFileInfo:
    """Registered with ``casemgmt.cases.hooks``: assemble, store (content-addressed) and record the case file.

    The PDF is assembled and stored without the case's row lock (a 600-page file takes seconds); only recording
    it (the CaseFile row, the 组卷 event with its SHA-256, ``on_record``) locks the case, briefly. A case whose
    version is no longer ``expected_version`` by then changed during assembly: ``ConflictError``, nothing
    recorded (the stored file, named by its hash, is simply unused)."""
    compiler = getattr(actor, "name", "") if actor is not None else ""
    data, desc = assemble(
        case, retention_label=retention_label, archive_number=archive_number, compiler=compiler, progress=progress
    )
    sha = hashlib.sha256(data).hexdigest()
    name = f"casefiles/{case.pk}/{sha}.pdf"
    from .services import store_bytes

    store_bytes(name, data)
    del data
    return _record_case_file(
        case,
        name=name,
        sha=sha,
        desc=desc,
        actor=actor,
        retention_label=retention_label,
        archive_number=archive_number,
        expected_version=expected_version,
        on_record=on_record,
    )


@transaction.atomic
def _record_case_file(
    case: m.Case, *, name, sha, desc, actor, retention_label, archive_number, expected_version, on_record
) -> CaseFileInfo:
    from casemgmt.cases.services.base import ConflictError, lock_case, record_event

    case = lock_case(case, archived_ok=True)
    if expected_version is not None and case.version != expected_version:
        raise ConflictError("案件在组卷期间已变更，案卷须重新生成")
    record = CaseFile(
        case=case,
        sha256=sha,
        page_count=desc["page_count"],
        content_pages=desc["content_pages"],
        document_count=desc["info"]["documents"],
        archive_number=archive_number,
        retention_label=retention_label,
        toc=desc["toc"],
        notes=desc["notes"],
        built_by=actor if actor is not None and hasattr(actor, "certificates") else None,
    )
    record.pdf.name = name
    record._change_reason = "组卷"
    record.save()
    user = getattr(actor, "user", None)
    if user is not None:
        record_event(
            case,
            action="case_file_build",
            summary=f"组卷（{desc['page_count']}页）",
            actor=user,
            payload={"case_file": record.pk, "sha256": sha},
        )
    info = CaseFileInfo(
        storage_name=name,
        sha256=sha,
        page_count=desc["page_count"],
        document_count=desc["info"]["documents"],
        archive_number=archive_number,
    )
    if on_record is not None:
        on_record(case, info)
    return info
