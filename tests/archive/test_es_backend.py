"""The Elasticsearch backend without a server: mapping, documents, bulk payloads, the query with its permission
filter, aliases. (The live contract run is in test_backend_contract.py, skipped without ELASTICSEARCH_URL.)"""

import datetime as dt
from decimal import Decimal

from casemgmt.archive.backends import Scope, SearchRequest
from casemgmt.archive.backends.es import (
    ElasticsearchBackend,
    build_search,
    bulk_actions,
    document,
    mapping,
)
from casemgmt.archive.query import parse_query
from tests.archive.helpers import entry

E = entry(
    5,
    units=(11, 12),
    number="城关镇罚〔2026〕12号",
    id_number="110101199003077571",
    facts="当事人在人民路占道经营",
    fine="500",
    officers=(7,),
)


def test_the_mapping_needs_no_plugin_and_is_strict():
    m = mapping()
    analyzer = m["settings"]["analysis"]["analyzer"]["case_tokens"]
    assert analyzer == {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
    props = m["mappings"]["properties"]
    assert m["mappings"]["dynamic"] == "strict"
    assert props["grams"]["analyzer"] == "case_tokens" and props["grams"]["position_increment_gap"] >= 100
    assert props["identifiers"]["type"] == "wildcard"
    assert props["unit_ids"]["type"] == "long"
    assert set(document(E)) <= set(props)


def test_a_document_carries_segmented_text_units_and_facets():
    doc = document(E)
    assert doc["unit_ids"] == [11, 12]
    assert doc["officer"] == ["7"] and doc["penalty"] == ["fine"]
    assert "占道 道经 经营" in " ".join(doc["grams"])
    assert doc["key_grams"][0].startswith("城关 关镇 镇罚 罚 2026 12 号")
    assert doc["decided_on"] == "2026-03-20" and doc["fine_amount"] == 500.0
    assert doc["archived"] is True


def test_bulk_payloads_index_one_document_per_case_by_id():
    actions = list(bulk_actions([E], index="casemgmt-cases-1"))
    assert actions == [{"_op_type": "index", "_index": "casemgmt-cases-1", "_id": "5", "_source": document(E)}]


def query_of(request, scope):
    return build_search(request, scope=scope, index="casemgmt-cases").to_dict()


def test_the_permission_filter_is_inside_the_query():
    body = query_of(SearchRequest(terms=parse_query("占道")), Scope(unit_ids=frozenset({12, 11})))
    assert {"terms": {"unit_ids": [11, 12]}} in body["query"]["bool"]["filter"]
    # Aggregations run over the same filtered query: there is no global aggregation or post_filter.
    assert "post_filter" not in body and all("global" not in agg for agg in body["aggs"].values())


def test_an_empty_scope_matches_nothing_and_everything_has_no_unit_filter():
    assert {"match_none": {}} in query_of(SearchRequest(), Scope())["query"]["bool"]["filter"]
    body = query_of(SearchRequest(), Scope(everything=True))
    assert not any("unit_ids" in str(f) for f in body["query"]["bool"].get("filter", []))


def test_every_term_must_match_as_a_phrase():
    must = query_of(SearchRequest(terms=parse_query("人民路 占道")), Scope(everything=True))["query"]["bool"]["must"]
    assert must == [
        {"match_phrase": {"grams": {"query": "人民 民路", "boost": 1.0}}},
        {"match_phrase": {"grams": {"query": "占道", "boost": 1.0}}},
    ]


def test_identifiers_match_as_prefix_or_substring_and_single_characters_as_prefix():
    must = query_of(SearchRequest(terms=parse_query("9900307 罚")), Scope(everything=True))["query"]["bool"]["must"]
    assert must[0]["bool"]["should"][1] == {"wildcard": {"identifiers": {"value": "*9900307*", "boost": 1.0}}}
    assert must[1] == {"match_phrase_prefix": {"grams": {"query": "罚", "boost": 1.0, "max_expansions": 1000}}}


def test_filters_dates_fines_sorting_paging_and_facets():
    request = SearchRequest(
        filters={"archived": [True], "procedure": ["ordinary"], "unit": [11]},
        dates={"decided_on": (dt.date(2026, 1, 1), None)},
        fine_min=Decimal("100"),
        sort="-fine_amount",
        page=3,
        page_size=20,
    )
    body = query_of(request, Scope(everything=True))
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"archived": [True]}} in filters
    assert {"terms": {"procedure": ["ordinary"]}} in filters
    assert {"terms": {"handling_unit_id": [11]}} in filters
    assert {"range": {"decided_on": {"gte": "2026-01-01"}}} in filters
    assert {"range": {"fine_amount": {"gte": 100.0}}} in filters
    assert body["sort"][0] == {"fine_amount": {"order": "desc", "missing": "_last"}}
    assert (body["from"], body["size"]) == (40, 20)
    assert body["aggs"]["penalty"] == {"terms": {"field": "penalty", "size": 100}}
    assert body["track_total_hits"] is True


def test_a_rebuild_swaps_the_alias_atomically():
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", index="casemgmt-cases")
    assert backend.alias_actions("casemgmt-cases-2", ["casemgmt-cases-1"]) == [
        {"remove": {"index": "casemgmt-cases-1", "alias": "casemgmt-cases"}},
        {"add": {"index": "casemgmt-cases-2", "alias": "casemgmt-cases"}},
    ]
    assert backend.new_index_name().startswith("casemgmt-cases-")


class RecordingIndices:
    """Records the index-management calls a rebuild makes (no server here; the live run is the contract suite)."""

    def __init__(self, live: list[str]):
        self.live, self.calls = live, []

    def create(self, **kw):
        self.calls.append(("create", kw["index"]))

    def refresh(self, **kw):
        self.calls.append(("refresh", kw["index"]))

    def exists_alias(self, **kw):
        return bool(self.live)

    def get_alias(self, **kw):
        return {name: {"aliases": {kw["name"]: {}}} for name in self.live}

    def update_aliases(self, **kw):
        self.calls.append(("update_aliases", kw["actions"]))

    def delete(self, **kw):
        self.calls.append(("delete", kw["index"]))


class RecordingClient:
    def __init__(self, live):
        self.indices = RecordingIndices(live)


def test_a_rebuild_fills_a_new_index_then_moves_the_alias_in_one_call_and_deletes_the_old():
    client = RecordingClient(["casemgmt-cases-1"])
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", index="casemgmt-cases", client=client)
    new = backend.create_generation()
    assert new.startswith("casemgmt-cases-") and client.indices.calls == [("create", new)]
    assert backend.switch_to(new) == ["casemgmt-cases-1"]
    assert client.indices.calls[1:] == [
        ("refresh", new),
        (
            "update_aliases",
            [
                {"remove": {"index": "casemgmt-cases-1", "alias": "casemgmt-cases"}},
                {"add": {"index": new, "alias": "casemgmt-cases"}},
            ],
        ),
        ("delete", "casemgmt-cases-1"),  # only after the alias has moved
    ]


def test_the_first_rebuild_adds_the_alias_without_removing_anything():
    client = RecordingClient([])
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", index="casemgmt-cases", client=client)
    assert backend.switch_to("casemgmt-cases-2") == []
    assert ("update_aliases", [{"add": {"index": "casemgmt-cases-2", "alias": "casemgmt-cases"}}]) in (
        client.indices.calls
    )
