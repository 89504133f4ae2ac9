"""Client level, one happy path and one refused path per procedure, through the case action forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casemgmt.cases import models as m

from .conftest import register

pytestmark = pytest.mark.django_db
S = m.CaseStatus


def act(client, case, code, data, *, ok=True):
    case.refresh_from_db()
    response = client.post(reverse("web:case_action", args=[case.pk, code]), {"expected_version": case.version, **data})
    if ok:
        assert response.status_code == 302, response.context["form"].errors if response.context else response
    case.refresh_from_db()
    return response


def test_ordinary_case_runs_from_clue_to_closing_through_the_forms(world, clue_case, client):
    case = clue_case
    officer, head, reviewer = world.officer.user, world.head.user, world.reviewer.user
    client.force_login(head)
    act(
        client,
        case,
        "file",
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "lead": world.officer.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-03",
            "violation_start": "2026-03-01",
            "violation_end": "2026-03-02",
        },
    )
    client.force_login(officer)
    act(
        client,
        case,
        "add_record",
        {
            "kind": "inspection",
            "started_at": "2026-03-04T10:00",
            "ended_at": "2026-03-04T11:00",
            "place": "人民路",
            "content": "现场检查",
            "signers": [world.officer.pk, world.colleague.pk],
            "pages": 1,
            "party_signed_pages": 1,
            "rights_told": "on",
        },
    )
    act(
        client,
        case,
        "add_evidence",
        {
            "evidence_type": "electronic",
            "title": "现场照片说明",
            "collected_at": "2026-03-04T10:30",
            "place": "人民路",
            "collected_by": [world.officer.pk],
            "file": SimpleUploadedFile("note.txt", "现场照片说明".encode()),
        },
    )
    act(
        client,
        case,
        "submit_report",
        {
            "on": "2026-03-10",
            "facts": "占道经营",
            "evidence_summary": "笔录、照片",
            "nature": "违法",
            "legal_basis": "依据",
            "discretion_reasons": "一般情节",
            "penalty_types": ["fine"],
            "fine_amount": "500",
            "confiscation_amount": "0",
        },
    )
    client.force_login(reviewer)
    act(client, case, "review", {"kind": "case", "result": "approve", "opinion": "同意", "on": "2026-03-11"})
    client.force_login(officer)
    act(
        client,
        case,
        "issue_notice",
        {
            "on": "2026-03-12",
            "facts_and_reasons": "占道经营",
            "penalty_types": ["fine"],
            "fine_amount": "500",
            "confiscation_amount": "0",
        },
    )
    act(client, case, "serve_notice", {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-12"})
    act(
        client,
        case,
        "add_evidence",
        {
            "evidence_type": "documentary",
            "title": "当事人放弃陈述申辩权利声明书",
            "collected_at": "2026-03-13T09:00",
            "place": "大队办公室",
            "collected_by": [world.officer.pk],
            "file": SimpleUploadedFile("waiver.txt", "本人放弃陈述申辩权利。签名：陈某".encode()),
        },
    )
    waiver = case.evidenceitems.get(title="当事人放弃陈述申辩权利声明书")
    act(
        client,
        case,
        "waive_rights",
        {"received_on": "2026-03-13", "waives_statement": "on", "signed_document": waiver.pk},
    )
    assert case.statements.get().signed_document == waiver
    client.force_login(world.mayor.user)  # the township's head decides (APL Art. 57), not the brigade head
    act(
        client,
        case,
        "decide",
        {
            "kind": "penalty",
            "on": "2026-03-20",
            "facts": "占道经营",
            "legal_basis": "依据",
            "penalty_types": ["fine"],
            "fine_amount": "500",
            "confiscation_amount": "0",
            "correction_order": "责令当事人立即停止占道经营",
        },
    )
    client.force_login(officer)
    act(client, case, "serve_decision", {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-23"})
    act(client, case, "record_payment", {"kind": "fine", "amount": "500", "paid_on": "2026-03-30"})
    act(client, case, "publish", {"on": "2026-03-24", "channel": "县政府网站", "content": "公示"})
    client.force_login(head)
    act(client, case, "close", {"ground": "executed", "ground_on": "2026-03-30", "on": "2026-04-01"})

    assert case.status == S.CLOSED
    assert case.evidenceitems.get(title="现场照片说明").sha256
    assert case.process.status == "DONE"


def test_decision_before_the_statement_period_ends_is_refused_with_its_rule(world, clue_case, client):
    case = clue_case
    client.force_login(world.head.user)
    act(
        client,
        case,
        "file",
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "lead": world.officer.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-03",
            "violation_start": "2026-03-01",
            "violation_end": "2026-03-02",
        },
    )
    client.force_login(world.officer.user)
    act(
        client,
        case,
        "submit_report",
        {
            "on": "2026-03-10",
            "facts": "占道经营",
            "evidence_summary": "笔录",
            "nature": "违法",
            "legal_basis": "依据",
            "discretion_reasons": "一般情节",
            "penalty_types": ["warning"],
            "fine_amount": "0",
            "confiscation_amount": "0",
        },
    )
    client.force_login(world.reviewer.user)
    act(client, case, "review", {"kind": "case", "result": "approve", "opinion": "同意", "on": "2026-03-11"})
    client.force_login(world.officer.user)
    act(
        client,
        case,
        "issue_notice",
        {
            "on": "2026-03-12",
            "facts_and_reasons": "占道经营",
            "penalty_types": ["warning"],
            "fine_amount": "0",
            "confiscation_amount": "0",
        },
    )
    act(client, case, "serve_notice", {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-12"})
    version = case.version

    client.force_login(world.head.user)
    response = act(
        client,
        case,
        "decide",
        {
            "kind": "penalty",
            "on": "2026-03-13",
            "facts": "占道经营",
            "legal_basis": "依据",
            "penalty_types": ["warning"],
            "fine_amount": "0",
            "confiscation_amount": "0",
        },
        ok=False,
    )

    assert response.status_code == 200
    assert "SAMR-57-STATEMENT-PERIOD" in response.content.decode()
    assert (case.status, case.version, case.decided_on) == (S.NOTICE, version, None)
    assert not case.decisions.exists()


def summary_case(world):
    return register(world, procedure=m.ProcedureType.SUMMARY, cause="店外占道堆放杂物")


def test_summary_case_is_decided_on_the_spot_and_closed_through_the_forms(world, client):
    case = summary_case(world)
    client.force_login(world.officer.user)
    act(
        client,
        case,
        "summary_decide",
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "on": "2026-03-02",
            "violation_start": "2026-03-02",
            "facts": "占道堆放",
            "legal_basis": "依据",
            "penalty_types": ["fine"],
            "fine_amount": "50",
            "collected_on_spot": "on",
            "on_spot_ground": "small",
            "receipt_number": "NO.1",
        },
    )
    assert case.status == S.EXECUTION
    act(client, case, "publish", {"on": "2026-03-03", "channel": "县政府网站", "content": "公示"})
    client.force_login(world.head.user)
    act(client, case, "close", {"ground": "executed", "ground_on": "2026-03-02", "on": "2026-03-03"})
    assert case.status == S.CLOSED
    assert case.process.status == "DONE"


def test_summary_fine_above_the_ceiling_is_refused_with_its_rule(world, client):
    case = summary_case(world)
    client.force_login(world.officer.user)
    response = act(
        client,
        case,
        "summary_decide",
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "on": "2026-03-02",
            "violation_start": "2026-03-02",
            "facts": "占道堆放",
            "legal_basis": "依据",
            "penalty_types": ["fine"],
            "fine_amount": "500",
        },
        ok=False,
    )
    page = response.content.decode()
    assert "APL-51-SUMMARY-CEILING" in page and "《行政处罚法》第五十一条" in page
    assert case.status == S.CLUE and not case.decisions.exists()
