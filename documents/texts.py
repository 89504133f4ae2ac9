"""Searchable text of a case for the archive: every issued document and every PDF evidence file, extracted with
pypdf (documents at issue time, evidence once per file hash)."""

from __future__ import annotations

import io

from casemgmt.cases import models as m
from casemgmt.cases.hooks import TextPart
from casemgmt.files import StoredFileError, read_verified

from .models import Document, DocumentStatus, EvidenceText


def evidence_text(item: m.EvidenceItem) -> EvidenceText:
    cached = EvidenceText.objects.filter(evidence=item).first()
    if cached is not None and cached.sha256 == item.sha256:
        return cached
    from pypdf import PdfReader

    try:
        data = read_verified(item.file.name, item.sha256, label=f"证据“{item.title}”")
    except StoredFileError:
        # A missing or altered file gives no text (logged by casemgmt.files); nothing is cached, so the text is
        # extracted once the recorded file is back.
        return EvidenceText(evidence=item, sha256="", text="", readable=False)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        text, readable = "\n".join((p.extract_text() or "") for p in reader.pages), True
    except Exception:  # noqa: BLE001 — a corrupt file has no text, it must not stop the search index
        text, readable = "", False
    row, _ = EvidenceText.objects.update_or_create(
        evidence=item, defaults={"sha256": item.sha256, "text": text, "readable": readable}
    )
    return row


def case_text_parts(case: m.Case):
    """Registered with ``casemgmt.cases.hooks.register_text_source``."""
    for doc in Document.objects.filter(case=case, status=DocumentStatus.ISSUED).select_related("document_type"):
        yield TextPart(
            kind="document", title=doc.document_type.name, text=doc.text, number=doc.number, ref=f"document:{doc.pk}"
        )
    for item in m.EvidenceItem.objects.filter(case=case, content_type="application/pdf").exclude(file=""):
        row = evidence_text(item)
        if row.text:
            yield TextPart(kind="evidence", title=item.title, text=row.text, ref=f"evidence:{item.pk}")
