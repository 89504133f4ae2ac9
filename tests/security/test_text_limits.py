"""Free texts an officer types outside the case actions (transfers and assistance, evaluation scoring and
rectification, discretion rationale and first-violation review) have a maximum length: one character more is
refused with a Chinese message naming the field and nothing is saved; exactly the limit is accepted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from casemgmt.cases.textlimits import TEXT_MAX
from casemgmt.discretion.models import DiscretionRationale
from casemgmt.evaluation.models import ItemScore, Rectification
from casemgmt.evaluation.rounds import COMMENT_MAX, file_score, round_publish
from casemgmt.powers.models import AssistanceRequest, Transfer
from documents.models import Document, DocumentStatus
from tests import builders as b
from tests.discretion.support import grant, road_benchmark, road_matter
from tests.documents.conftest import sealed  # noqa: F401 (fixture)
from tests.documents.support import DISCRETION, issue
from tests.evaluation.conftest import archived_round
from tests.powers.conftest import NOW, county  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def api(persona) -> APIClient:
    client = APIClient()
    client.force_login(persona.user)
    return client


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# --- powers: transfer reason (API and web form), assistance request (API) ---------------------------------------


def transfer_body(world, reason: str) -> dict:
    return {"to_unit": world.county_dept.pk, "reason": reason, "found_at": "2026-12-14T09:00:00+08:00"}


def test_transfer_reason_over_the_limit_is_refused_by_the_api(frozen, world, county):  # noqa: F811
    case = b.filed(world)
    url = f"/api/powers/cases/{case.pk}/transfer/"
    refused = api(world.head).post(url, transfer_body(world, "移" * (TEXT_MAX + 1)), format="json")
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["field"] == "reason" and error["message"] == f"移送理由不能超过{TEXT_MAX}个字"
    assert not Transfer.objects.exists()
    accepted = api(world.head).post(url, transfer_body(world, "移" * TEXT_MAX), format="json")
    assert accepted.status_code == 201, accepted.json()
    assert len(Transfer.objects.get().reason) == TEXT_MAX


def test_transfer_reason_over_the_limit_is_refused_by_the_web_form(frozen, client, world, county):  # noqa: F811
    case = b.filed(world)
    client.force_login(world.head.user)
    url = reverse("powers:case_transfer", args=[case.pk])
    form = {"to_unit": world.county_dept.pk, "found_at": "2026-12-14T09:00"}
    page = client.post(url, {**form, "reason": "移" * (TEXT_MAX + 1)})
    assert page.status_code == 200
    assert f"移送理由不能超过{TEXT_MAX}个字" in page.content.decode()
    assert not Transfer.objects.exists()
    assert client.post(url, {**form, "reason": "移" * TEXT_MAX}).status_code == 302
    assert Transfer.objects.count() == 1


def test_assistance_request_over_the_limit_is_refused_by_the_api(frozen, world, county):  # noqa: F811
    case = b.filed(world)
    url = f"/api/powers/cases/{case.pk}/assistance/"
    body = {"to_unit": world.county_dept.pk, "on": "2026-12-14"}
    refused = api(world.officer).post(url, {**body, "request": "协" * (TEXT_MAX + 1)}, format="json")
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["field"] == "request" and "请求协助的事项不能超过" in error["message"]
    assert not AssistanceRequest.objects.exists()
    accepted = api(world.officer).post(url, {**body, "request": "协" * TEXT_MAX}, format="json")
    assert accepted.status_code == 201, accepted.json()


# --- evaluation: item comment (API), rectification findings (web form) -----------------------------------------


def test_item_comment_over_the_limit_is_refused_by_the_api(world):
    round_ = archived_round(world, title="评查", seed="t")
    file = round_.files.get()
    url = f"/api/supervision/rounds/{round_.pk}/files/{file.pk}/"
    refused = api(world.evaluator).post(url, {"scores": {"F4": {"comment": "意" * (COMMENT_MAX + 1)}}}, format="json")
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["field"] == "scores" and f"评查意见不能超过{COMMENT_MAX}个字" in error["message"]
    assert ItemScore.objects.get(file=file, item__code="F4").comment == ""
    accepted = api(world.evaluator).post(url, {"scores": {"F4": {"comment": "意" * COMMENT_MAX}}}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert len(ItemScore.objects.get(file=file, item__code="F4").comment) == COMMENT_MAX


def test_rectification_findings_over_the_limit_are_refused_by_the_web_form(client, world):
    round_ = archived_round(world, title="评查", seed="r")
    file = round_.files.get()
    scores = {s.item.code: {"points": s.item.points} for s in file.scores.select_related("item") if not s.item.veto}
    file_score(file=file, actor=world.evaluator.user, scores={**scores, "F4": {"points": 2}})
    round_publish(round_=round_, actor=world.evaluator.user)
    client.force_login(world.evaluator.user)
    url = reverse("evaluation:rectification_new", args=[round_.pk])
    form = {"unit": world.township.pk, "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat()}
    page = client.post(url, {**form, "findings": "问" * (TEXT_MAX + 1)}, follow=True)
    assert f"整改问题不能超过{TEXT_MAX}个字" in page.content.decode()
    assert not Rectification.objects.exists()
    client.post(url, {**form, "findings": "问" * TEXT_MAX})
    assert len(Rectification.objects.get().findings) == TEXT_MAX


# --- discretion: rationale reasons (API) -------------------------------------------------------------------------


def test_rationale_reasons_over_the_limit_are_refused_by_the_api(world):
    matter = road_matter()
    road_benchmark(matter)
    grant(world, matter)
    case = b.noticed(world, fine=D("5000"), matter=matter)
    url = f"/api/discretion/cases/{case.pk}/rationale/"
    body = {"on": "2026-03-13", "chosen_amount": "5000"}
    refused = api(world.officer).post(url, {**body, "reasons": "理" * (TEXT_MAX + 1)}, format="json")
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["field"] == "reasons" and error["message"] == f"裁量理由不能超过{TEXT_MAX}个字"
    assert not DiscretionRationale.objects.exists()
    accepted = api(world.officer).post(url, {**body, "reasons": "理" * TEXT_MAX}, format="json")
    assert accepted.status_code == 200, accepted.json()


# --- documents: void reason (API) --------------------------------------------------------------------------------


def test_void_reason_over_the_limit_is_refused_by_the_api(sealed):  # noqa: F811
    doc = issue(sealed, b.decided(sealed), "xzcf_jds", DISCRETION, actor=sealed.head.user)
    url = f"/api/documents/{doc.pk}/void/"
    limit = Document._meta.get_field("void_reason").max_length
    refused = api(sealed.head).post(url, {"reason": "废" * (limit + 1)}, format="json")
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["field"] == "reason" and error["message"] == f"作废原因不能超过{limit}个字"
    assert Document.objects.get(pk=doc.pk).status == DocumentStatus.ISSUED
    accepted = api(sealed.head).post(url, {"reason": "废" * limit}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert Document.objects.get(pk=doc.pk).void_reason == "废" * limit


def test_service_note_over_the_limit_is_refused_by_the_web_form(client, sealed):  # noqa: F811
    from casemgmt.cases import models as m

    doc = issue(sealed, b.decided(sealed), "xzcf_jds", DISCRETION, actor=sealed.head.user)
    before = m.ServiceRecord.objects.filter(case=doc.case).count()
    client.force_login(sealed.officer.user)
    form = {"method": "direct", "recipient": "陈某", "delivered_on": timezone.localdate().isoformat()}
    page = client.post(
        reverse("documents:action", args=[doc.pk, "serve"]), {**form, "note": "备" * (TEXT_MAX + 1)}, follow=True
    )
    assert f"备注不能超过{TEXT_MAX}个字" in page.content.decode()
    assert m.ServiceRecord.objects.filter(case=doc.case).count() == before
    assert not Document.objects.filter(for_document=doc).exists()
