"""Response headers: a strict Content-Security-Policy on every page, ``Cache-Control: no-store`` on everything that
may show case data (pages, the API, downloads, the public verification page) but not on static files, and secure
cookies and browser protections under the production settings."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from casemgmt.ops.headers import NoStoreMiddleware
from tests import builders as b

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def assert_not_stored(response):
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")
    assert response["Pragma"] == "no-cache"


@pytest.fixture
def officer(client, world):
    client.force_login(world.officer.user)
    return client


@pytest.fixture
def case(world):
    return b.filed(world)


def test_pages_carry_the_strict_policy(officer, case):
    for url in (reverse("web:home"), reverse("web:case_list"), reverse("web:case_detail", args=[case.pk])):
        response = officer.get(url)
        assert response.status_code == 200, url
        assert policy(response) == STRICT, url
        assert "unsafe" not in response["Content-Security-Policy"]


def test_login_page_carries_the_strict_policy(client):
    assert policy(client.get(reverse("login"))) == STRICT


def test_only_the_api_documentation_relaxes_the_policy(officer):
    response = officer.get(reverse("api:docs"))
    assert response.status_code == 200
    relaxed = policy(response)
    assert "'unsafe-inline'" in relaxed["script-src"] and "'unsafe-inline'" in relaxed["style-src"]
    assert "'unsafe-eval'" not in relaxed["script-src"]
    assert relaxed["frame-ancestors"] == ["'none'"] and relaxed["object-src"] == ["'none'"]


def test_case_pages_are_not_stored(officer, case):
    assert_not_stored(officer.get(reverse("web:case_list")))
    assert_not_stored(officer.get(reverse("web:case_detail", args=[case.pk])))


def test_api_responses_are_not_stored(officer, case):
    assert_not_stored(officer.get("/api/cases/"))
    assert_not_stored(officer.get(f"/api/cases/{case.pk}/"))


def test_refusals_are_not_stored_either(client, world, case):
    client.force_login(world.outsider.user)
    assert_not_stored(client.get(reverse("web:case_detail", args=[case.pk])))  # 404 for the outsider


def test_evidence_downloads_are_not_stored(officer, world, case):
    item = b.signed_waiver(world, case, on=dt.date(2026, 3, 4))
    for url in (
        reverse("web:evidence_file", args=[case.pk, item.pk]),
        reverse("api:evidence-file", args=[case.pk, item.pk]),
    ):
        response = officer.get(url)
        assert response.status_code == 200, url
        assert response.streaming
        assert_not_stored(response)


def test_document_pdf_and_public_verification_page_are_not_stored(officer, world):
    from documents.models import Document
    from tests.archive.conftest import closed_case

    closed_case(world)
    document = Document.objects.exclude(pdf="").exclude(verification_code="").first()
    response = officer.get(reverse("documents:pdf", args=[document.pk]))
    assert response.status_code == 200
    assert_not_stored(response)
    # The browser's PDF viewer may show it, in a frame of the site's own pages only.
    assert policy(response)["object-src"] == ["'self'"] and policy(response)["frame-ancestors"] == ["'self'"]

    officer.logout()
    verify = officer.get(reverse("documents:verify", args=[document.verification_code]))
    assert verify.status_code == 200
    assert_not_stored(verify)


def test_static_files_and_health_may_be_cached():
    middleware = NoStoreMiddleware(lambda request: HttpResponse("body"))
    for path in ("/static/web/site.css", "/static/jobs/progress.js", "/health/live/"):
        response = middleware(RequestFactory().get(path))
        assert "Cache-Control" not in response and "Pragma" not in response, path
    assert "no-store" in middleware(RequestFactory().get("/cases/"))["Cache-Control"]


def test_browser_protections_on_every_page(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_login_cookies_are_secure_httponly_and_lax(client, world):
    client.get(reverse("login"))
    csrf = client.cookies["csrftoken"]
    response = client.post(
        reverse("login"),
        {"username": world.officer.user.username, "password": "pw-Secret-123", "csrfmiddlewaretoken": csrf.value},
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", name


def test_production_settings_secure_the_cookies():
    """The settings module itself, imported with DEBUG=false as in production."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({n: getattr(s, n)"
        " for n in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY',"
        " 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE', 'X_FRAME_OPTIONS', 'SECURE_CONTENT_TYPE_NOSNIFF',"
        " 'SECURE_REFERRER_POLICY', 'SECURE_CROSS_ORIGIN_OPENER_POLICY')}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casemgmt.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "x",
    }
    command = [sys.executable, "-c", code]
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)  # noqa: S603
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    }
