"""Each record takes its values from the case: decision, party, issued decision document, enforcement subject."""

import datetime as dt

from casemgmt.cases import models as m
from casemgmt.cases.clocks import disclosure_deadline
from casemgmt.cases.rulebook import load_facts
from casemgmt.disclosure import fields as f
from documents.models import Document
from tests.disclosure.conftest import TOWNSHIP_CODE, decided_case
from tests.disclosure.support import batch_for


def test_citizen_record_takes_every_value_from_the_case(pub):
    case = decided_case(pub)
    doc = Document.objects.get(case=case, document_type__code="xzcf_jds")
    [record] = batch_for(pub.officer.user).records
    v = record.values
    assert v[f.OPERATION] == f.ADD and record.status == "待公示"
    assert v[f.NAME] == "陈某" and v[f.CATEGORY] == f.CITIZEN
    assert v[f.CODE] == "" and v[f.ID_TYPE] == "身份证" and v[f.ID_NUMBER] == "110101********7571"
    assert v[f.DOC_NUMBER] == doc.number and doc.number
    assert v[f.VIOLATION_TYPE] == case.cause
    decision = case.decisions.get()
    assert v[f.FACTS] == decision.facts and v[f.BASIS] == decision.legal_basis
    assert v[f.PENALTY_CLASS] == "罚款" and v[f.PENALTY_CONTENT] == "罚款人民币500.00元"
    assert v[f.FINE] == "0.050000" and v[f.CONFISCATION] == "0.000000"
    assert v[f.DECIDED_ON] == "2026/03/20" and v[f.VALID_UNTIL] == "2099/12/31"
    assert v[f.AUTHORITY] == case.enforcement_subject.name == v[f.SOURCE]
    assert v[f.AUTHORITY_CODE] == TOWNSHIP_CODE == v[f.SOURCE_CODE]
    assert record.errors == []


def test_deadline_is_the_rulebook_clock_and_late_records_are_marked(pub):
    case = decided_case(pub)
    [record] = batch_for(pub.officer.user).records
    expected = disclosure_deadline(load_facts(case), case.decisions.get())
    assert record.deadline == expected and record.deadline.date > dt.date(2026, 3, 20)
    assert record.overdue  # not published by 2026-12-07


def test_public_until_follows_the_publication_period_by_penalty(pub):
    small = decided_case(pub)  # 500 元 on a citizen: above the 200 元 summary ceiling → three years
    [record] = [r for r in batch_for(pub.officer.user).records if r.case_id == small.pk]
    assert record.values[f.PUBLIC_UNTIL] == "2029/12/07"  # not yet published: counted from the export day


def test_organisation_record_carries_credit_code_and_legal_representative(pub):
    case = decided_case(pub, party_kind=m.PartyKind.ORGANISATION)
    m.Party.objects.filter(case=case).update(legal_representative="王经理")
    [record] = batch_for(pub.officer.user).records
    v = record.values
    assert v[f.CATEGORY] == f.ORGANISATION and v[f.CODE] == "91110000MA01ABCD1M"
    assert v[f.LEGAL_REP] == "王经理" and v[f.ID_TYPE] == "" and v[f.ID_NUMBER] == ""
    assert record.errors == []
