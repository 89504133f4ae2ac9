"""A document is issued only once the case has reached the act it records (the action registry's ``documents``);
a refused issue consumes no 文号 and changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.actions import ACTIONS
from casemgmt.cases.rulebook import RuleViolation, check_case, load_facts
from casemgmt.cases.rulebook.documents import DOCUMENT_ACT, REACHED, RECEIPT_TYPES, STAGE_ACTS
from documents import services as ds
from documents.catalogue import SPECS
from documents.models import AllocatedNumber, Document, DocumentStatus, NumberSequence
from tests import builders as b
from tests.documents.support import DISCRETION, VIOLATED, issue

STAGE = "APL-DOCUMENT-STAGE"


def refused(world, case, code: str, values=None, actor=None) -> Document:
    """Issue must be refused under the stage rule, leaving no trace; returns the (still draft) document."""
    actor = actor or world.head.user
    draft = ds.document_draft(case=case, actor=actor, type_code=code, values=values)
    case.refresh_from_db()
    before = (
        list(NumberSequence.objects.values_list("pk", "last")),
        AllocatedNumber.objects.count(),
        m.CaseEvent.objects.filter(case=case).count(),
        case.version,
    )
    with pytest.raises(RuleViolation) as caught:
        ds.document_issue(document=draft, actor=actor)
    assert STAGE in {f.rule for f in caught.value.findings}
    case.refresh_from_db()
    after = (
        list(NumberSequence.objects.values_list("pk", "last")),
        AllocatedNumber.objects.count(),
        m.CaseEvent.objects.filter(case=case).count(),
        case.version,
    )
    assert after == before
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT and not draft.number and not draft.pdf
    return draft


def test_every_document_of_the_registry_is_bound_to_an_act_with_a_check():
    for action in ACTIONS:
        for code in action.documents:
            assert code in RECEIPT_TYPES or (DOCUMENT_ACT[code] == action.code and action.code in REACHED), code
    for spec in SPECS:
        assert spec.code in DOCUMENT_ACT or spec.code in RECEIPT_TYPES or spec.stage in STAGE_ACTS, spec.code
    for entry in STAGE_ACTS.values():
        assert entry is None or not isinstance(entry, str) or entry in REACHED


def test_decision_document_refused_while_the_case_is_under_investigation(sealed):
    case = b.filed(sealed)
    refused(sealed, case, "xzcf_jds", DISCRETION)
    refused(sealed, case, "byxzcf_jds", DISCRETION)


def test_decision_document_refused_before_the_decision_even_after_the_notice(sealed):
    case = b.noticed(sealed)
    refused(sealed, case, "xzcf_jds", DISCRETION)
    b.decide(sealed, case, on=dt.date(2026, 3, 20))
    doc = issue(sealed, case, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    assert doc.status == DocumentStatus.ISSUED and doc.number.endswith("〔2026〕1号")  # the refusal took no number


def test_no_penalty_document_needs_a_no_penalty_decision(sealed):
    case = b.decided(sealed)
    refused(sealed, case, "byxzcf_jds", DISCRETION)


def test_prior_notice_refused_before_the_notice_is_recorded(sealed):
    case = b.reviewed(sealed)
    draft = refused(sealed, case, "sxgz_s", actor=sealed.officer.user)
    notice = s.notice_issue(
        case=case,
        actor=sealed.officer.user,
        on=dt.date(2026, 3, 12),
        facts_and_reasons="占道经营",
        penalty_types=["fine"],
        fine_amount=500,
    )
    draft = ds.document_update(
        document=draft,
        actor=sealed.officer.user,
        values={"notice_facts": notice.facts_and_reasons, "notice_penalty": "罚款500元", **VIOLATED},
    )
    assert ds.document_issue(document=draft, actor=sealed.officer.user).status == DocumentStatus.ISSUED


def test_hearing_notice_refused_before_a_hearing_is_scheduled(sealed):
    case = b.noticed(sealed)
    refused(sealed, case, "tz_tzs", {"hearing_on": "2026年4月1日", "hearing_place": "会议室", "presider": "李某"})


def test_closing_form_refused_until_a_closing_ground_exists(sealed):
    case = b.served(sealed)
    values = {
        "execution_outcome": "罚款已缴清",
        "closing_ground": "执行完毕",
        "closing_summary": "结案",
        "approver": "同意",
    }
    draft = refused(sealed, case, "ja_spb", {**values, "closing_on": "2026年4月1日"})
    s.payment_record(
        case=case,
        actor=sealed.officer.user,
        kind=m.PaymentKind.FINE,
        amount=Decimal("500"),
        paid_on=dt.date(2026, 3, 25),
    )
    assert ds.document_issue(document=draft, actor=sealed.head.user).status == DocumentStatus.ISSUED


def test_a_receipt_is_issued_only_with_a_service(sealed):
    case = b.served(sealed)
    refused(sealed, case, "sd_hz", {"served_document": "行政处罚决定书", "recipient": "陈某", "service_time": "x",
                                     "service_method": "直接送达", "server": "张执法"})  # fmt: skip


def test_investigation_documents_need_a_filed_case_and_intake_documents_do_not(sealed):
    clue = b.clue(sealed)
    refused(sealed, clue, "zlgz_tzs", {"violation": "占道", "legal_basis": "条例", "correction": "停止",
                                        "correction_deadline": "2026年4月1日"})  # fmt: skip
    transfer = {"receiver": "示范县市场监督管理局", "transfer_reason": "不属本机关管辖", "materials": "照片"}
    assert issue(sealed, clue, "aj_yjh", transfer).status == DocumentStatus.ISSUED


def test_self_check_flags_a_decision_document_issued_without_a_decision(sealed):
    case = b.decided(sealed)
    doc = issue(sealed, case, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    assert not [f for f in check_case(load_facts(case)) if f.rule == STAGE]
    m.Decision.objects.filter(case=case).update(kind=m.DecisionKind.NOT_ESTABLISHED)
    found = [f for f in check_case(load_facts(case)) if f.rule == STAGE]
    assert found and doc.number in found[0].detail


def test_api_refuses_an_early_decision_with_the_rule_and_consumes_no_number(client, sealed):
    case = b.filed(sealed)
    client.force_login(sealed.head.user)
    created = client.post(
        reverse("api:documents:list"),
        {"case": case.pk, "type": "xzcf_jds", "values": DISCRETION},
        content_type="application/json",
    )
    assert created.status_code == 201
    response = client.post(reverse("api:documents:action", args=[created.json()["id"], "issue"]))
    assert response.status_code == 422
    assert STAGE in {e["rule"] for e in response.json()["errors"]}
    assert not AllocatedNumber.objects.exists()
    client.force_login(sealed.outsider.user)
    assert client.post(reverse("api:documents:action", args=[created.json()["id"], "issue"])).status_code == 404


def test_system_check_names_an_unbound_stage():
    from dataclasses import replace

    from documents.checks import stage_binding_errors

    assert stage_binding_errors() == []
    odd = replace(SPECS[0], code="odd_doc", stage="未知环节")
    [error] = stage_binding_errors([*SPECS, odd])
    assert error.id == "documents.E002" and "odd_doc" in error.msg


def test_page_refuses_an_early_decision_with_the_chinese_message(client, sealed):
    case = b.filed(sealed)
    draft = ds.document_draft(case=case, actor=sealed.head.user, type_code="xzcf_jds", values=DISCRETION)
    client.force_login(sealed.head.user)
    detail = client.get(reverse("documents:detail", args=[draft.pk])).content.decode()
    assert "暂不能签发：尚未作出相应的处理决定" in detail
    page = client.post(reverse("documents:action", args=[draft.pk, "issue"]), follow=True).content.decode()
    assert "执法文书记载的执法行为尚未依法作出" in page and "尚未作出相应的处理决定" in page
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT
    client.force_login(sealed.outsider.user)
    assert client.post(reverse("documents:action", args=[draft.pk, "issue"])).status_code == 404
