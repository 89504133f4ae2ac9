"""The demo issues real documents through the document services: every closed demo case gets the documents its
path requires, each served one with its 送达回证 linked to the service the case services recorded."""

import random

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt, findings_for, load_facts
from casemgmt.demo.documents import GAP_RULE, complete_case_file, issue_demo_documents
from documents.models import Document, DocumentStatus
from documents.requirements import missing_documents
from tests import builders as b
from tests.archive.conftest import closed_case, with_seal_and_benchmark


def test_an_open_demo_case_gets_no_documents(sealed):
    case = b.served(sealed)
    assert issue_demo_documents(case, rng=random.Random(1)) == ()
    assert not Document.objects.exists()


def test_the_demo_completes_a_closed_file_with_receipts_linked_to_the_recorded_service(sealed, matter):
    case = closed_case(sealed, documents=False, matter=matter)
    with_seal_and_benchmark(case)
    issued = complete_case_file(case)
    assert {d.document_type.code for d in issued} == {
        "la_spb",
        "xcjc_bl",
        "dczj_bg",
        "sxgz_s",
        "xzcf_jdspb",
        "xzcf_jds",
        "ja_spb",
    }
    doc = Document.objects.get(document_type__code="xzcf_jds", status=DocumentStatus.ISSUED)
    receipt = doc.receipts.get()
    record = m.ServiceRecord.objects.get(case=case, document=m.ServiceDocument.DECISION)
    assert receipt.service_record == record and record.document_ref.endswith(doc.number)
    assert m.ServiceRecord.objects.filter(case=case).count() == 2  # the notice's and the decision's, not again
    assert all(d.pdf.name and d.sha256 and d.page_count for d in Document.objects.filter(case=case))
    facts = load_facts(case)
    assert missing_documents(facts) == []
    assert [f for f in findings_for(facts, Attempt("archive", facts.today)) if f.rule.startswith("SAMR-78")] == []


def test_a_deliberate_gap_is_only_a_document_the_archive_does_not_require(sealed, matter):
    # Seed 0 draws no gap, seed 1 leaves out the 行政处罚决定审批表, seed 18 the 陈述申辩笔录 (none recorded here).
    found = {}
    for seed in (0, 1, 18):
        case = closed_case(sealed, documents=False, matter=matter)
        with_seal_and_benchmark(case)
        gap = issue_demo_documents(case, rng=random.Random(seed))
        found[seed] = (gap, [r.code for r in missing_documents(load_facts(case))])
    assert found == {0: ((), []), 1: ((GAP_RULE,), ["xzcf_jdspb"]), 18: ((), [])}
