"""The query language against a real index: 文号 in any typed form, words (AND) and phrases, engine syntax typed by
the user, on the embedded backend of the database the run uses (SQLite FTS5; PostgreSQL tsquery with
DATABASE_URL) and, as query building, on Elasticsearch. The archive search page marks the matches, escaped."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from casemgmt.archive.backends import Scope, SearchRequest
from casemgmt.archive.backends.db import EmbeddedBackend
from casemgmt.archive.backends.es import build_search
from casemgmt.archive.models import IndexTask
from casemgmt.archive.query import parse_query
from tests.archive.helpers import entry
from tests.archive.test_query import VARIANTS

EVERYTHING = Scope(everything=True)
CASE_NUMBER = "城关镇罚〔2026〕12号"
# A 文号 class whose pattern pads the serial and prints 第 ({prefix}{code}〔{year}〕第{seq:03d}号).
PADDED = "城关镇综执罚决〔2026〕第007号"


@pytest.fixture
def index(db):
    backend = EmbeddedBackend()
    backend.index(
        [
            entry(
                1,
                units=(101,),
                number=CASE_NUMBER,
                party="陈某",
                facts="当事人在人民路占道经营，经责令改正拒不改正。",
                documents=((PADDED, "决定对当事人罚款伍佰元。"),),
            ),
            entry(2, units=(101,), number="城关镇罚〔2026〕120号", party="王某", facts="城关镇东街占道堆放杂物。"),
            entry(3, units=(202,), number="河西镇罚〔2026〕12号", party="赵某", cause="违规设置户外广告"),
            entry(4, units=(101,), number="城关镇罚〔2025〕12号", party="钱某", facts="经营早餐摊点，占用人行道。"),
        ]
    )
    return backend


def ids(backend, q, scope=EVERYTHING):
    return sorted(backend.search(SearchRequest(terms=parse_query(q)), scope=scope).case_ids)


@pytest.mark.parametrize("typed", VARIANTS)
def test_a_case_number_is_found_however_it_is_typed(index, typed):
    assert ids(index, typed) == [1]


@pytest.mark.parametrize(
    "typed",
    [
        "城关镇综执罚决〔2026〕7号",
        "城关镇综执罚决〔2026〕第7号",
        "城关镇综执罚决〔2026〕007号",
        "城关镇综执罚决(2026)第007号",
        "城关镇综执罚决（２０２６）７号",
        "城关镇综执罚决【2026】07号",
        "城关镇综执罚决 [2026] 第 7 号",
        "（2026）第7号",
    ],
)
def test_a_padded_document_number_is_found_however_it_is_typed(index, typed):
    assert ids(index, typed) == [1]


def test_a_number_does_not_find_another_serial_year_or_subject(index):
    assert ids(index, "城关镇罚〔2026〕13号") == []
    assert ids(index, "城关镇罚〔2026〕120号") == [2]
    assert ids(index, "城关镇罚(2025)第12号") == [4]
    assert ids(index, "河西镇罚（2026）012号") == [3]


def test_several_words_must_all_match(index):
    assert ids(index, "占道") == [1, 2]
    assert ids(index, "占道 城关") == [1, 2]
    assert ids(index, "占道 人民路") == [1]
    assert ids(index, "占道拒不改正") == [1]  # 占道 + 拒不 + 改正, segmented as the index is
    assert ids(index, "占道 广告") == []
    assert ids(index, "占道，陈某") == [1]


def test_a_quoted_phrase_must_match_as_written(index):
    assert ids(index, '"人民路占道"') == [1]
    assert ids(index, "“东街占道”") == [2]
    assert ids(index, "「占道人民路」") == []
    assert ids(index, '"占道" "早餐"') == []


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ('"占道', [1, 2]),  # an unbalanced quote is punctuation
        ('占道"', [1, 2]),
        ("“占道 人民路", [1]),
        ("占道*", [1, 2]),
        ("(占道", [1, 2]),
        ("占道)", [1, 2]),
        ("占道 AND 人民路", []),  # operator words are words the text must contain
        ("占道 OR 广告", []),
        ("NOT 占道", []),
        ("NEAR(占道 人民路)", []),
        ("占道 -广告", []),  # no exclusion: 广告 is required
        ("facts:占道", []),  # no column filter: facts is a word
        ("^占道", [1, 2]),
        ("占道~2", []),  # 占道 followed by the number 2
        ("'占道'", [1, 2]),
        ("占道\\", [1, 2]),
        ("占道 &&", [1, 2]),
        ("\x00占道", [1, 2]),
        ('"人民路 占道"', []),  # a quoted phrase across a space is contiguous text
    ],
)
def test_engine_syntax_typed_by_the_user_is_searched_as_text(index, q, found):
    assert ids(index, q) == found


def test_the_scope_still_limits_every_query(index):
    assert ids(index, "城关镇罚〔2026〕12号", scope=Scope(unit_ids=frozenset({202}))) == []
    assert ids(index, "河西镇罚〔2026〕12号", scope=Scope(unit_ids=frozenset({101}))) == []


# --- Elasticsearch: the same terms become the same phrases (no server needed) --------------------------------------


def es_must(q):
    body = build_search(SearchRequest(terms=parse_query(q)), scope=EVERYTHING, index="x").to_dict()
    return body["query"]["bool"]["must"]


@pytest.mark.parametrize("typed", VARIANTS)
def test_elasticsearch_gets_the_normalised_number_as_one_exact_phrase(typed):
    assert es_must(typed) == [{"match_phrase": {"grams": {"query": "城关 关镇 镇罚 罚 2026 12", "boost": 1.0}}}]


def test_elasticsearch_gets_each_word_and_phrase_and_no_user_syntax():
    must = es_must('占道 "人民路占道" AND*')
    assert must[:2] == [
        {"match_phrase": {"grams": {"query": "占道", "boost": 1.0}}},
        {"match_phrase": {"grams": {"query": "人民 民路 路占 占道", "boost": 1.0}}},
    ]
    assert must[2]["bool"]["should"] == [
        {"match_phrase_prefix": {"grams": {"query": "and", "boost": 1.0, "max_expansions": 1000}}},
        {"wildcard": {"identifiers": {"value": "*and*", "boost": 1.0}}},
    ]


# --- the page: matches marked, indexed text escaped ----------------------------------------------------------------


def test_the_search_page_marks_matches_and_escapes_indexed_markup(world):
    EmbeddedBackend().index(
        [
            entry(
                900,
                units=(world.brigade.pk,),
                number=CASE_NUMBER,
                party="<script>alert(1)</script>陈某",
                facts='当事人在人民路占道经营<img src=x onerror="alert(2)">。',
            )
        ]
    )
    client = Client()
    client.force_login(world.officer.user)
    page = client.get(reverse("archive:search"), {"q": "占道 陈某"}).content.decode()
    assert "<mark>占道</mark>" in page and "<mark>陈某</mark>" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>陈某</mark>" in page
    number = client.get(reverse("archive:search"), {"q": "城关镇罚（2026）第012号"}).content.decode()
    assert f"<mark>{CASE_NUMBER}</mark>" in number
    outsider = Client()
    outsider.force_login(world.outsider.user)
    elsewhere = outsider.get(reverse("archive:search"), {"q": "占道 陈某"}).content.decode()
    assert CASE_NUMBER not in elsewhere and "<mark>" not in elsewhere


def test_an_unusable_query_is_a_400_in_chinese(world):
    client = Client()
    client.force_login(world.officer.user)
    response = client.get(reverse("archive:search"), {"q": '"()"'})
    assert response.status_code == 400 and "检索词只含标点或符号" in response.content.decode()


# --- existing indexes -------------------------------------------------------------------------------------------


def test_the_migration_queues_cases_indexed_with_padded_or_第_numbers_for_reindexing(index):
    migration = __import__("casemgmt.archive.migrations.0006_reindex_padded_document_numbers", fromlist=["queue_cases"])
    migration.queue_cases(apps, None)
    assert sorted(IndexTask.objects.values_list("case_id", flat=True)) == [1]
