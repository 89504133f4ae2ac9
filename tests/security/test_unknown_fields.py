"""A body field the API does not know is refused, never silently ignored (casemgmt.strictinput).

An integrator who misspells ``decided_on`` as ``decide_on`` must get 400 naming the field, not the default: here a
default can mean a legal date silently dropped. The guard walks every operation of the OpenAPI contract that takes
a request body, as a persona who can reach the body's validation, and sends an unknown field: each must answer 400
with "未知字段：<name>" and change no row of any table. The schema says the same (``additionalProperties: false``).
The web forms share the actions' schemas: their CSRF token and buttons are not refused (tests/web, tests/workflows).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from casemgmt.cases import models as m
from casemgmt.intake.models import PlatformKind
from casemgmt.intake.services import platform_create, platform_issue_token
from casemgmt.powers import services as ps
from tests import builders as b
from tests.api.conftest import _frozen_today, action_url, media_root  # noqa: F401  (autouse fixtures)
from tests.api.test_api_evidence_upload import PDF
from tests.api.test_api_evidence_upload import body as upload_body
from tests.evaluation.conftest import spec  # noqa: F401,F811  (fixture)
from tests.security.test_api_fuzz import Ids, resolve, schema_operations, table_counts

UNKNOWN = "decide_on"
MESSAGE = f"未知字段：{UNKNOWN}"
PERSONAS = ("officer", "head", "county_officer", "evaluator", "admin", "platform")


def names_unknown(response, name: str = UNKNOWN) -> bool:
    if response.status_code != 400 or "json" not in response.get("Content-Type", ""):
        return False
    return any(
        item.get("field") == name and item.get("message") == f"未知字段：{name}"
        for item in response.json().get("errors", [])
    )


def paths(ids: Ids, template: str, op: dict) -> list[str]:
    """The operation's paths with real ids; an ``{action}`` path once per action its schema lists."""
    actions = [p["schema"]["enum"] for p in op.get("parameters", []) if p["name"] == "action" and p["in"] == "path"]
    if not actions:
        return ids.path(template)
    [path] = ids.path(template.replace("{action}", "ACTION"))
    return [path.replace("ACTION", action) for action in actions[0]]


@pytest.fixture
def ids(world, media_root):  # noqa: F811
    ids = Ids(world)
    # Paths that name a transfer or an assistance request need one to exist.
    case = b.filed(world)
    ps.transfer_send(
        case=case,
        actor=world.head.user,
        to_unit=world.county_dept,
        reason="违法行为涉及县城管局专属管辖事项",
        found_at=b.at(dt.date(2026, 3, 6), 9),
        sent_at=b.at(dt.date(2026, 3, 9)),
    )
    ps.assistance_request(
        case=ids.open_case,
        actor=world.officer.user,
        to_unit=world.county_dept,
        request="核实摊位登记信息",
        on=dt.date(2026, 3, 9),
    )
    return ids


@pytest.fixture
def clients(world, django_user_model) -> dict[str, APIClient]:
    admin = django_user_model.objects.create_superuser("admin", "admin@example.invalid", "x")
    clients = {}
    for persona in PERSONAS:
        client = APIClient(raise_request_exception=False)
        if persona == "platform":  # a 12345 hotline's intake token: the only caller of /api/intake/
            platform = platform_create(name="示范县12345热线", kind=PlatformKind.HOTLINE, units=[world.brigade])
            _token, key = platform_issue_token(platform=platform)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        else:
            client.force_login(admin if persona == "admin" else getattr(world, persona).user)
        clients[persona] = client
    return clients


@pytest.mark.django_db
def test_every_operation_with_a_body_refuses_an_unknown_field_and_writes_nothing(world, ids, clients):
    refused_nowhere, wrote = [], []
    checked = 0
    counts = table_counts()
    for template, method, op, _components in schema_operations():
        if "requestBody" not in op or method not in ("post", "put", "patch"):
            continue
        content = op["requestBody"]["content"]
        body = content.get("application/json")
        if body is None:
            continue  # multipart only: test_upload_refuses_an_unknown_form_field
        for path in paths(ids, template, op):
            statuses = []
            for persona in PERSONAS:
                response = clients[persona].generic(
                    method.upper(), path, f'{{"{UNKNOWN}": "2026-03-20"}}', content_type="application/json"
                )
                after = table_counts()
                if after != counts:
                    wrote.append(f"{method.upper()} {path} as {persona}: {response.status_code}")
                    counts = after
                statuses.append(f"{persona} {response.status_code}")
                if names_unknown(response):
                    checked += 1
                    break
            else:
                refused_nowhere.append(f"{method.upper()} {path}: {', '.join(statuses)}")
    assert not wrote, wrote
    assert not refused_nowhere, "no persona got 未知字段 for:\n" + "\n".join(refused_nowhere)
    assert checked > 50  # every case action, the clue, documents, powers, discretion, archive, supervision


def test_every_json_request_body_of_the_schema_is_closed():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    # Free-form objects: the rubric specification (its top-level keys are checked) and the document actions, whose
    # fields depend on the action in the path; both refuse a field they do not read.
    free_form = {("post", "/api/supervision/rubric/"), ("post", "/api/documents/{id}/{action}/")}
    open_bodies = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            for media_type, body in op.get("requestBody", {}).get("content", {}).items():
                if (method, path) in free_form:
                    continue
                if resolve(body["schema"], components).get("additionalProperties") is not False:
                    open_bodies.append(f"{method.upper()} {path} {media_type}")
    assert not open_bodies, open_bodies


@pytest.mark.django_db
def test_clue_with_a_misspelled_field_is_refused_and_the_same_body_spelled_right_is_registered(world, client_for):
    client = client_for(world.officer)
    body = {
        "handling_unit": world.brigade.pk,
        "source": m.ClueSource.INSPECTION,
        "discovered_on": "2026-03-02",
        "cause": "占道经营",
        "summary": "巡查发现占道经营",
    }
    before = m.Case.objects.count()
    response = client.post(reverse("api:clue-register"), {**body, UNKNOWN: "2026-03-20"}, format="json")
    assert names_unknown(response), response.content
    assert m.Case.objects.count() == before

    response = client.post(reverse("api:clue-register"), body, format="json")
    assert response.status_code == 201, response.content
    assert m.Case.objects.count() == before + 1


@pytest.mark.django_db
def test_unknown_field_is_named_alongside_the_other_field_errors(world, client_for):
    response = client_for(world.officer).post(reverse("api:clue-register"), {UNKNOWN: 1}, format="json")
    assert response.status_code == 400
    fields = {item["field"] for item in response.json()["errors"]}
    assert {UNKNOWN, "source", "discovered_on"} <= fields


@pytest.mark.django_db
def test_unknown_field_inside_the_discretion_rationale_is_named_with_its_path(world, client_for):
    case = b.noticed(world)
    version = case.version
    body = {"on": "2026-03-20", "discretion": {"reasons": "初次违法", "chosen_amount": "500", "reason": "x"}}
    response = client_for(world.officer).post(action_url(case, "decide"), body, format="json")
    assert response.status_code == 400
    assert {"field": "discretion.reason", "message": "未知字段：reason"}.items() <= next(
        item for item in response.json()["errors"] if item["field"] == "discretion.reason"
    ).items()
    case.refresh_from_db()
    assert case.version == version


@pytest.mark.django_db
def test_upload_refuses_an_unknown_form_field_but_not_its_file(world, client_for):
    case = b.filed(world)
    client = client_for(world.officer)
    before = m.EvidenceItem.objects.count()
    misspelled = {**upload_body(world, SimpleUploadedFile("执照.pdf", PDF, "application/pdf")), "colected_at": "x"}
    response = client.post(action_url(case, "add_evidence"), misspelled, format="multipart")
    assert names_unknown(response, "colected_at"), response.content
    assert m.EvidenceItem.objects.count() == before

    body = upload_body(world, SimpleUploadedFile("执照.pdf", PDF, "application/pdf"))
    response = client.post(action_url(case, "add_evidence"), body, format="multipart")
    assert response.status_code == 200, response.content
    item = m.EvidenceItem.objects.get(pk=response.json()["created"]["id"])
    assert item.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.django_db
def test_benchmark_import_refuses_an_unknown_form_field(world, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.invalid", "x")
    client = APIClient()
    client.force_login(admin)
    upload = SimpleUploadedFile("基准.csv", "事项编码\n".encode(), content_type="text/csv")
    response = client.post(reverse("api:discretion:import"), {"file": upload, "dry_run": "1"})
    assert names_unknown(response, "dry_run"), response.content


@pytest.mark.django_db
def test_rubric_refuses_an_unknown_top_level_key_and_accepts_its_own_get_back(world, django_user_model, spec):  # noqa: F811
    admin = django_user_model.objects.create_superuser("admin", "admin@example.invalid", "x")
    client = APIClient()
    client.force_login(admin)
    url = reverse("api:evaluation:rubric")
    response = client.post(url, {**spec, "categroies": []}, format="json")
    assert names_unknown(response, "categroies"), response.content
    response = client.post(url, {**spec, "id": 1, "version": 7, "is_active": False}, format="json")
    assert response.status_code == 201, response.content
