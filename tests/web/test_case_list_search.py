"""The case list's text search (/cases/?q= and GET /api/cases/?q=): the archive's query language over case number,
parties, 案由, 违法地点 and documents' 文号 — every word must match, phrases as written, 文号 however typed, the
matches marked and escaped, the visibility scope unchanged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemgmt.cases import models as m
from documents.models import Document, DocumentStatus, DocumentType
from tests import builders as b

from .conftest import register

pytestmark = pytest.mark.django_db

LIST = reverse("web:case_list")
API = reverse("api:case-list")
# A 文号 class whose pattern prints 第 and pads the serial: 城关镇综执罚决〔2026〕第007号.
DOCUMENT_NUMBER = "城关镇综执罚决〔2026〕第007号"


def issued(world, case, code: str, number: str) -> Document:
    """An issued document row carrying ``number`` (the issuing service is tested in tests/documents)."""
    return Document.objects.create(
        case=case,
        document_type=DocumentType.objects.get(code=code),
        status=DocumentStatus.ISSUED,
        number=number,
        created_by=world.officer.user,
    )


@pytest.fixture
def cases(world):
    filed = b.filed(world)
    m.Case.objects.filter(pk=filed.pk).update(violation_place="人民路菜市场门口")
    issued(world, filed, "xzcf_jds", DOCUMENT_NUMBER)
    noise = register(world, cause="噪声扰民", party="赵某")
    elsewhere = register(
        world, officer=world.outsider, unit=world.other_brigade, cause="河西街违规搭建", party="孙某某"
    )
    filed.refresh_from_db()
    return {"filed": filed, "noise": noise, "elsewhere": elsewhere}


def web_ids(client, q) -> set[int]:
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200, response.content.decode()[:500]
    return set(response.context["page"].paginator.object_list.values_list("pk", flat=True))


def api_ids(client, q) -> set[int]:
    response = client.get(API, {"q": q})
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture(params=["web", "api"])
def search(request, world, login, client_for):
    """The same search through the page and through the API, as the township officer."""
    if request.param == "web":
        client = login(world.officer)
        return lambda q: web_ids(client, q)
    client = client_for(world.officer)
    return lambda q: api_ids(client, q)


def test_every_word_must_match_in_one_field_or_another(cases, search):
    filed, noise = cases["filed"].pk, cases["noise"].pk
    assert search("陈某") == {filed}
    assert search("陈某 人民路") == {filed}  # party + place
    assert search("陈某，菜市场") == {filed}
    assert search("占用城市道路 陈某") == {filed}  # 案由 + party
    assert search("陈某 噪声") == set()
    assert search("赵某 噪声扰民") == {noise}
    assert search("扰民赵某") == {noise}  # unspaced: segmented into words
    assert search("城关镇 噪声") == set()  # the clue has no number yet


def test_a_quoted_phrase_must_appear_as_written(cases, search):
    assert search('"占用城市道路"') == {cases["filed"].pk}
    assert search("“道路占用”") == set()


@pytest.mark.parametrize(
    "typed",
    [
        "{n}",
        "{n}".replace("〔", "(").replace("〕", ")"),
        "{n}".replace("〔", "（").replace("〕", "）"),
        "{n}".replace("〔", "【").replace("〕", "】"),
        "{n}".replace("〕", "〕第"),
        "{n}".replace("〕", "〕00"),
        "{n}".replace("2026", "２０２６"),
        "{n}".replace("〔", " [ ").replace("〕", " ] "),
    ],
)
def test_the_case_number_is_found_however_it_is_typed(cases, search, typed):
    number = cases["filed"].number
    assert number.endswith("〔2026〕1号")
    assert search(typed.format(n=number)) == {cases["filed"].pk}


@pytest.mark.parametrize(
    "typed",
    [
        DOCUMENT_NUMBER,
        "城关镇综执罚决〔2026〕7号",
        "城关镇综执罚决（2026）第7号",
        "城关镇综执罚决(2026)007号",
        "城关镇综执罚决【２０２６】７号",
        "城关镇综执罚决 〔2026〕 第 7 号",
    ],
)
def test_a_document_number_is_found_however_it_is_typed(cases, search, typed):
    assert search(typed) == {cases["filed"].pk}


def test_another_serial_is_not_the_same_number(cases, search):
    assert search("城关镇综执罚决〔2026〕17号") == set()
    assert search("城关镇综执罚决〔2026〕70号") == set()


def test_a_word_matching_only_another_townships_case_finds_nothing(cases, search, world, login, client_for):
    assert search("孙某某") == set()
    assert search("河西街") == set()
    assert web_ids(login(world.outsider), "孙某某 河西街") == {cases["elsewhere"].pk}
    assert api_ids(client_for(world.outsider), "孙某某") == {cases["elsewhere"].pk}
    assert api_ids(client_for(world.outsider), "陈某") == set()


def test_engine_syntax_is_text_not_an_error(cases, search):
    filed = cases["filed"].pk
    for q in ('"陈某', "陈某*", "(陈某)", "陈某 AND", "NEAR(陈某)", "陈某 % _", "陈某'", "陈某\\"):
        found = search(q)
        assert found <= {filed}, q
    assert search("陈某*") == {filed}
    assert search("陈某 %") == {filed}  # % and _ are no LIKE wildcards here


def test_the_page_marks_the_matches_and_escapes_the_fields(cases, world, login):
    filed = cases["filed"]
    m.Party.objects.create(case=filed, kind=m.PartyKind.CITIZEN, name="<script>alert(1)</script>钱某")
    page = login(world.officer).get(LIST, {"q": "钱某 城关镇综执罚决(2026)第7号 人民路"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>钱某</mark>" in page
    assert "<script>alert(1)" not in page
    assert f"<mark>{DOCUMENT_NUMBER}</mark>" in page  # the number as issued, marked whole
    assert "<mark>人民路</mark>菜市场门口" in page
    assert "行政处罚决定书" in page


def test_an_unusable_query_is_refused_in_chinese_and_lists_nothing(cases, world, login, client_for):
    response = login(world.officer).get(LIST, {"q": '"()"'})
    assert response.status_code == 400
    page = response.content.decode()
    assert "检索词只含标点或符号" in page and "没有符合条件的案件" in page
    api = client_for(world.officer).get(API, {"q": "（）"})
    assert api.status_code == 400
    assert any(e["field"] == "q" and "标点" in e["message"] for e in api.json()["errors"])
    too_long = client_for(world.officer).get(API, {"q": "占" * 201})
    assert too_long.status_code == 400 and "过长" in str(too_long.json())


def count(client, url, q) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"q": q}).status_code == 200
    return len(queries)


def test_searching_costs_the_same_statements_for_few_and_many_matches(cases, world, login, client_for):
    web, api = login(world.officer), client_for(world.officer)
    q = "城关镇 陈某"
    count(web, LIST, q)  # warms the per-process caches
    few = (count(web, LIST, q), count(api, API, q))
    for _ in range(4):
        issued(world, b.filed(world), "sd_hz", "城关镇综执送〔2026〕1号")
    assert len(web_ids(web, q)) == 5
    assert (count(web, LIST, q), count(api, API, q)) == few
