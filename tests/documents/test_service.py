"""送达: a 送达回证 for every external document, through the case services (rule 19 kept), dates feed the clocks."""

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.services import ConflictError, InputError
from documents import services as ds
from documents.models import Document, DocumentStatus
from tests import builders as b
from tests.documents.support import CORRECTION, DISCRETION, VIOLATED, issue, squash


@pytest.fixture
def decision_doc(sealed):
    case = b.decided(sealed)
    return issue(sealed, case, "xzcf_jds", DISCRETION, actor=sealed.head.user, on=dt.date(2026, 3, 20))


def test_serving_the_decision_records_service_and_issues_a_receipt(sealed, decision_doc):
    receipt = ds.document_serve(
        document=decision_doc,
        actor=sealed.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=dt.date(2026, 3, 23),
        place="城关镇人民路1号",
    )
    case = decision_doc.case
    case.refresh_from_db()
    assert case.status == m.CaseStatus.SERVED
    record = m.ServiceRecord.objects.get(case=case, document=m.ServiceDocument.DECISION)
    assert record.served_on == dt.date(2026, 3, 23) and decision_doc.number in record.document_ref
    assert receipt.document_type.code == "sd_hz" and receipt.status == DocumentStatus.ISSUED
    assert receipt.for_document == decision_doc and receipt.service_record == record
    text = squash(receipt.text)
    for needle in (
        "送达回证",
        "行政处罚决定书",
        squash(decision_doc.number),
        "陈某",
        "2026年3月23日",
        "直接送达",
        "张执法",
    ):
        assert needle in text, needle
    with pytest.raises(ConflictError):
        ds.document_serve(
            document=decision_doc,
            actor=sealed.officer.user,
            method="direct",
            recipient="陈某",
            delivered_on=dt.date(2026, 3, 24),
        )


def test_rule_19_still_refuses_late_service_and_nothing_is_written(sealed, decision_doc):
    before = Document.objects.count(), m.ServiceRecord.objects.count()
    with pytest.raises(RuleViolation) as caught:
        ds.document_serve(
            document=decision_doc,
            actor=sealed.officer.user,
            method="direct",
            recipient="陈某",
            delivered_on=dt.date(2026, 4, 20),
        )
    assert {f.rule for f in caught.value.findings} == {"APL-61-DECISION-SERVICE"}
    assert (Document.objects.count(), m.ServiceRecord.objects.count()) == before
    decision_doc.case.refresh_from_db()
    assert decision_doc.case.status == m.CaseStatus.DECIDED


def test_public_notice_counts_as_served_thirty_days_after_publication(sealed):
    case = b.filed(sealed)
    doc = issue(sealed, case, "zlgz_tzs", CORRECTION, on=dt.date(2026, 3, 4))
    receipt = ds.document_serve(
        document=doc,
        actor=sealed.officer.user,
        method=m.ServiceMethod.PUBLIC,
        recipient="陈某",
        delivered_on=dt.date(2026, 3, 5),
        note="下落不明，经多方查找无果",
        public_reason=m.PublicServiceReason.WHEREABOUTS_UNKNOWN,
        public_process="上门、邮寄、电话均未能送达，村委会证明当事人外出下落不明",
    )
    assert receipt.service_record.served_on == dt.date(2026, 4, 4)
    assert "视为送达日期：2026年4月4日" in squash(receipt.text)


def test_left_service_needs_a_witness_or_video(sealed):
    case = b.filed(sealed)
    doc = issue(sealed, case, "zlgz_tzs", CORRECTION, on=dt.date(2026, 3, 4))
    with pytest.raises(InputError):
        ds.document_serve(
            document=doc,
            actor=sealed.officer.user,
            method=m.ServiceMethod.LEFT,
            recipient="陈某",
            delivered_on=dt.date(2026, 3, 5),
        )
    assert not doc.receipts.exists()


def test_electronic_service_needs_confirmed_consent(sealed):
    case = b.filed(sealed)
    doc = issue(sealed, case, "zlgz_tzs", CORRECTION, on=dt.date(2026, 3, 4))
    with pytest.raises(RuleViolation) as caught:
        ds.document_serve(
            document=doc,
            actor=sealed.officer.user,
            method=m.ServiceMethod.ELECTRONIC,
            recipient="陈某",
            delivered_on=dt.date(2026, 3, 5),
        )
    assert {f.rule for f in caught.value.findings} == {"APL-61-ELECTRONIC-CONSENT"}


def test_prior_notice_service_starts_the_statement_period(sealed):
    case = b.reviewed(sealed)
    s_notice = __import__("casemgmt.cases.services", fromlist=["notice_issue"]).notice_issue(
        case=case,
        actor=sealed.officer.user,
        on=dt.date(2026, 3, 12),
        facts_and_reasons="占道经营",
        penalty_types=["fine"],
        fine_amount=500,
    )
    doc = issue(sealed, case, "sxgz_s", VIOLATED, source_ref=f"notice:{s_notice.pk}", on=dt.date(2026, 3, 12))
    ds.document_serve(
        document=doc, actor=sealed.officer.user, method="direct", recipient="陈某", delivered_on=dt.date(2026, 3, 13)
    )
    s_notice.refresh_from_db()
    assert s_notice.served_on == dt.date(2026, 3, 13)


def test_internal_documents_are_not_served(sealed):
    case = b.filed(sealed)
    doc = issue(sealed, case, "la_spb", on=dt.date(2026, 3, 3))
    with pytest.raises(InputError):
        ds.document_serve(
            document=doc, actor=sealed.officer.user, method="direct", recipient="陈某", delivered_on=dt.date(2026, 3, 5)
        )
