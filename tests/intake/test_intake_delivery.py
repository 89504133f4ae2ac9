"""A delivered clue is registered through the clue service, as a case in 线索核查, without typing it again."""

import base64

import pytest

from casemgmt.cases import models as m
from casemgmt.intake.models import IntakeAttachment, IntakeClue, PlatformKind
from casemgmt.intake.services import platform_create, platform_issue_token
from tests.filesamples import pdf

from .conftest import post, sample, token_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, kind, source",
    [
        ("hotline-work-order.json", PlatformKind.HOTLINE, m.ClueSource.COMPLAINT),
        ("grid-event.json", PlatformKind.GRID, m.ClueSource.ASSIGNED),
        ("transfer-letter.json", PlatformKind.TRANSFER, m.ClueSource.TRANSFER),
    ],
)
def test_each_sample_file_is_registered_as_a_clue(world, name, kind, source):
    platform = platform_create(name=f"平台{kind}", kind=kind, units=[world.brigade])
    _token, key = platform_issue_token(platform=platform)
    payload = sample(name)
    response = post(token_client(key), payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] is True
    assert body["clue"]["status"] == "pending" and body["clue"]["status_label"] == "待核查"
    assert response["Location"] == body["url"]
    intake = IntakeClue.objects.get(platform=platform, source_id=payload["source"]["id"])
    case = intake.case
    assert case.status == m.CaseStatus.CLUE
    assert case.handling_unit == world.brigade
    assert case.cause == payload["cause"]
    assert case.violation_place == payload["place"]["address"]
    assert case.clue.summary == payload["facts"]
    assert case.clue.source == source
    assert case.clue.reporter == payload["reporter"]
    assert case.clue.registered_by is None and case.clue.registered_via == platform.name
    assert len(payload["attachments"]) == intake.attachments.count()
    if payload["party"]:
        party = case.parties.get()
        assert party.name == payload["party"]["name"]
        assert party.id_number == payload["party"]["id_number"]
    else:
        assert not case.parties.exists()


def test_the_case_log_says_the_clue_came_from_the_platform(world, hotline, hotline_client, work_order):
    post(hotline_client, work_order)
    case = IntakeClue.objects.get().case
    first = case.events.order_by("seq").first()
    assert first.action == "clue_register"
    assert hotline.name in first.summary and "SFX12345-20261207-000318" in first.summary
    assert first.actor == hotline.service_user
    assert first.payload["platform"] == hotline.name
    party_event = case.events.get(action="add_party")
    assert "待核实" in party_event.summary


def test_the_registered_clue_starts_the_procedure_flow(world, hotline_client, work_order):
    from workflows.engine import process_of

    post(hotline_client, work_order)
    assert process_of(IntakeClue.objects.get().case) is not None


def test_the_clue_record_names_the_platform_as_registrar(world, hotline, hotline_client, work_order):
    post(hotline_client, work_order)
    clue = IntakeClue.objects.get().case.clue
    assert clue.registrar == f"{hotline.name}（系统对接）"


def test_the_officers_see_the_delivered_clue_with_its_work_order(world, hotline_client, work_order, client):
    post(hotline_client, work_order)
    case = IntakeClue.objects.get().case
    client.force_login(world.officer.user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "SFX12345-20261207-000318" in page and "12345工单号" in page
    assert "疑似重复" not in page


def test_a_matter_code_routes_the_clue_by_the_power_list(world, hotline_client, work_order):
    from tests.builders import road_matter

    matter = road_matter(world)
    work_order["matter_code"] = matter.code
    assert post(hotline_client, work_order).status_code == 201
    case = IntakeClue.objects.get().case
    assert case.matter == matter and case.matter_code == matter.code


def test_an_attachment_may_come_as_multipart(world, grid, grid_client):
    import json

    payload = sample("grid-event.json")
    payload["attachments"] = []
    upload = pdf("grid report")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = grid_client.post(
        "/api/intake/clues/",
        {"data": json.dumps(payload, ensure_ascii=False), "attachments": [SimpleUploadedFile("巡查记录.pdf", upload)]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    attachment = IntakeAttachment.objects.get()
    assert attachment.original_name == "巡查记录.pdf" and attachment.content_type == "application/pdf"


def test_the_officer_downloads_an_attachment_and_the_outsider_gets_404(world, grid_client, client):
    post(grid_client, sample("grid-event.json"))
    attachment = IntakeAttachment.objects.get()
    client.force_login(world.officer.user)
    response = client.get(f"/intake/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == base64.b64decode(
        sample("grid-event.json")["attachments"][0]["content_base64"]
    )
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world.outsider.user)
    assert client.get(f"/intake/attachments/{attachment.pk}/").status_code == 404
    client.force_login(world.evaluator.user)  # the justice bureau reads every case
    assert client.get(f"/intake/attachments/{attachment.pk}/").status_code == 200
    client.logout()
    response = client.get(f"/intake/attachments/{attachment.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # the platform's token is no login for the pages
    assert grid_client.get(f"/intake/attachments/{attachment.pk}/").status_code == 302


def test_the_api_case_detail_shows_the_source(world, hotline_client, work_order, client_for):
    post(hotline_client, work_order)
    case = IntakeClue.objects.get().case
    detail = client_for(world.officer).get(f"/api/cases/{case.pk}/").json()
    assert detail["intake"]["source_id"] == "SFX12345-20261207-000318"
    assert detail["intake"]["suspected_duplicate"] is False
    assert detail["clue"]["registered_via"] == "示范县12345政务服务便民热线"
