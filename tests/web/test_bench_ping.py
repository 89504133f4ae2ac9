"""The load benchmark's minimal view exists only when BENCH_ENDPOINTS is set, and touches no database."""

import importlib
import sys

import pytest
from django.urls import clear_url_caches


@pytest.fixture
def bench_urls(monkeypatch, settings):
    monkeypatch.setenv("BENCH_ENDPOINTS", "1")
    module = importlib.reload(sys.modules["casemgmt.urls"])
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    yield
    monkeypatch.delenv("BENCH_ENDPOINTS")
    importlib.reload(sys.modules["casemgmt.urls"])
    clear_url_caches()


@pytest.mark.django_db
def test_ping_not_mounted_without_the_flag(client):
    assert client.get("/bench/ping/").status_code == 404


@pytest.mark.django_db
def test_ping_answers_without_a_query_when_the_flag_is_set(bench_urls, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/ping/")
    assert response.status_code == 200
    assert response.content == b"pong"
