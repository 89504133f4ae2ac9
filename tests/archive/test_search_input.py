"""Bad input gets a clear answer, never a 500; a search backend that is down gives a clear error and the rest of
the system keeps working; failed indexing is recorded and retried."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from casemgmt.archive import backends
from casemgmt.archive.backends.es import ElasticsearchBackend
from casemgmt.archive.indexing import index_now
from casemgmt.archive.models import IndexTask, IndexTaskState, SearchDoc
from tests.archive.conftest import reindex
from tests.builders import clue
from tests.openapi import DocumentedAPIClient


@pytest.fixture
def indexed(world):
    case = clue(world)
    reindex(case)
    return case


def api_get(persona, **params):
    client = DocumentedAPIClient()
    client.force_login(persona.user)
    return client.get(reverse("api:archive:search"), params)


def web_get(persona, **params):
    client = Client()
    client.force_login(persona.user)
    return client.get(reverse("archive:search"), params)


def error(response) -> tuple[str, str]:
    item = response.json()["errors"][0]
    return item["field"], item["message"]


def test_an_empty_query_lists_every_visible_case(world, indexed):
    body = api_get(world.officer, q="").json()
    assert [r["case"] for r in body["results"]] == [indexed.pk]


@pytest.mark.parametrize(
    ("params", "field", "says"),
    [
        ({"q": "，。！？——《》"}, "q", "标点"),
        ({"q": "占" * 1000}, "q", "过长"),
        ({"procedure": "secret"}, "procedure", "没有取值"),
        ({"unit": "abc"}, "unit", "编号"),
        ({"archived": "maybe"}, "archived", "没有取值"),
        ({"filed_on_from": "2026-13-45"}, "filed_on_from", "YYYY-MM-DD"),
        ({"decided_on_from": "2026-05-01", "decided_on_to": "2026-04-01"}, "decided_on_from", "晚于"),
        ({"fine_min": "lots"}, "fine_min", "金额"),
        ({"fine_max": "-5"}, "fine_max", "非负"),
        ({"sort": "secret_column"}, "sort", "排序"),
        ({"page": "abc"}, "page", "整数"),
        ({"page": "0"}, "page", "之间"),
        ({"page_size": "100000"}, "page_size", "之间"),
    ],
)
def test_bad_input_is_a_clear_400(world, indexed, params, field, says):
    response = api_get(world.officer, **params)
    assert response.status_code == 400
    assert error(response)[0] == field and says in error(response)[1]
    page = web_get(world.officer, **params)
    assert page.status_code == 400
    assert says in page.content.decode()


def test_a_page_past_the_end_says_so(world, indexed):
    body = api_get(world.officer, page="50").json()
    assert (body["total"], body["results"], body["pages"]) == (1, [], 1)
    assert "超出范围" in body["message"]
    assert "超出范围" in web_get(world.officer, page="50").content.decode()


def test_a_backend_that_is_down_gives_a_clear_503_and_cases_still_work(world, indexed, monkeypatch):
    # A real connection to a port nothing listens on.
    down = ElasticsearchBackend(url="http://127.0.0.1:9", index="casemgmt-down")
    monkeypatch.setattr(backends, "_cache", {"embedded": down})
    response = api_get(world.officer, q="占道")
    assert response.status_code == 503 and response["Retry-After"]
    assert "暂时无法连接" in response.json()["errors"][0]["message"]
    assert web_get(world.officer, q="占道").status_code == 503
    client = Client()
    client.force_login(world.officer.user)
    assert client.get(reverse("web:case_list")).status_code == 200
    assert client.get(reverse("web:case_detail", args=[indexed.pk])).status_code == 200


@pytest.mark.parametrize("name", ["api:archive:export", "api:archive:export_csv"])
def test_the_api_export_with_the_backend_down_answers_the_error_json(world, indexed, monkeypatch, name):
    """The API's one error shape (documented as its 503), not the text/plain answer of the web export."""
    down = ElasticsearchBackend(url="http://127.0.0.1:9", index="casemgmt-down")
    monkeypatch.setattr(backends, "_cache", {"embedded": down})
    client = DocumentedAPIClient()
    client.force_login(world.officer.user)
    response = client.get(reverse(name), {"q": "占道"})
    assert response.status_code == 503 and response["Content-Type"].startswith("application/json")
    assert response["Retry-After"]
    item = response.json()["errors"][0]
    assert item["rule"] == "SEARCH_UNAVAILABLE" and "暂时无法连接" in item["message"]


def test_failed_indexing_is_recorded_and_retried(world, indexed, monkeypatch):
    down = ElasticsearchBackend(url="http://127.0.0.1:9", index="casemgmt-down")
    monkeypatch.setattr(backends, "_cache", {"embedded": down})
    assert index_now([indexed.pk]) == (0, 1)
    task = IndexTask.objects.get(case_id=indexed.pk)
    assert task.state == IndexTaskState.FAILED and task.attempts == 1 and task.last_error
    monkeypatch.setattr(backends, "_cache", {})
    call_command("reindex", "--pending")
    assert not IndexTask.objects.exists()
    assert SearchDoc.objects.filter(case_id=indexed.pk).exists()
