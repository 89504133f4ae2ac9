"""Everything is checked before anything is written; a refusal is Chinese and names its field."""

import base64

import pytest

from casemgmt.cases import models as m
from casemgmt.intake.models import IntakeAttachment, IntakeClue
from tests.filesamples import exe, html, png_claiming

from .conftest import errors_by_field, post

pytestmark = pytest.mark.django_db


def _set(payload, path, value):
    *parents, last = path.split(".")
    target = payload
    for key in parents:
        target = target[key]
    if value is KeyError:
        target.pop(last, None)
    else:
        target[last] = value


BAD = [
    ("source.id", "", "source.id"),
    ("source.id", "SF/12345", "source.id"),
    ("source.id", "x" * 65, "source.id"),
    ("source.kind", "fax", "source.kind"),
    ("receiving_unit", "不存在的大队", "receiving_unit"),
    ("received_at", "昨天上午", "received_at"),
    ("received_at", "2099-01-01T08:00:00+08:00", "received_at"),
    ("party.type", "company", "party.type"),
    ("party.name", "", "party.name"),
    ("party.id_number", "110101199003071234", "party.id_number"),  # wrong check digit
    ("party.phone", "call me", "party.phone"),
    ("place.address", "", "place.address"),
    ("place.longitude", "214.3", "place.longitude"),
    ("place.latitude", "-30.5", "place.latitude"),
    ("place.coordinate_system", "GCJ02", "place.coordinate_system"),
    ("matter_code", "NO-SUCH-MATTER", "matter_code"),
    ("cause", "", "cause"),
    ("cause", "占" * 201, "cause"),
    ("facts", KeyError, "facts"),
    ("facts", "事" * 5001, "facts"),
]


@pytest.mark.parametrize("path, value, field", BAD, ids=[f"{p}={str(v)[:12]}" for p, v, _f in BAD])
def test_bad_field_is_refused_with_its_name_and_nothing_is_written(
    world, hotline_client, work_order, path, value, field
):
    work_order["party"] = {"name": "陈某", "type": "natural_person", "id_number": "110101199003077571", "phone": ""}
    work_order["place"].update({"longitude": "114.305123", "latitude": "30.592456", "coordinate_system": "CGCS2000"})
    _set(work_order, path, value)
    response = post(hotline_client, work_order)
    assert response.status_code == 400, response.content
    errors = errors_by_field(response)
    assert field in errors, errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[field])
    assert not m.Case.objects.exists() and not IntakeClue.objects.exists()


def test_the_valid_base_of_the_bad_field_cases_is_accepted(world, hotline_client, work_order):
    work_order["party"] = {"name": "陈某", "type": "natural_person", "id_number": "110101199003077571", "phone": ""}
    work_order["place"].update({"longitude": "114.305123", "latitude": "30.592456", "coordinate_system": "CGCS2000"})
    assert post(hotline_client, work_order).status_code == 201


def test_coordinates_need_both_halves_and_a_system(world, hotline_client, work_order):
    work_order["place"].update({"longitude": "114.3"})
    assert "place.latitude" in errors_by_field(post(hotline_client, work_order))
    work_order["place"].update({"latitude": "30.5"})
    assert "place.coordinate_system" in errors_by_field(post(hotline_client, work_order))


def test_a_credit_code_is_checked_for_a_legal_person(world, hotline_client, work_order):
    work_order["party"] = {"name": "某公司", "type": "legal_person", "id_number": "91110000802100433A"}
    assert "party.id_number" in errors_by_field(post(hotline_client, work_order))
    work_order["party"]["id_number"] = "91110000802100433B"
    assert post(hotline_client, work_order).status_code == 201


def test_a_transfer_letter_must_name_the_transferring_agency(world, work_order):
    from casemgmt.intake.services import platform_create, platform_issue_token

    from .conftest import sample, token_client

    platform = platform_create(name="示范县市场监督管理局", kind="transfer", units=[world.brigade])
    _t, key = platform_issue_token(platform=platform)
    letter = sample("transfer-letter.json")
    letter["reporter"] = " "
    response = post(token_client(key), letter)
    assert response.status_code == 400
    assert "移送机关" in errors_by_field(response)["reporter"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize(
    "content, words",
    [
        (_b64(exe()), "Windows可执行程序"),
        (_b64(html()), "网页"),
        ("不是base64!!", "Base64"),
        (_b64(png_claiming(20000, 20000)), "像素"),
    ],
    ids=["exe", "html", "not-base64", "pixel-bomb"],
)
def test_an_unacceptable_attachment_is_refused_and_nothing_is_written(
    world, hotline_client, work_order, content, words
):
    work_order["attachments"] = [{"name": "照片.jpg", "content_base64": content}]
    response = post(hotline_client, work_order)
    assert response.status_code == 400, response.content
    message = errors_by_field(response)["attachments.0.content_base64"]
    assert words in message and "照片.jpg" in message
    assert not IntakeClue.objects.exists() and not IntakeAttachment.objects.exists()


def test_attachments_over_the_count_are_refused(world, hotline_client, work_order, settings):
    from tests.filesamples import jpeg

    settings.INTAKE_ATTACHMENT_MAX_COUNT = 2
    work_order["attachments"] = [{"name": f"{i}.jpg", "content_base64": _b64(jpeg())} for i in range(3)]
    response = post(hotline_client, work_order)
    assert response.status_code == 400
    assert "不能超过2个" in errors_by_field(response)["attachments"]
    work_order["attachments"] = work_order["attachments"][:2]
    assert post(hotline_client, work_order).status_code == 201


def test_an_attachment_over_the_size_limit_is_refused(world, hotline_client, work_order, settings):
    from tests.filesamples import jpeg

    photo = jpeg()
    settings.INTAKE_ATTACHMENT_MAX_BYTES = len(photo) - 1
    work_order["attachments"] = [{"name": "大照片.jpg", "content_base64": _b64(photo)}]
    response = post(hotline_client, work_order)
    assert response.status_code == 400
    assert "上限" in errors_by_field(response)["attachments.0.content_base64"]
    settings.INTAKE_ATTACHMENT_MAX_BYTES = len(photo)
    assert post(hotline_client, work_order).status_code == 201


def test_a_body_that_is_not_an_object_is_refused(world, hotline_client):
    response = hotline_client.post("/api/intake/clues/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_an_unknown_field_nested_in_the_party_is_refused_by_name(world, hotline_client, work_order):
    work_order["party"]["phon"] = "13800000000"
    response = post(hotline_client, work_order)
    assert response.status_code == 400
    assert errors_by_field(response)["party.phon"] == "未知字段：phon"
    assert not IntakeClue.objects.exists() and not m.Clue.objects.exists()


def test_an_unknown_multipart_form_field_is_refused_and_nothing_is_written(world, hotline_client, work_order):
    import json

    body = {"data": json.dumps(work_order, ensure_ascii=False), "remark": "附言"}
    response = hotline_client.post("/api/intake/clues/", body, format="multipart")
    assert response.status_code == 400
    assert errors_by_field(response)["remark"] == "未知字段：remark"
    assert not IntakeClue.objects.exists() and not m.Clue.objects.exists()
