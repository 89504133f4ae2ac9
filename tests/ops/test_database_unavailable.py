"""With the database unreachable users get a Chinese 503 page (the API: JSON), with Retry-After, and nothing is
half-done: the refused POST changed nothing and succeeds when repeated after the database is back."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from casemgmt.api.tokens import api_token_create
from casemgmt.cases import models as m
from casemgmt.ops.dbdown import CODE, MESSAGE, is_connection_failure
from casemgmt.ops.errorpages import server_error
from tests.ops.conftest import database_down

CLUE = {
    "handling_unit": None,
    "source": "inspection",
    "summary": "巡查发现占道经营",
    "discovered_on": "2026-03-02",
    "cause": "擅自占用城市道路经营",
}


@pytest.mark.django_db
def test_pages_answer_a_chinese_503_without_touching_the_database(world, client):
    client.force_login(world.officer.user)
    with database_down():
        response = client.get(reverse("web:case_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "数据库暂时无法连接" in body and "请稍后" in body
    assert world.officer.name not in body  # no user menu: rendering it would have queried
    assert "Server Error" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_api_answers_json_503_and_the_refused_post_changed_nothing(world):
    _token, key = api_token_create(user=world.officer.user, name="执法记录仪")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    before = m.Case.objects.count()
    payload = {**CLUE, "handling_unit": world.brigade.pk}
    with database_down():
        response = client.post(reverse("api:clue-register"), payload, format="json")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["detail"] == MESSAGE == "数据库暂时无法连接，请稍后重试。"
    assert response.json()["code"] == CODE == "database_unavailable"
    assert m.Case.objects.count() == before
    # Repeated once the database is back, the same request is carried out.
    assert client.post(reverse("api:clue-register"), payload, format="json").status_code == 201
    assert m.Case.objects.count() == before + 1


@pytest.mark.django_db
def test_json_accepting_page_requests_get_json(world, client):
    client.force_login(world.officer.user)
    with database_down():
        response = client.get(reverse("web:case_list"), HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and response.json()["code"] == "database_unavailable"


@pytest.mark.django_db
def test_failure_outside_a_view_gets_the_503_from_the_error_handler(world):
    with database_down() as broken:
        try:
            broken.ensure_connection()
        except OperationalError:
            response = server_error(RequestFactory().get("/cases/"))
    assert response.status_code == 503 and "数据库暂时无法连接" in response.content.decode()


def test_only_connection_failures_count_as_an_outage():
    assert is_connection_failure(InterfaceError("connection already closed"))
    try:
        raise OperationalError("unable to open database file") from sqlite3.OperationalError("x")
    except OperationalError as exc:
        assert is_connection_failure(exc)
    try:
        raise OperationalError("database is locked") from sqlite3.OperationalError("database is locked")
    except OperationalError as exc:
        assert not is_connection_failure(exc)
    assert not is_connection_failure(IntegrityError("UNIQUE constraint failed"))
    assert not is_connection_failure(ValueError("other"))


@pytest.mark.django_db
def test_a_statement_error_stays_a_500(world, client):
    """A bug must not be hidden behind "try again later": a failing statement on a live connection is a 500."""
    from django.db import connection

    with connection.cursor() as cursor, pytest.raises(Exception) as caught:
        cursor.execute("SELECT * FROM no_such_table_here")
    assert not is_connection_failure(caught.value)
