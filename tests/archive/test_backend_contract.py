"""The contract every search backend meets: the embedded index (SQLite FTS5 or PostgreSQL tsvector + pg_trgm,
whichever database the run uses) and Elasticsearch (only with a real server: ELASTICSEARCH_URL)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from casemgmt.archive import store
from casemgmt.archive.backends import Scope, SearchRequest
from casemgmt.archive.backends import db as db_backend
from casemgmt.archive.backends.db import EmbeddedBackend
from casemgmt.archive.query import parse_query
from tests.archive.helpers import entry

OWN, OTHER, COUNTY = 101, 202, 303
EVERYTHING = Scope(everything=True)
OWN_SCOPE = Scope(unit_ids=frozenset({OWN}))
ES_SKIP = (
    "Elasticsearch contract run needs a real server: set ELASTICSEARCH_URL "
    "(none can be installed on this machine, so only the embedded backend ran)"
)


PG_ONLY = "variant of the PostgreSQL index layout: runs only on PostgreSQL"


@pytest.fixture(params=["embedded", "embedded-rum", "embedded-overflow", "elasticsearch"])
def backend(request, db, monkeypatch):
    if request.param.startswith("embedded"):
        if request.param != "embedded" and connection.vendor != "postgresql":
            pytest.skip(PG_ONLY)
        if request.param == "embedded-rum":
            # Every phrase through the RUM index, as broad phrases are on a large archive.
            with connection.cursor() as cur:
                if not store.has_rum_index(cur):
                    pytest.skip("RUM index not installed in this PostgreSQL (apt-get install postgresql-NN-rum)")
            monkeypatch.setattr(db_backend, "RUM_PROBE", 1)
        if request.param == "embedded-overflow":
            # Tiny main tsvectors: most texts go to overflow segments, as a very long case file's would.
            monkeypatch.setattr(store, "SEGMENT_TOKENS", 12)
        yield EmbeddedBackend()
        return
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip(ES_SKIP)
    from casemgmt.archive.backends.es import ElasticsearchBackend

    es = ElasticsearchBackend(url=url, index=f"casemgmt-test-{uuid.uuid4().hex[:8]}")
    yield es
    es.client.indices.delete(index=f"{es.alias}-*", ignore_unavailable=True)


@pytest.fixture
def corpus(backend):
    backend.index(
        [
            entry(
                1,
                units=(OWN,),
                number="城关镇罚〔2026〕12号",
                party="陈某",
                id_number="110101199003077571",
                facts="当事人在人民路占道经营，经责令改正拒不改正。",
                fine="500",
                officers=(7, 8),
                documents=(("城关综执罚决〔2026〕12号", "决定对当事人罚款伍佰元。"),),
            ),
            entry(
                2,
                units=(OWN,),
                number="城关镇罚〔2026〕13号",
                party="示范县某商贸有限公司",
                id_number="91110000MA01ABCD1X",
                cause="违规设置户外广告",
                facts="当事人擅自设置大型户外广告牌，经营，罚款",
                fine="20000",
                hearing=True,
                review=True,
                officers=(7,),
                decided_on=dt.date(2026, 5, 6),
                closed_on=dt.date(2026, 6, 1),
            ),
            entry(
                3,
                units=(OWN, COUNTY),
                number="城关镇立〔2026〕14号",
                party="王小明",
                facts="王小明无照经营早餐摊点",
                archived=False,
                outcome="no_penalty",
                procedure="summary",
                decided_on=None,
                closed_on=None,
                transition=True,
            ),
            entry(
                4,
                units=(OTHER,),
                number="河西镇罚〔2026〕12号",
                party="陈某",
                id_number="110101199003077571",
                facts="当事人在河西街占道经营。",
                fine="800",
            ),
        ]
    )
    return backend


def ids(backend, q="", scope=EVERYTHING, **kw):
    request = SearchRequest(terms=parse_query(q), **kw)
    return backend.search(request, scope=scope).case_ids


def test_two_character_words_match(corpus):
    assert sorted(ids(corpus, "占道")) == [1, 4]
    assert sorted(ids(corpus, "罚款")) == [1, 2]
    assert sorted(ids(corpus, "广告")) == [2]


def test_a_single_character_matches(corpus):
    assert sorted(ids(corpus, "摊")) == [3]
    assert sorted(ids(corpus, "伍")) == [1]


def test_case_numbers_and_document_numbers_match_exactly(corpus):
    assert ids(corpus, "城关镇罚〔2026〕12号") == [1]
    assert ids(corpus, "城关综执罚决〔2026〕12号") == [1]
    assert ids(corpus, "城关镇罚〔2026〕13号") == [2]
    assert ids(corpus, "城关镇罚〔2026〕99号") == []


def test_id_numbers_and_credit_codes_match_whole_as_prefix_and_as_substring(corpus):
    assert sorted(ids(corpus, "110101199003077571")) == [1, 4]
    assert sorted(ids(corpus, "110101")) == [1, 4]
    assert sorted(ids(corpus, "9900307")) == [1, 4]
    assert ids(corpus, "91110000ma01abcd1x") == [2]
    assert ids(corpus, "ABCD1X") == [2]


def test_every_word_of_a_query_must_match(corpus):
    assert ids(corpus, "陈某 人民路") == [1]
    assert ids(corpus, "占道 广告") == []
    assert ids(corpus, "王小明 无照经营") == [3]


def test_a_phrase_matches_only_contiguous_text(corpus):
    assert ids(corpus, '"人民路占道"') == [1]
    assert ids(corpus, '"河西街占道"') == [4]
    # 经营，罚款 in case 2 is not the phrase 经营罚款.
    assert ids(corpus, '"经营罚款"') == []


def test_party_names_match(corpus):
    assert sorted(ids(corpus, "陈某")) == [1, 4]
    assert ids(corpus, "商贸有限公司") == [2]


def test_scope_limits_hits_totals_and_facets(corpus):
    result = corpus.search(SearchRequest(terms=parse_query("占道")), scope=OWN_SCOPE)
    assert result.case_ids == [1]
    assert result.total == 1
    assert dict(result.facets["unit"]) == {str(OWN): 1}
    assert dict(result.facets["archived"]) == {"1": 1}
    everything = corpus.search(SearchRequest(), scope=OWN_SCOPE)
    assert sorted(everything.case_ids) == [1, 2, 3]
    assert str(OTHER) not in dict(everything.facets["unit"])


def test_an_assisting_unit_sees_the_case(corpus):
    assert ids(corpus, "", scope=Scope(unit_ids=frozenset({COUNTY}))) == [3]


def test_an_empty_scope_sees_nothing(corpus):
    result = corpus.search(SearchRequest(terms=parse_query("占道")), scope=Scope())
    assert (result.total, result.case_ids, result.facets) == (0, [], {})


def test_filters(corpus):
    assert sorted(ids(corpus, filters={"archived": [False]})) == [3]
    assert sorted(ids(corpus, filters={"outcome": ["no_penalty"]})) == [3]
    assert sorted(ids(corpus, filters={"procedure": ["summary"]})) == [3]
    assert sorted(ids(corpus, filters={"hearing": [True]})) == [2]
    assert sorted(ids(corpus, filters={"review": [True]})) == [2]
    assert sorted(ids(corpus, filters={"transition": [True]})) == [3]
    assert sorted(ids(corpus, filters={"officer": ["8"]})) == [1]
    assert sorted(ids(corpus, filters={"penalty": ["fine"]})) == [1, 2, 4]
    assert sorted(ids(corpus, filters={"fine_band": ["10k-100k"]})) == [2]
    assert sorted(ids(corpus, filters={"unit": [OTHER]})) == [4]
    assert sorted(ids(corpus, fine_min=Decimal("600"))) == [2, 4]
    assert sorted(ids(corpus, fine_min=Decimal("100"), fine_max=Decimal("600"))) == [1]
    assert sorted(ids(corpus, dates={"decided_on": (dt.date(2026, 5, 1), None)})) == [2]
    assert sorted(ids(corpus, dates={"closed_on": (None, dt.date(2026, 4, 30))})) == [1, 4]
    assert sorted(ids(corpus, "占道", filters={"unit": [OWN]})) == [1]


def test_facet_counts(corpus):
    facets = corpus.search(SearchRequest(), scope=EVERYTHING).facets
    assert dict(facets["outcome"]) == {"penalty": 3, "no_penalty": 1}
    assert dict(facets["officer"]) == {"7": 2, "8": 1}
    assert dict(facets["penalty"]) == {"fine": 3}
    assert dict(facets["archived"]) == {"1": 3, "0": 1}
    assert dict(facets["fine_band"]) == {"lt1k": 2, "10k-100k": 1, "none": 1}


def test_sorting(corpus):
    assert ids(corpus, sort="-fine_amount") == [2, 4, 1, 3]
    assert ids(corpus, sort="fine_amount") == [3, 1, 4, 2]
    assert ids(corpus, sort="-decided_on")[:1] == [2]
    assert ids(corpus, sort="-decided_on")[-1] == 3  # no decision: last


def test_relevance_puts_matches_in_party_and_number_first(corpus):
    # 陈某 is the party of 1 and 4; case 2 mentions nobody: only 1 and 4, both key matches.
    assert ids(corpus, "经营")[-1] in (1, 2, 3, 4)
    assert ids(corpus, "王小明")[0] == 3


def test_pagination_and_a_page_past_the_end(corpus):
    first = corpus.search(SearchRequest(page=1, page_size=3, sort="-fine_amount"), scope=EVERYTHING)
    second = corpus.search(SearchRequest(page=2, page_size=3, sort="-fine_amount"), scope=EVERYTHING)
    assert (first.case_ids, second.case_ids, second.total) == ([2, 4, 1], [3], 4)
    past = corpus.search(SearchRequest(page=9, page_size=3), scope=EVERYTHING)
    assert (past.case_ids, past.total) == ([], 4)


def test_reindexing_replaces_and_deleting_removes(corpus):
    corpus.index([entry(4, units=(OTHER,), number="河西镇罚〔2026〕12号", facts="焚烧秸秆")])
    assert ids(corpus, "占道") == [1]
    assert ids(corpus, "秸秆") == [4]
    corpus.delete([4])
    assert ids(corpus, "秸秆") == []
    assert 4 not in ids(corpus)


def test_a_phrase_deep_inside_a_very_long_text_is_found(backend):
    filler = "执法人员依法进行现场检查并制作笔录。" * 2500  # ~45,000 characters, past every position limit
    backend.index(
        [
            entry(
                9,
                units=(OWN,),
                number="城关镇罚〔2026〕90号",
                documents=(("城关综执罚决〔2026〕90号", filler + "当事人在青年路焚烧秸秆"),),
            )
        ]
    )
    assert ids(backend, '"青年路焚烧秸秆"') == [9]
    assert ids(backend, "城关综执罚决〔2026〕90号") == [9]


def test_a_case_number_does_not_match_a_longer_serial(backend):
    backend.index(
        [
            entry(11, units=(OWN,), number="东坝镇罚〔2026〕12号"),
            entry(12, units=(OWN,), number="东坝镇罚〔2026〕120号"),
        ]
    )
    assert ids(backend, "东坝镇罚〔2026〕12号") == [11]
    assert ids(backend, "东坝镇罚〔2026〕120号") == [12]
