"""Shared personas (healthchecks' alice/bob/charlie, for this domain) and helpers.

- ``officer`` and ``colleague``: certified officers of 城关镇综合行政执法大队
- ``head``: the brigade head (approver); ``mayor``: the township's agency head
- ``reviewer``: the township's legal reviewer with 法律职业资格
- ``outsider``: an officer of another township (must get 404 everywhere)
- ``county_officer``: an officer of 县城市管理局
- ``evaluator``: a justice-bureau supervisor (sees everything, read-only)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from casemgmt.legalcal.calendar import clear_cache
from casemgmt.org.models import Role, UnitKind
from tests.factories import UnitFactory, make_officer
from tests.s3server import s3_client, s3_endpoint, s3_storage  # noqa: F401  (fixtures: a real local S3 server)


@dataclass
class World:
    county: object
    justice: object
    county_dept: object
    township: object
    brigade: object
    other_township: object
    other_brigade: object
    officer: object
    colleague: object
    third: object
    head: object
    mayor: object
    reviewer: object
    outsider: object
    county_officer: object
    evaluator: object


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 costs ~0.3 s per user; personas need none of that strength in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _jobs_in_process(settings):
    # Background jobs run in the caller after commit unless a test points them at a broker (tests/jobs runs the
    # real Celery worker path against the local Redis).
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_INPROCESS = "sync"


@pytest.fixture(autouse=True)
def _anchor_file(settings, tmp_path):
    # Event log anchors of a test database never go to (or are checked against) the developer's DATA_DIR file.
    settings.EVENTLOG_ANCHOR_FILE = tmp_path / "eventlog-anchors.jsonl"


@pytest.fixture(autouse=True)
def _long_sessions(settings):
    # Tests log in and then travel days ahead in time (a deadline passes): sessions outlive that, except in the
    # tests of the session lifetime (tests/security/test_accounts.py), which put the shipped limits back.
    settings.SESSION_IDLE_TIMEOUT = settings.SESSION_MAX_AGE = settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600


@pytest.fixture(autouse=True)
def _throttle_counts():
    # API rate counts live in the default (local memory) cache: each test starts with a full budget.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _calendar_cache():
    from casemgmt.cases.models import clear_policy_cache
    from casemgmt.evaluation.rubrics import clear_rubric_cache
    from casemgmt.org.tree import clear_unit_tree
    from casemgmt.powers.holders import clear_catalogue_cache

    clear_cache()
    clear_policy_cache()
    clear_rubric_cache()
    clear_catalogue_cache()
    clear_unit_tree()
    yield
    clear_cache()
    clear_policy_cache()
    clear_rubric_cache()
    clear_catalogue_cache()
    clear_unit_tree()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Put back what the data migrations load (document catalogue, retention table): a transactional test's
    teardown flushes every table, and pytest-django runs those tests last, after the others."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps

    from documents.catalogue import sync_catalogue

    request.getfixturevalue("transactional_db")
    sync_catalogue()
    importlib.import_module("casemgmt.archive.migrations.0002_fulltext_and_retention").seed_retention(apps, None)
    from casemgmt.evaluation.rubrics import sync_default_rubric

    sync_default_rubric()


@pytest.fixture
def world(db) -> World:
    county = UnitFactory(name="示范县人民政府", kind=UnitKind.COUNTY_GOVERNMENT, short_name="示范县")
    justice = UnitFactory(name="示范县司法局", kind=UnitKind.JUSTICE_BUREAU, parent=county, short_name="县司法局")
    dept = UnitFactory(
        name="示范县城市管理局", kind=UnitKind.COUNTY_DEPARTMENT, parent=county, short_name="县城管", field="城市管理"
    )
    township = UnitFactory(name="城关镇人民政府", kind=UnitKind.TOWNSHIP, parent=county, short_name="城关镇")
    brigade = UnitFactory(
        name="城关镇综合行政执法大队", kind=UnitKind.BRIGADE, parent=township, short_name="城关镇综执"
    )
    other = UnitFactory(name="河西镇人民政府", kind=UnitKind.TOWNSHIP, parent=county, short_name="河西镇")
    other_brigade = UnitFactory(
        name="河西镇综合行政执法大队", kind=UnitKind.BRIGADE, parent=other, short_name="河西镇综执"
    )
    return World(
        county=county,
        justice=justice,
        county_dept=dept,
        township=township,
        brigade=brigade,
        other_township=other,
        other_brigade=other_brigade,
        officer=make_officer(brigade, name="张执法", username="zhang"),
        colleague=make_officer(brigade, name="李执法", username="li"),
        third=make_officer(brigade, name="王执法", username="wang"),
        head=make_officer(brigade, Role.APPROVER, name="赵队长", username="zhao"),
        mayor=make_officer(township, Role.AGENCY_HEAD, name="钱镇长", username="qian", certified=False),
        reviewer=make_officer(
            township, Role.LEGAL_REVIEWER, name="孙审核", username="sun", certified=False, qualification="A20201234567"
        ),
        outsider=make_officer(other_brigade, name="周外镇", username="zhou"),
        county_officer=make_officer(dept, Role.COUNTY_OFFICER, name="吴城管", username="wu"),
        evaluator=make_officer(justice, Role.SUPERVISOR, name="郑评查", username="zheng", certified=False),
    )


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def client_for():
    """An API client signed in as ``persona`` (an Officer): ``client_for(world.officer)``. Every answer it gets
    from an API operation must be documented by the OpenAPI schema (status and JSON body: tests/openapi.py)."""
    from tests.openapi import DocumentedAPIClient

    def make(persona) -> DocumentedAPIClient:
        client = DocumentedAPIClient()
        client.force_login(persona.user)
        return client

    return make
