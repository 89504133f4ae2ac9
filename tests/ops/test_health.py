"""The load balancer's health endpoints: every component ok → 200; one down → 503; nothing but ok/failed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casemgmt.ops import health

READY = reverse("health:ready")
LIVE = reverse("health:live")


@pytest.mark.django_db
def test_all_components_ok_without_login(client):
    response = client.get(READY, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "components": {"database": "ok", "cache": "ok", "storage": "ok", "search": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_plain_text_for_probes_without_json(client):
    response = client.get(READY)
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == "status: ok"


@pytest.mark.django_db
def test_database_down_gives_503_and_no_details(client, unreachable_settings):
    response = client.get(READY, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert body["components"]["database"] == "failed"
    assert body["components"]["cache"] == "ok"
    text = response.content.decode()
    for leak in ("127.0.0.1", "5432", "refused", "sqlite", "Unavailable", unreachable_settings["NAME"]):
        assert leak not in text


@pytest.mark.django_db
def test_broker_is_checked_when_celery_is_configured(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/5"
    assert client.get(READY, HTTP_ACCEPT="application/json").json()["components"]["broker"] == "ok"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/5"  # nothing listens on port 1
    response = client.get(READY, HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and response.json()["components"]["broker"] == "failed"


@pytest.mark.django_db
def test_unreachable_elasticsearch_fails_the_search_component(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    response = client.get(READY, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["components"]["search"] == "failed"
    assert response.json()["components"]["database"] == "ok"


@pytest.mark.django_db
def test_storage_failure_is_reported(client, settings, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(blocker)}},
    }
    response = client.get(READY, HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and response.json()["components"]["storage"] == "failed"


def test_liveness_touches_no_service(client, unreachable_settings):
    """No django_db mark: any query would raise, so a 200 here proves the probe touches no database."""
    response = client.get(LIVE)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_broker_check_picks_redis_for_redis_urls():
    from health_check.contrib.redis import Redis

    assert isinstance(health.broker_check("redis://127.0.0.1:6379/5"), Redis)
    assert isinstance(health.broker_check("amqp://guest@127.0.0.1//"), health.Broker)
