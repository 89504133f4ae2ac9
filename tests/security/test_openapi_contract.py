"""The generated OpenAPI schema is a contract: each operation documents the API's one error shape under every
status it can answer with, each file download its real content type, each required query parameter; and the
schema is not handed to anonymous callers."""

from __future__ import annotations

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

ERROR_REF = "#/components/schemas/Error"
# Operations that hand out a file, and the content type each declares.
DOWNLOADS = {
    ("get", "/api/archive/cases/{id}/case-file.pdf"): {"application/pdf"},
    ("get", "/api/archive/search/export.xlsx"): {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ("get", "/api/archive/search/export.csv"): {"text/csv"},
    ("get", "/api/dashboard/statistics.xlsx"): {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ("get", "/api/discretion/benchmarks/export/"): {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    },
    ("get", "/api/documents/{id}/pdf/"): {"application/pdf"},
    ("get", "/api/cases/{id}/evidence/{item_pk}/file/"): {"application/octet-stream"},
    ("get", "/api/disclosure/records/"): {
        "application/json",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    },
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_errors_with_the_one_error_shape(schema):
    missing = []
    for path, method, operation in _operations(schema):
        expected = {"400", "401", "403", "404", "429"}
        if method != "get":
            expected |= {"409", "422"}
        for code in sorted(expected):
            content = operation["responses"].get(code, {}).get("content", {})
            if content.get("application/json", {}).get("schema", {}).get("$ref") != ERROR_REF:
                missing.append(f"{method.upper()} {path} {code}")
    assert not missing, missing


def test_error_component_is_the_exception_handlers_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["errors"]
    item = schema["components"]["schemas"]["ErrorItem"]
    assert {"rule", "message"} <= set(item["required"])
    assert {"field", "code", "article"} <= set(item["properties"])


def test_every_file_download_declares_its_content_type(schema):
    for (method, path), types in DOWNLOADS.items():
        declared = set(schema["paths"][path][method]["responses"]["200"]["content"])
        assert declared == types, (path, declared)
    # And no other operation answers 200 with something the schema calls a file.
    for path, method, operation in _operations(schema):
        if (method, path) in DOWNLOADS or path == "/api/schema/":
            continue
        for code, response in operation["responses"].items():
            if code < "300":
                assert set(response.get("content", {"application/json": None})) == {"application/json"}, path


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["api:schema", "api:docs", "api:redoc"])
def test_schema_and_its_pages_refuse_anonymous_callers(name):
    response = APIClient().get(reverse(name))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.django_db
def test_schema_is_served_to_token_holders(world):
    from casemgmt.api.tokens import api_token_create

    _, key = api_token_create(user=world.evaluator.user, name="schema")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert "/api/cases/" in response.json()["paths"]


@pytest.mark.django_db
def test_no_operation_needs_an_undocumented_query_parameter(schema, world):
    """A GET without any query parameter is refused with 400 only if the schema says one is required."""
    client = APIClient()
    client.force_login(world.officer.user)
    undocumented = []
    for path, method, operation in _operations(schema):
        if method != "get" or "{" in path or path == "/api/schema/":
            continue
        required = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")]
        response = client.get(path)
        if response.status_code == 400 and not required:
            undocumented.append(f"{path}: {response.content[:200]!r}")
        if required:
            assert response.status_code == 400, path
    assert not undocumented, undocumented


def test_documents_list_documents_its_required_case_parameter(schema):
    parameters = schema["paths"]["/api/documents/"]["get"]["parameters"]
    case = next(p for p in parameters if p["name"] == "case")
    assert case["required"] is True and case["schema"]["type"] == "integer"
