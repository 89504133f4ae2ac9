"""Schema-driven fuzzing of the API contract (schemathesis): every operation of /api/schema/, as a township
officer with cases and documents and as a justice-bureau evaluator, positive and negative data. Any response
that is a server error, has a status, content type or body the schema does not document, or accepts data the
schema forbids fails the test, listing each operation and the check that failed.

In-process through the WSGI app, so the ``db`` fixture's transaction holds every write. Hypothesis is
derandomized and bounded (``MAX_EXAMPLES`` per operation and mode) so CI is reproducible and takes a few
minutes at most.
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from casemgmt.api.tokens import api_token_create
from tests import builders as b
from tests.api.conftest import TODAY

MAX_EXAMPLES = int(os.getenv("SCHEMATHESIS_MAX_EXAMPLES", "2"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Not positive_data_acceptance: a request the schema allows is still refused, rightly, when it names an officer
# or party that does not exist (400) or when the rulebook forbids the act in the case's state (422); the schema
# cannot express either.
# The schema document itself: generating it costs a second a call and is checked by test_openapi_contract.py.
SKIPPED = {"GET /api/schema/"}


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def fuzz_world(world, settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    for unit in (world.township, world.county_dept, world.other_township):
        unit.seal_name = unit.name
        unit.address = f"{unit.name}办公楼"
        unit.save()
    matter = b.road_matter(world)
    cases = [b.filed(world, matter=matter), b.decided(world, matter=matter), b.served(world, matter=matter)]
    return world, [case.pk for case in cases]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app is called directly, not through Django's test client, so the request signals would close the
    connection that holds the test's transaction (PostgreSQL: every later request then fails as 数据库不可用).
    Django's test client detaches the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


def _fuzz_operation(operation, mode, *, headers, case_ids, failures) -> int:
    """Up to MAX_EXAMPLES requests to ``operation``; adds each failed check to ``failures``, returns the count."""
    sent = 0

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), real_id=st.sampled_from([None, *case_ids]))
    def run(case, real_id):
        nonlocal sent
        sent += 1
        # Random ids mostly hit 404: most examples address one of the persona's real cases instead.
        if real_id is not None and "id" in (case.path_parameters or {}) and "/cases/" in operation.path:
            case.path_parameters["id"] = real_id
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Failure, FailureGroup) as exc:
            for failure in getattr(exc, "exceptions", [exc]):
                detail = " ".join(str(failure.message).split())[:300]
                failures[operation.label].add(f"[{mode}] {response.status_code} {failure.title}: {detail}")

    try:
        run()
    except Unsatisfiable:
        # Nothing to negate (an operation without parameters or body has no invalid input): no negative examples.
        assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    return sent


def _fuzz(persona, case_ids) -> tuple[dict[str, set[str]], int, int]:
    """Every operation, positive then negative data; returns the failures by operation, and the counts."""
    _, key = api_token_create(user=persona.user, name="schemathesis")
    headers = {"Authorization": f"Token {key}"}
    failures: dict[str, set[str]] = defaultdict(set)
    operations = examples = 0
    for result in _schema().get_all_operations():
        operation = result.ok()
        if operation.label in SKIPPED:
            continue
        operations += 1
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            examples += _fuzz_operation(operation, mode, headers=headers, case_ids=case_ids, failures=failures)
    return failures, operations, examples


def _report(failures) -> str:
    return "\n".join(f"{label}: {problem}" for label, problems in sorted(failures.items()) for problem in problems)


@pytest.mark.django_db
def test_api_honours_its_schema_as_township_officer(fuzz_world):
    world, case_ids = fuzz_world
    failures, operations, examples = _fuzz(world.officer, case_ids)
    print(f"township officer: {operations} operations, {examples} examples")
    assert not failures, _report(failures)


@pytest.mark.django_db
def test_api_honours_its_schema_as_justice_bureau(fuzz_world):
    world, case_ids = fuzz_world
    failures, operations, examples = _fuzz(world.evaluator, case_ids)
    print(f"justice bureau: {operations} operations, {examples} examples")
    assert not failures, _report(failures)
