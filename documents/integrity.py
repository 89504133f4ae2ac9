"""The files of the documents app whose SHA-256 the case event log recorded, for ``verify_case_log``."""

from __future__ import annotations

from collections.abc import Iterator

from casemgmt.cases.hooks import RecordedFile

from .models import CaseFile, Document


def recorded_files(case_ids: list[int] | None) -> Iterator[RecordedFile]:
    """Issued (and later voided) documents' PDFs, the signed receipts attached to them, and the case files."""
    documents = Document.objects.exclude(sha256="").select_related("document_type").order_by("case_id", "id")
    case_files = CaseFile.objects.order_by("case_id", "id")
    if case_ids is not None:
        documents = documents.filter(case_id__in=case_ids)
        case_files = case_files.filter(case_id__in=case_ids)
    for doc in documents.iterator(chunk_size=2000):
        label = f"{doc.document_type.name}{doc.number}"
        yield RecordedFile(doc.case_id, "document_issue", "document", doc.pk, label, doc.pdf.name, doc.sha256)
        if doc.scan_sha256:
            yield RecordedFile(
                doc.case_id, "document_scan", "document", doc.pk, f"{label}的签收件", doc.scan.name, doc.scan_sha256
            )
    for record in case_files.iterator(chunk_size=2000):
        yield RecordedFile(
            record.case_id,
            "case_file_build",
            "case_file",
            record.pk,
            f"案卷（{record.built_at:%Y-%m-%d}组卷）",
            record.pdf.name,
            record.sha256,
            # a case file assembled by the system (no officer) is stored without an event
            event_required=record.built_by_id is not None,
        )
