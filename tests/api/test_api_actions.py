"""Every action endpoint reaches its service: names line up, and the side paths work through the API."""

import pytest

from casemgmt.cases import models as m
from tests import builders as b
from tests.api.conftest import action_url


def post(client, case, code, body):
    response = client.post(action_url(case, code), body, format="json")
    assert response.status_code == 200, (code, response.json())
    return response.json()


@pytest.mark.django_db
def test_decline_filing(world, client_for):
    case = b.clue(world)
    result = post(
        client_for(world.head),
        case,
        "decline_filing",
        {"approved_by": world.mayor.pk, "on": "2026-03-03", "reason": "不属于本机关管辖"},
    )
    assert result["status"] == "not_filed"


@pytest.mark.django_db
def test_summary_procedure_decision_on_the_spot(world, client_for):
    case = b.clue(world, procedure=m.ProcedureType.SUMMARY)
    result = post(
        client_for(world.officer),
        case,
        "summary_decide",
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "on": "2026-03-02",
            "violation_start": "2026-03-02",
            "facts": "占道经营",
            "legal_basis": "《城市道路管理条例》第四十二条",
            "penalty_types": ["warning"],
        },
    )
    assert result["status"] == "served"
    assert result["number"].startswith("城关镇简〔2026〕")


@pytest.mark.django_db
def test_measures_officers_suspension_discussion_and_withdrawal(world, client_for):
    case = b.filed(world)
    officer, head, mayor = client_for(world.officer), client_for(world.head), client_for(world.mayor)

    preservation = post(
        officer,
        case,
        "take_measure",
        {
            "kind": "preservation",
            "items": "三轮车一辆",
            "started_on": "2026-03-04",
            "taken_at": "2026-03-04T10:00:00+08:00",
            "approved_by": world.mayor.pk,
        },
    )["created"]["id"]
    post(officer, case, "dispose_measure", {"measure": preservation, "disposal": "released", "on": "2026-03-05"})
    seizure = post(
        officer,
        case,
        "take_measure",
        {
            "kind": "detention",
            "items": "货架两个",
            "started_on": "2026-03-05",
            "taken_at": "2026-03-05T09:00:00+08:00",
            "emergency": True,
        },
    )["created"]["id"]
    post(
        officer,
        case,
        "report_emergency",
        {"measure": seizure, "approved_by": world.mayor.pk, "reported_at": "2026-03-05T15:00:00+08:00"},
    )
    post(
        head,
        case,
        "extend_measure",
        {
            "measure": seizure,
            "approved_by": world.mayor.pk,
            "days": 30,
            "on": "2026-04-01",
            "notice_served_on": "2026-04-01",
        },
    )

    post(
        head,
        case,
        "assign_officers",
        {"add": [world.third.pk], "release": [world.colleague.pk], "on": "2026-03-06", "reason": "李执法申请回避"},
    )
    assert set(case.officers.filter(released_at__isnull=True).values_list("officer__name", flat=True)) == {
        "张执法",
        "王执法",
    }

    assert (
        post(head, case, "suspend", {"approved_by": world.mayor.pk, "on": "2026-03-09", "reason": "等待检测结果"})[
            "status"
        ]
        == "suspended"
    )
    assert post(officer, case, "resume", {"on": "2026-03-16"})["status"] == "investigation"

    discussion = post(
        mayor,
        case,
        "discussion",
        {
            "held_on": "2026-03-17",
            "participants": "钱镇长、赵队长",
            "conclusion": "案情复杂，延长办案期限",
            "new_deadline": "2026-07-31",
        },
    )
    post(
        mayor,
        case,
        "extend_deadline",
        {"on": "2026-03-17", "reason": "案情复杂", "discussion": discussion["created"]["id"]},
    )

    assert (
        post(head, case, "withdraw", {"approved_by": world.mayor.pk, "on": "2026-03-18", "reason": "不属于本机关管辖"})[
            "status"
        ]
        == "withdrawn"
    )


@pytest.mark.django_db
def test_terminate(world, client_for):
    case = b.filed(world)
    result = post(
        client_for(world.head),
        case,
        "terminate",
        {"approved_by": world.mayor.pk, "on": "2026-03-10", "reason": "当事人死亡，无继承人"},
    )
    assert result["status"] == "terminated"


@pytest.mark.django_db
def test_statement_recheck_and_hearing(world, client_for):
    case = b.noticed(world, hearing_right=True, types=("fine",), fine=1000)
    officer, head = client_for(world.officer), client_for(world.head)

    post(
        officer,
        case,
        "record_statement",
        {"kind": "statement", "received_on": "2026-03-13", "content": "摊位系临时摆放"},
    )
    post(head, case, "recheck", {"recheck": "所述与现场检查不符", "adopted": False, "on": "2026-03-14"})
    assert (
        post(officer, case, "record_statement", {"kind": "hearing_request", "received_on": "2026-03-16"})["status"]
        == "hearing"
    )
    post(
        head,
        case,
        "schedule_hearing",
        {"presider": world.third.pk, "notice_served_on": "2026-03-17", "scheduled_on": "2026-03-27"},
    )
    assert (
        post(head, case, "hold_hearing", {"held_on": "2026-03-27", "ended_on": "2026-03-27", "report": "听证报告"})[
            "status"
        ]
        == "notice"
    )


@pytest.mark.django_db
def test_execution_remedies_and_disclosure(world, client_for):
    case = b.served(world)
    officer, head = client_for(world.officer), client_for(world.head)

    post(head, case, "deferment", {"on": "2026-03-25", "until": "2026-05-25", "instalments": 2, "reason": "经济困难"})
    post(officer, case, "challenge", {"kind": "reconsideration", "filed_on": "2026-03-26"})
    post(officer, case, "reminder", {"issued_on": "2026-03-27", "served_on": "2026-03-27", "content": "请于十日内履行"})
    post(officer, case, "publish", {"on": "2026-03-24", "channel": "县政府网站", "content": "处罚决定公示"})
    result = post(
        officer,
        case,
        "withdraw_disclosure",
        {"change_recorded_on": "2026-03-30", "on": "2026-03-31", "reason": "决定被复议机关变更"},
    )
    assert result["created"]["type"] == "disclosure"
    assert case.disclosures.get().withdrawn_on.isoformat() == "2026-03-31"

    refused = head.post(action_url(case, "apply_court"), {"on": "2026-03-31", "court": "示范县人民法院"}, format="json")
    assert refused.status_code == 422  # before the remedy periods have run out
    assert refused.json()["errors"][0]["rule"] == "CE-53-COURT-APPLICATION"
