"""Serving the 事先告知书 or the 行政处罚决定书 through the documents is the case act itself (serve_notice /
serve_decision): the case records the service and the flow task leaves the inbox; a refused service leaves the
task open and writes nothing."""

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.services.act import perform_act
from documents import services as ds
from documents.models import Document
from tests import builders as b
from tests.documents.support import DISCRETION, VIOLATED, issue
from tests.workflows.helpers import open_task_names
from workflows import engine


def in_flow(world, case, last_action: str):
    """Start the case's flow and bring it up to ``last_action``: the builders call the services directly."""
    engine.start_for_case(case)
    perform_act(last_action, case=case, actor=world.head.user, call=lambda: None)
    return case


@pytest.fixture
def decision_doc(sealed):
    case = in_flow(sealed, b.decided(sealed), "decide")
    assert "serve_decision" in open_task_names(case)
    return issue(sealed, case, "xzcf_jds", DISCRETION, actor=sealed.head.user, on=dt.date(2026, 3, 20))


def test_serving_the_decision_document_completes_the_serve_decision_task(sealed, decision_doc):
    receipt = ds.document_serve(
        document=decision_doc,
        actor=sealed.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=dt.date(2026, 3, 23),
    )
    case = decision_doc.case
    case.refresh_from_db()
    assert case.status == m.CaseStatus.SERVED
    assert "serve_decision" not in open_task_names(case)
    assert receipt.service_record.document == m.ServiceDocument.DECISION
    assert m.CaseEvent.objects.filter(case=case, action="serve_decision").count() == 1


def test_a_refused_decision_service_leaves_the_task_open_and_writes_nothing(sealed, decision_doc):
    before = Document.objects.count(), m.ServiceRecord.objects.count(), m.CaseEvent.objects.count()
    with pytest.raises(RuleViolation):
        ds.document_serve(
            document=decision_doc,
            actor=sealed.officer.user,
            method="direct",
            recipient="陈某",
            delivered_on=dt.date(2026, 4, 20),  # beyond the 7 working days of APL Art. 61
        )
    assert (Document.objects.count(), m.ServiceRecord.objects.count(), m.CaseEvent.objects.count()) == before
    assert "serve_decision" in open_task_names(decision_doc.case)


def test_serving_the_notice_document_completes_the_serve_notice_task(sealed):
    case = in_flow(sealed, b.noticed(sealed, served_on=None), "issue_notice")
    assert "serve_notice" in open_task_names(case)
    notice = case.notices.get()
    doc = issue(sealed, case, "sxgz_s", VIOLATED, source_ref=f"notice:{notice.pk}", on=dt.date(2026, 3, 12))
    ds.document_serve(
        document=doc, actor=sealed.officer.user, method="direct", recipient="陈某", delivered_on=dt.date(2026, 3, 13)
    )
    notice.refresh_from_db()
    assert notice.served_on == dt.date(2026, 3, 13)
    assert "serve_notice" not in open_task_names(case)


def test_other_documents_keep_their_own_service_record(sealed):
    case = in_flow(sealed, b.filed(sealed), "file")
    tasks = open_task_names(case)
    doc = issue(sealed, case, "zlgz_tzs", {"violation": "占道", "legal_basis": "条例", "correction": "停止",
                                           "correction_deadline": "2026年4月1日"}, on=dt.date(2026, 3, 4))  # fmt: skip
    receipt = ds.document_serve(
        document=doc, actor=sealed.officer.user, method="direct", recipient="陈某", delivered_on=dt.date(2026, 3, 5)
    )
    assert receipt.service_record.document == m.ServiceDocument.OTHER
    assert open_task_names(case) == tasks
