"""CSRF: every state-changing request of a signed-in browser carries the form's token, or is refused (403) before
the view runs and changes nothing. The routes are walked from the URL resolver, so a new form is covered the day it
is added. The API asks the token of session callers (DRF's SessionAuthentication), never of token callers."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from casemgmt.cases.actions import ACTIONS
from tests import builders as b

pytestmark = pytest.mark.django_db

# Routes that change nothing and need no token: the public verification page, the health probes, the load
# benchmark's ping and the API's schema and documentation pages (GET-only views; a POST is refused anyway).
NOT_STATE_CHANGING = re.compile(r"^(documents/verify/|health/|bench/|api/(schema|docs|redoc)/)")


def _routes(resolver: URLResolver = None, prefix: str = ""):
    """Every concrete route as (path template, callback), e.g. ``cases/<int:pk>/actions/<slug:code>/``."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _fill(template: str, case_pk: int) -> str:
    """A concrete path: every ``<int:…>`` is the case's pk (any number does: the refusal comes before the view)."""
    template = template.lstrip("^").rstrip("$").replace("\\Z", "")
    path = re.sub(r"<int:\w+>", str(case_pk), template)
    path = re.sub(r"<(?:slug|str|path):\w+>", "issue", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # the admin's regex routes
    return "/" + path


def _admin(template: str) -> bool:
    return template.startswith("admin/")


def web_routes():
    return sorted(
        {t for t, _view in _routes() if not t.startswith("api/") and not NOT_STATE_CHANGING.match(t) and not _admin(t)}
    )


def api_routes():
    # "api/" alone is the API's catch-all JSON 404 for unknown addresses (every method alike), not an operation.
    return sorted(
        {t for t, _view in _routes() if t.startswith("api/") and t != "api/" and not NOT_STATE_CHANGING.match(t)}
    )


def _state(case) -> tuple:
    from casemgmt.cases import models as m
    from casemgmt.jobs.models import Job
    from documents.models import Document

    case.refresh_from_db()
    return (
        m.Case.objects.count(),
        m.Clue.objects.count(),
        case.version,
        case.status,
        case.events.count(),
        Document.objects.count(),
        Job.objects.count(),
    )


@pytest.fixture
def case(world):
    return b.filed(world)


def test_the_walk_covers_the_forms_the_issue_names():
    routes = set(web_routes())
    for must in (
        "accounts/login/",
        "accounts/logout/",
        "cases/new/",
        "cases/<int:pk>/actions/<slug:code>/",
        "documents/<int:pk>/<slug:action>/",
        "documents/case/<int:case_pk>/",
        "archive/cases/<int:pk>/archive",
        "supervision/rounds/",
        "supervision/rounds/<int:pk>/files/<int:file_pk>/",
        "supervision/rounds/<int:pk>/report.xlsx",
        "dashboard/sweep/",
        "discretion/benchmarks/import/",
    ):
        assert must in routes, must
    assert {"cases/<int:pk>/", "clues/"} <= {t.removeprefix("api/") for t in api_routes()}


def test_every_web_post_without_token_is_refused_and_changes_nothing(world, case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.head.user)
    before = _state(case)
    paths = [_fill(t, case.pk) for t in web_routes()]
    # Every registered case action, by its own URL (the form the registry derives for it).
    paths += [reverse("web:case_action", args=[case.pk, action.code]) for action in ACTIONS]
    accepted = {}
    for path in paths:
        response = client.post(path, {"on": "2026-03-05", "reason": "作废", "action": "archive"})
        if response.status_code != 403:
            accepted[path] = response.status_code
    assert not accepted, f"POST without a CSRF token not refused: {accepted}"
    assert _state(case) == before
    # Still signed in: the refused logout did not log out either.
    assert client.get(reverse("web:case_detail", args=[case.pk])).status_code == 200


def test_the_csrf_refusal_is_the_token_not_the_person(world, case):
    """The same POST with the form's token goes through (a case action, document draft): the 403 above is CSRF."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer.user)
    page = client.get(reverse("web:case_detail", args=[case.pk]))
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else client.cookies["csrftoken"].value
    url = reverse("web:clue_new")
    refused = client.post(url, {})
    assert refused.status_code == 403
    allowed = client.post(url, {"csrfmiddlewaretoken": token})
    assert allowed.status_code != 403


def test_login_without_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "zhang", "password": "pw-Secret-123"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("login"), {"username": "zhang", "password": "pw-Secret-123", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.officer.user.pk)


def test_logout_only_by_post(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer.user)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    page = client.get(reverse("web:home"))
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code in (200, 302)
    assert "_auth_user_id" not in client.session


def test_api_with_session_requires_csrf_on_every_route(world, case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.head.user)
    before = _state(case)
    accepted = {}
    for template in api_routes():
        path = _fill(template, case.pk)
        response = client.post(path, {"on": "2026-03-05"}, content_type="application/json")
        if response.status_code != 403:
            accepted[path] = response.status_code
        elif response.headers.get("Content-Type", "").startswith("application/json"):
            assert "CSRF" in response.content.decode(), path
    assert not accepted, f"session POST without a CSRF token not refused: {accepted}"
    assert _state(case) == before


def test_api_with_token_needs_no_csrf(world, case):
    from casemgmt.api.tokens import api_token_create

    _token, key = api_token_create(user=world.officer.user, name="设备")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(
        reverse("api:clue-register"),
        {
            "handling_unit": world.brigade.pk,
            "source": "inspection",
            "summary": "巡查发现占道经营",
            "discovered_on": "2026-03-02",
            "cause": "擅自占用城市道路经营",
            "procedure": "ordinary",
        },
        content_type="application/json",
    )
    assert response.status_code != 403, response.content
    assert response.status_code < 500
