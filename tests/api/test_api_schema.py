"""The OpenAPI schema and the documentation pages (served from local static files, no CDN)."""

import json

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from casemgmt.cases.actions import BY_CODE


@pytest.mark.django_db
def test_schema_endpoint_returns_valid_openapi_with_every_action(world, client_for):
    response = client_for(world.officer).get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"/api/cases/", "/api/cases/{id}/", "/api/clues/", "/api/me/", "/api/officers/"} <= set(paths)
    for code in BY_CODE:
        operation = paths[f"/api/cases/{{id}}/actions/{code}/"]["post"]
        assert operation["operationId"] == f"case_action_{code}"
        assert {"200", "400", "403", "404", "409", "422"} <= set(operation["responses"])
    evidence = paths["/api/cases/{id}/actions/add_evidence/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in evidence


def test_schema_generation_gives_no_warnings():
    """drf-spectacular reports views it cannot describe and colliding enum names as warnings, which
    ``check --deploy --fail-level WARNING`` turns into a failed deployment check."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_documentation_pages_load_their_assets_locally(world, client_for, name):
    response = client_for(world.officer).get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
