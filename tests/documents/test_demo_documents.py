"""The demo issues real documents: 立案审批表, 行政处罚决定书 and its 送达回证 through the document services, the
receipt linked to the service the case services recorded."""

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt, findings_for, load_facts
from casemgmt.demo.documents import issue_demo_documents
from documents.models import Document, DocumentStatus
from tests import builders as b


def test_demo_documents_for_a_served_case(sealed, matter):
    case = b.served(sealed, matter=matter)
    decision = case.decisions.get()
    decision.discretion_tier, decision.benchmark_ref = "一般", "《示范县乡镇综合行政执法行政处罚裁量基准（2025年版）》"
    decision.save()
    issue_demo_documents(case, files=False)
    assert not Document.objects.exists()
    issue_demo_documents(case)
    doc = Document.objects.get(document_type__code="xzcf_jds", status=DocumentStatus.ISSUED)
    receipt = doc.receipts.get()
    record = m.ServiceRecord.objects.get(case=case, document=m.ServiceDocument.DECISION)
    assert receipt.service_record == record and record.document_ref.endswith(doc.number)
    assert Document.objects.filter(document_type__code="la_spb", status=DocumentStatus.ISSUED).count() == 1
    facts = load_facts(case)
    assert [f for f in findings_for(facts, Attempt("archive", facts.today)) if f.rule == "SAMR-78-CASE-FILE"] == []
