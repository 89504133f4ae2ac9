"""One ordinary case from clue to closing, driven through the JSON API alone."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import filesamples
from tests.api.conftest import action_url, detail_url, stored_files

PNG = filesamples.png()


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


@pytest.mark.django_db
def test_ordinary_case_runs_from_clue_to_closing_through_the_api(world, client_for, media_root):
    officer, head, reviewer = client_for(world.officer), client_for(world.head), client_for(world.reviewer)

    # The field device learns who it is and whom it can name.
    me = ok(officer.get(reverse("api:me")))
    brigade_id = next(ms["unit"]["id"] for ms in me["memberships"] if ms["role"] == "officer")
    people = {p["name"]: p["id"] for p in ok(officer.get(reverse("api:officer-list")))}
    assert {"张执法", "李执法", "赵队长", "钱镇长", "孙审核"} <= set(people)
    assert "周外镇" not in people  # another township's officer

    created = ok(
        officer.post(
            reverse("api:clue-register"),
            {
                "handling_unit": brigade_id,
                "source": "inspection",
                "summary": "巡查发现某商户占用人行道经营",
                "discovered_on": "2026-03-02",
                "cause": "擅自占用城市道路经营",
            },
            format="json",
        ),
        201,
    )
    case_id = created["case"]
    assert created["status"] == "clue"

    def act(client, code, body, format="json"):
        return ok(client.post(action_url(case_id, code), body, format=format))

    act(
        officer,
        "add_party",
        {"kind": "citizen", "name": "陈某", "id_number": "110101199003077571", "address": "城关镇人民路1号"},
    )
    filed = act(
        head,
        "file",
        {
            "officers": [people["张执法"], people["李执法"]],
            "lead": people["张执法"],
            "approved_by": people["钱镇长"],
            "on": "2026-03-03",
            "violation_start": "2026-03-01",
            "violation_end": "2026-03-02",
            "facts_summary": "当事人在人民路占用人行道摆摊经营",
            "expected_version": created["version"] + 1,
        },
    )
    assert filed["status"] == "investigation"
    assert filed["number"] == "城关镇立〔2026〕1号"

    act(
        officer,
        "add_record",
        {
            "kind": "inspection",
            "started_at": "2026-03-04T10:00:00+08:00",
            "ended_at": "2026-03-04T11:00:00+08:00",
            "place": "人民路",
            "content": "现场检查情况",
            "signers": [people["张执法"], people["李执法"]],
            "party_signed_pages": 1,
            "rights_told": True,
        },
    )
    evidence = act(
        officer,
        "add_evidence",
        {
            "evidence_type": "audiovisual",
            "title": "现场照片",
            "collected_at": "2026-03-04T10:30:00+08:00",
            "place": "人民路",
            "collected_by": [people["张执法"], people["李执法"]],
            "file": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
        },
        format="multipart",
    )
    assert evidence["created"]["type"] == "evidenceitem"

    act(
        officer,
        "submit_report",
        {
            "on": "2026-03-10",
            "facts": "占道经营",
            "evidence_summary": "现场笔录、照片",
            "nature": "违反《城市道路管理条例》第二十七条",
            "legal_basis": "《城市道路管理条例》第四十二条",
            "discretion_reasons": "初次违法，一般情节",
            "penalty_types": ["fine"],
            "fine_amount": "500.00",
        },
    )
    act(reviewer, "review", {"kind": "case", "result": "approve", "opinion": "事实清楚，证据确凿", "on": "2026-03-11"})
    act(
        officer,
        "issue_notice",
        {"on": "2026-03-12", "facts_and_reasons": "占道经营，依据……", "penalty_types": ["fine"], "fine_amount": "500"},
    )
    act(officer, "serve_notice", {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-12"})
    decided = act(
        client_for(world.mayor),  # the township's head decides (APL Art. 57), not the brigade head
        "decide",
        {
            "kind": "penalty",
            "on": "2026-03-20",
            "facts": "占道经营事实",
            "legal_basis": "《城市道路管理条例》第四十二条",
            "penalty_types": ["fine"],
            "fine_amount": "500",
            "performance": "十五日内到指定银行缴纳",
            "remedy": "六十日内申请行政复议或六个月内提起行政诉讼",
            "correction_order": "责令当事人立即停止占道经营",
        },
    )
    assert decided["status"] == "decided"
    act(officer, "serve_decision", {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-23"})
    act(officer, "publish", {"on": "2026-03-24", "channel": "县政府网站", "content": "处罚决定公示"})
    act(officer, "record_payment", {"kind": "fine", "amount": "500", "paid_on": "2026-03-30"})
    closed = act(head, "close", {"ground": "executed", "ground_on": "2026-03-30", "on": "2026-04-01"})
    assert closed["status"] == "closed"

    detail = ok(officer.get(detail_url(case_id)))
    assert detail["status"] == "closed"
    assert detail["version"] == closed["version"]
    # The self-check finds no defect in the procedure; only the case file still lacks its documents (none were
    # issued in this walk through the case API), each named.
    assert {f["rule"] for f in detail["findings"]} == {"SAMR-78-REQUIRED-DOCUMENTS", "EVAL-CASE-FILE-DOCUMENTS"}
    assert any("行政处罚决定书" in f["detail"] for f in detail["findings"])
    assert detail["party_names"] == ["陈某"]
    assert [(o["name"], o["role"]) for o in detail["officers"]] == [("张执法", "lead"), ("李执法", "assist")]
    assert detail["key_dates"]["filed_on"] == "2026-03-03"
    assert detail["key_dates"]["decision_served_on"] == "2026-03-23"
    clocks = {c["code"]: c for c in detail["clocks"]}
    assert {code: clocks[code]["status"] for code in ("decision", "service", "payment", "disclosure")} == dict.fromkeys(
        ("decision", "service", "payment", "disclosure"), "done"
    )
    assert clocks["statement"]["deadline"] < detail["key_dates"]["decided_on"]  # decided after the period ran out
    assert [a["code"] for a in detail["allowed_actions"]] == ["publish", "withdraw_disclosure"]
    stages = detail["stages"]
    assert len(stages["records"]) == len(stages["reports"]) == len(stages["decisions"]) == len(stages["closings"]) == 1
    assert stages["evidence"][0]["sha256"] == hashlib.sha256(PNG).hexdigest()
    events = [e["action"] for e in detail["events"]]
    assert events[0] == "clue_register" and events[-1] == "close"
    assert [e["seq"] for e in detail["events"]] == list(range(1, len(events) + 1))

    files = stored_files(media_root)
    assert len(files) == 1 and files[0].read_bytes() == PNG
