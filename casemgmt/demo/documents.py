"""Demo documents (documents issue): for the first decided-and-served cases of the demo, the issued 立案审批表,
the 行政处罚决定书 and its 送达回证 (linked to the service recorded by the case services), each numbered and
rendered to PDF through the real document services."""

from __future__ import annotations

from casemgmt.cases import models as m

DEMO_DOCUMENT_CASES = 40


def issue_demo_documents(case: m.Case, *, files: bool = True) -> None:
    """Without files (``load_demo --no-files``) no PDFs are written, so no documents are issued."""
    from documents import services as ds
    from documents.models import Document

    if not files or Document.objects.values("case").distinct().count() >= DEMO_DOCUMENT_CASES:
        return
    decision = case.decisions.filter(kind=m.DecisionKind.PENALTY).order_by("-id").first()
    record = case.servicerecords.filter(document=m.ServiceDocument.DECISION).order_by("id").first()
    if (
        case.procedure != m.ProcedureType.ORDINARY
        or decision is None
        or record is None
        or not (decision.discretion_tier and decision.benchmark_ref)
        or case.filing_approved_by is None
    ):
        return
    lead = case.officers.filter(released_at=None).order_by("-role", "id").first()
    filing = ds.document_draft(case=case, actor=case.filing_approved_by.user, type_code="la_spb")
    ds.document_issue(document=filing, actor=case.filing_approved_by.user, on=case.filed_on)
    draft = ds.document_draft(
        case=case, actor=decision.decided_by.user, type_code="xzcf_jds", source_ref=f"decision:{decision.pk}"
    )
    issued = ds.document_issue(document=draft, actor=decision.decided_by.user, on=decision.decided_on)
    ds.document_serve(
        document=issued,
        actor=lead.officer.user,
        method=record.method,
        recipient=record.recipient,
        delivered_on=record.delivered_on,
        service_record=record,
    )
