"""Every operation of the OpenAPI contract, fed bad input, answers below 500 with a Chinese message and changes
nothing.

Deterministic (no hypothesis): for each path + method of the schema, with the path's ids taken from real objects the
user can see, it sends a body that is not an object, an object with every property of the wrong type or out of
range, and each typed query parameter with a wrong or empty value. A refused request must leave the row count of
every table unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from casemgmt.cases import models as m
from casemgmt.evaluation.models import EvaluationRound
from casemgmt.powers.models import AssistanceRequest, Transfer
from documents.models import Document
from tests import builders as b
from tests.api.conftest import _frozen_today, media_root  # noqa: F401  (autouse fixtures: frozen clock, media)
from tests.evaluation.conftest import archived_round

CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"<[a-zA-Z/][^>]*>")
NOT_OBJECTS = ("[]", '"文本"', "1", "null", "true")
# Values by schema type: each is sent in place of every property (or query parameter) of that type.
WRONG_BODY = {
    "string": ([], "x" * 100_000),
    "integer": ("abc", 10**30, 1.5),
    "number": ("abc", "1e309", 10**30),
    "boolean": ("abc", []),
    "array": ({}, "abc"),
    "object": ([], "abc"),
}
WRONG_BODY_FORMAT = {"date": ("2026-02-30", "2026-13-01", ""), "date-time": ("2026-02-30T10:00:00", "abc")}
WRONG_QUERY = {"integer": ("abc", "", "99999999999999999999", "-1"), "number": ("abc", "", "1e309", "nan")}
# Wrong values of parameters the schema does not list (yet): also sent, and refused where the schema lists them.
UNDECLARED = ({"page": "0"}, {"page_size": "AAA"})
WRONG_QUERY_FORMAT = {"date": ("", "2026-02-30", "2026-13-01", "abc")}
UNKNOWN = "不存在的值"


def table_counts() -> dict[str, int]:
    """Row count of every table, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        & set(connection.introspection.table_names())
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)  # noqa: S608 - table names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def schema_operations() -> Iterator[tuple[str, str, dict]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield path, method, op, components


def resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema:
        return resolve(schema["allOf"][0], components)
    return schema


def wrong_objects(op: dict, components: dict) -> list[dict]:
    """Objects with every property of the body's schema replaced by a wrong value, one object per variant."""
    content = op.get("requestBody", {}).get("content", {})
    body = content.get("application/json") or next(iter(content.values()), None)
    if not body:
        return [{"未知字段": 1}]
    properties = resolve(body["schema"], components).get("properties", {})
    variants: list[dict] = [{"未知字段": 1, "unknown_field": [1]}]
    for index in range(3):
        wrong = {}
        for name, prop in properties.items():
            prop = resolve(prop, components)
            kind = prop.get("type", "string")
            options = WRONG_BODY_FORMAT.get(prop.get("format", "")) or WRONG_BODY.get(kind, ("abc",))
            if "enum" in prop:
                options = (UNKNOWN, *options)
            wrong[name] = options[index % len(options)]
        variants.append(wrong)
    return variants


def wrong_queries(op: dict) -> list[dict]:
    """Each typed query parameter of the operation with a wrong, empty or out-of-range value: all must be refused."""
    queries = []
    for param in op.get("parameters", []):
        if param["in"] != "query":
            continue
        schema = param.get("schema", {})
        kind = schema.get("type")
        values = WRONG_QUERY_FORMAT.get(schema.get("format", "")) or WRONG_QUERY.get(kind, ())
        if "enum" in schema or "enum" in schema.get("items", {}):
            values = (*values, UNKNOWN)
        queries.extend({param["name"]: value} for value in values)
    return queries


class Ids:
    """Real ids of objects visible to the personas, for the path parameters."""

    def __init__(self, world):
        self.round = archived_round(world, title="2026年度案卷评查", seed="fuzz", sample_size=1)
        self.file = self.round.files.first()
        closed = self.file.case
        self.open_case = b.filed(world)
        self.evidence = m.EvidenceItem.objects.filter(case=closed).first()
        self.closed = closed
        self.document = Document.objects.filter(case=closed).first()
        self.world = world

    def path(self, template: str) -> list[str]:
        case = self.closed if template.startswith(("/api/archive/", "/api/supervision/cases/")) else self.open_case
        round_ = self.round or EvaluationRound.objects.first()
        transfer = Transfer.objects.first()
        assistance = AssistanceRequest.objects.first()
        if template.startswith("/api/documents/"):
            id_ = self.document.pk
        elif template.startswith("/api/supervision/rounds/"):
            id_ = round_.pk
        elif template.startswith("/api/powers/transfers/"):
            id_ = transfer.pk if transfer else 999_999
        elif template.startswith("/api/powers/assistance/"):
            id_ = assistance.pk if assistance else 999_999
        elif "evidence" in template:
            case = self.closed
            id_ = case.pk
        else:
            id_ = case.pk
        path = (
            template.replace("{id}", str(id_))
            .replace("{item_pk}", str(self.evidence.pk if self.evidence else 999_999))
            .replace("{file_pk}", str(self.file.pk if self.file else 999_999))
            .replace("{unit_pk}", str(self.world.township.pk))
        )
        if "{action}" in path:
            actions = ("issue", "void", "correct", "serve", "nonsense")
            if template.startswith("/api/powers/"):
                actions = ("accept", "return", "nonsense")
            return [path.replace("{action}", action) for action in actions]
        return [path]


def check(response, refused_changed: bool, must_refuse: bool) -> list[str]:
    """Problems with one response: a 5xx, a non-JSON or non-Chinese 4xx, or a refused request that wrote."""
    problems = []
    if must_refuse and response.status_code < 400:
        problems.append(f"{response.status_code}: accepted")
    if response.status_code >= 500:
        problems.append(f"{response.status_code}")
    elif response.status_code >= 400:
        if "json" not in response.get("Content-Type", ""):
            problems.append(f"{response.status_code} not JSON")
        else:
            messages = [item.get("message", "") for item in response.json().get("errors", [])]
            if not messages:
                problems.append(f"{response.status_code} without errors[]")
            for message in messages:
                if not CJK.search(str(message)) or TAG.search(str(message)):
                    problems.append(f"{response.status_code} message {str(message)[:120]!r}")
        if refused_changed:
            problems.append(f"{response.status_code} but the database changed")
    return problems


def fuzz(client: APIClient, ids: Ids) -> list[str]:
    failures: list[str] = []
    counts = table_counts()
    for template, method, op, components in schema_operations():
        if template == "/api/schema/":
            continue
        for path in ids.path(template):
            requests: list[tuple[str | None, dict, bool]] = []
            if method in ("post", "put", "patch"):
                requests += [(body, {}, "requestBody" in op) for body in NOT_OBJECTS]
                # An object with unknown fields is refused everywhere (casemgmt.strictinput), with or without a body.
                requests += [
                    (json.dumps(obj).replace('"1e309"', "1e309"), {}, "unknown_field" in obj)
                    for obj in wrong_objects(op, components)
                ]
            requests += [(None, query, True) for query in wrong_queries(op)]
            if method == "get":
                requests += [(None, query, False) for query in UNDECLARED]
            for body, query, must_refuse in requests:
                if body is None:
                    response = client.generic(method.upper(), f"{path}?{urlencode(query)}")
                else:
                    response = client.generic(method.upper(), path, body, content_type="application/json")
                after = table_counts()
                problems = check(response, refused_changed=after != counts, must_refuse=must_refuse)
                if problems:
                    sent = (body or "")[:80] if body is not None else query
                    failures.append(f"{method.upper()} {path} {sent!r}: {'; '.join(problems)}")
                counts = after
    return failures


@pytest.fixture
def ids(world, media_root):  # noqa: F811
    return Ids(world)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "evaluator"])
def test_every_operation_answers_bad_input_with_a_chinese_4xx_and_writes_nothing(world, ids, persona):
    client = APIClient(raise_request_exception=False)
    client.force_login(getattr(world, persona).user)
    failures = fuzz(client, ids)
    assert not failures, f"{len(failures)} bad answers:\n" + "\n".join(failures)
