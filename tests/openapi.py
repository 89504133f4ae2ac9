"""The API's answers checked against its generated OpenAPI schema, in any test: ``assert_documented(response)``.

Schemathesis (tests/security/test_schemathesis.py) checks the same on generated requests, but mostly reaches
refusals and empty lists; the success bodies of rounds, files, archive records or the dashboard need real data,
which the tests of each app build. The schema is generated once per test session.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import jsonschema
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient


@functools.cache
def api_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def _routes() -> list[tuple[re.Pattern, str]]:
    routes = []
    for template in api_schema()["paths"]:
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", pattern)
        routes.append((re.compile(f"^{pattern}$"), template))
    # A literal segment beats a parameter (``/rounds/{id}/`` must not take ``/rounds/results/``).
    routes.sort(key=lambda route: route[1].count("{"))
    return routes


def operation_for(method: str, path: str) -> tuple[str, dict] | None:
    for pattern, template in _routes():
        if pattern.match(path) and method.lower() in api_schema()["paths"][template]:
            return template, api_schema()["paths"][template][method.lower()]
    return None


def json_schema(openapi: Any) -> Any:
    """OpenAPI 3.0 → JSON Schema: ``nullable`` becomes a null alternative; references stay (resolved against the
    components below)."""
    if isinstance(openapi, list):
        return [json_schema(item) for item in openapi]
    if not isinstance(openapi, dict):
        return openapi
    converted = {key: json_schema(value) for key, value in openapi.items() if key != "nullable"}
    if openapi.get("nullable"):
        if "type" in converted and "enum" not in converted:
            converted["type"] = [converted["type"], "null"]
        else:
            converted = {"anyOf": [{"type": "null"}, converted]}
    return converted


def _body(response) -> Any:
    """The JSON body; a streamed one (an export) is read and put back, so the test can still read it."""
    if not getattr(response, "streaming", False):
        return response.json()
    content = b"".join(response.streaming_content)
    response.streaming_content = [content]
    return json.loads(content)


def assert_documented(response, *, method: str | None = None, path: str | None = None) -> None:
    """Fails unless the status is documented for the operation and a JSON body matches its documented schema."""
    request = response.wsgi_request
    method = method or request.method
    path = path or request.path
    found = operation_for(method, path)
    assert found is not None, f"{method} {path} is not an operation of the schema"
    template, operation = found
    status = str(response.status_code)
    documented = operation["responses"].get(status)
    assert documented is not None, f"{method} {template}: status {status} is not documented"
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type != "application/json":
        # A download (CSV, xlsx, PDF): its content type must be one the operation documents for this status.
        documented_types = set(documented.get("content", {}))
        assert content_type in documented_types or "*/*" in documented_types, (
            f"{method} {template} {status}: {content_type or 'no content type'} not in {sorted(documented_types)}"
        )
        return
    schema = documented["content"]["application/json"]["schema"]
    root = {"components": json_schema(api_schema()["components"]), **json_schema(schema)}
    validator = jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(_body(response)), key=lambda e: list(e.absolute_path))
    assert not errors, f"{method} {template} {status}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message[:200]}" for e in errors[:10]
    )


SCHEMA_PATH = "/api/schema/"


class DocumentedAPIClient(APIClient):
    """An APIClient whose every answer under /api/ (but the schema and its pages) is checked by
    ``assert_documented``: status, content type and body as the schema documents them."""

    def request(self, **kwargs):
        response = super().request(**kwargs)
        request = response.wsgi_request
        # Not an operation (an unknown address, a method the route lacks): the catch-all 404 or a 405. The schema
        # document describes itself (test_openapi_contract.py checks it).
        if (
            request.path.startswith("/api/")
            and request.path != SCHEMA_PATH
            and operation_for(request.method, request.path) is not None
        ):
            assert_documented(response)
        return response
