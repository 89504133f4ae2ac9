"""Elasticsearch backend (ELASTICSEARCH_URL), via elasticsearch-dsl.

Chinese analysis needs no plugin: the text is segmented at index time by ``casemgmt.archive.segment`` (Han
bigrams plus a run-final character, letter/digit runs) — exactly the tokens of the embedded index — and stored in a
``whitespace`` analysed field, so every backend answers the same query alike. Identifiers are a ``wildcard`` field
for substring matches. The application reads an alias; ``rebuild`` fills a fresh index behind it and swaps the
alias atomically (zero-downtime reindexing). Permission filtering is a ``terms`` filter on the units that may
see the case, inside the query, so hits, totals and aggregations never include other units' cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.dsl import Q, Search
from elasticsearch.helpers import bulk

from ..entries import KEY_KINDS, IndexEntry, chunks, part_text
from ..query import Term
from ..segment import token_text
from .base import FACETS, Scope, SearchBackend, SearchRequest, SearchResult, SearchUnavailable, facet_value

KEY_BOOST = 10
FACET_SIZE = 100
ES_ERRORS = (ApiError, TransportError, ESConnectionError, OSError)

KEYWORD_FIELDS = ("status", "procedure", "matter_code", "field", "outcome", "fine_band", "discretion_tier")
FLAG_FIELDS = ("archived", "hearing_held", "legal_review", "transition")


def mapping() -> dict:
    """Index settings and mappings (also what the tests check)."""
    properties = {
        "case_id": {"type": "long"},
        "subject_id": {"type": "long"},
        "handling_unit_id": {"type": "long"},
        "unit_ids": {"type": "long"},
        "officer": {"type": "keyword"},
        "penalty": {"type": "keyword"},
        "number": {"type": "keyword"},
        "identifiers": {"type": "wildcard"},
        "grams": {
            "type": "text",
            "analyzer": "case_tokens",
            "position_increment_gap": 100,
            "index_options": "positions",
        },
        "key_grams": {"type": "text", "analyzer": "case_tokens", "position_increment_gap": 100},
        "filed_on": {"type": "date"},
        "decided_on": {"type": "date"},
        "closed_on": {"type": "date"},
        "fine_amount": {"type": "scaled_float", "scaling_factor": 100},
        **{name: {"type": "keyword"} for name in KEYWORD_FIELDS},
        **{name: {"type": "boolean"} for name in FLAG_FIELDS},
    }
    return {
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                # The text arrives segmented (see casemgmt.archive.segment): split on spaces, nothing else.
                "analyzer": {"case_tokens": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}}
            },
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def document(entry: IndexEntry) -> dict:
    """The Elasticsearch document of one case."""
    c = entry.columns
    doc = {
        "case_id": entry.case_id,
        "subject_id": c["subject_id"],
        "handling_unit_id": c["handling_unit_id"],
        "unit_ids": entry.unit_ids,
        "officer": [v for f, v in entry.tags if f == "officer"],
        "penalty": [v for f, v in entry.tags if f == "penalty"],
        "number": c["number"],
        "identifiers": c["identifiers"].lower(),
        "grams": [token_text(chunk) for p in entry.parts for chunk in chunks(part_text(p))],
        "key_grams": [token_text(part_text(p)) for p in entry.parts if p.kind in KEY_KINDS],
        "filed_on": c["filed_on"],
        "decided_on": c["decided_on"],
        "closed_on": c["closed_on"],
        "fine_amount": float(c["fine_amount"]),
        **{name: c[name] for name in KEYWORD_FIELDS},
        **{name: bool(c[name]) for name in FLAG_FIELDS},
    }
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in doc.items()}


def bulk_actions(entries: Iterable[IndexEntry], *, index: str) -> Iterator[dict]:
    for entry in entries:
        yield {"_op_type": "index", "_index": index, "_id": str(entry.case_id), "_source": document(entry)}


def term_query(term: Term, *, field: str = "grams", boost: float = 1.0) -> Q:
    phrase = " ".join(term.phrase_tokens())
    kind = "match_phrase_prefix" if term.prefix else "match_phrase"
    options = {"query": phrase, "boost": boost}
    if term.prefix:
        options["max_expansions"] = 1000
    clause = Q(kind, **{field: options})
    if term.is_identifier and field == "grams":
        clause = clause | Q("wildcard", identifiers={"value": f"*{term.runs[0]}*", "boost": boost})
    return clause


def permission_filter(scope: Scope) -> Q | None:
    if scope.everything:
        return None
    if scope.empty:
        return Q("match_none")
    return Q("terms", unit_ids=sorted(scope.unit_ids))


FACET_FIELDS = {
    "unit": "handling_unit_id",
    "subject": "subject_id",
    "matter": "matter_code",
    "field": "field",
    "officer": "officer",
    "procedure": "procedure",
    "penalty": "penalty",
    "fine_band": "fine_band",
    "hearing": "hearing_held",
    "review": "legal_review",
    "tier": "discretion_tier",
    "outcome": "outcome",
    "transition": "transition",
    "archived": "archived",
}


def build_search(request: SearchRequest, *, scope: Scope, index: str) -> Search:
    """The search for ``request`` within ``scope``: every term must match, filters and the permission filter are
    non-scoring filters, facets are terms aggregations over the same filtered set."""
    must = [term_query(t) for t in request.terms]
    should = [term_query(t, field="key_grams", boost=KEY_BOOST) for t in request.terms]
    filters = []
    allowed = permission_filter(scope)
    if allowed is not None:
        filters.append(allowed)
    for name, values in request.filters.items():
        if values:
            filters.append(
                Q("terms", **{FACET_FIELDS[name]: [v if isinstance(v, bool | int) else str(v) for v in values]})
            )
    for column, (start, end) in request.dates.items():
        bounds = {k: v.isoformat() for k, v in (("gte", start), ("lte", end)) if v}
        filters.append(Q("range", **{column: bounds}))
    fine = {k: float(v) for k, v in (("gte", request.fine_min), ("lte", request.fine_max)) if v is not None}
    if fine:
        filters.append(Q("range", fine_amount=fine))
    query = Q("bool", must=must or [Q("match_all")], should=should, filter=filters)
    search = Search(index=index).query(query).extra(track_total_hits=True).source(False)
    if request.sort == "relevance":
        search = search.sort("_score", {"decided_on": {"order": "desc", "missing": "_last"}}, {"case_id": "desc"})
    else:
        column = request.sort.lstrip("-")
        order = "desc" if request.sort.startswith("-") else "asc"
        search = search.sort({column: {"order": order, "missing": "_last"}}, {"case_id": "desc"})
    search = search[request.offset : request.offset + request.page_size]
    if request.with_facets:
        for name, column in FACET_FIELDS.items():
            search.aggs.bucket(name, "terms", field=column, size=FACET_SIZE)
    return search


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    label = "Elasticsearch"

    def __init__(self, *, url: str, index: str, client: Elasticsearch | None = None):
        self.url = url
        self.alias = index
        self.client = client or Elasticsearch(url, request_timeout=10, retry_on_timeout=False, max_retries=1)

    # --- index management -------------------------------------------------------------------------------------
    def new_index_name(self) -> str:
        return f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"

    def ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self.new_index_name()
            self.client.indices.create(index=name, **mapping())
            self.client.indices.put_alias(index=name, name=self.alias)

    def alias_actions(self, new: str, old: list[str]) -> list[dict]:
        """One atomic alias update: readers switch from the old indexes to the new one at once."""
        return [{"remove": {"index": o, "alias": self.alias}} for o in old] + [
            {"add": {"index": new, "alias": self.alias}}
        ]

    def create_generation(self) -> str:
        """A fresh concrete index for a rebuild; the alias keeps pointing at the live one."""
        name = self.new_index_name()
        self.client.indices.create(index=name, **mapping())
        return name

    def write_generation(self, name: str, entries: Iterable[IndexEntry]) -> None:
        self._bulk(entries, index=name)

    def delete_from(self, name: str, case_ids: Iterable[int]) -> None:
        actions = ({"_op_type": "delete", "_index": name, "_id": str(pk)} for pk in case_ids)
        bulk(self.client, actions, raise_on_error=False)

    def refresh(self, name: str) -> None:
        self.client.indices.refresh(index=name)

    def drop_generation(self, name: str) -> None:
        self.client.indices.delete(index=name, ignore_unavailable=True)

    def live_indexes(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).keys())

    def switch_to(self, name: str) -> list[str]:
        """Point the alias at ``name`` in one atomic ``update_aliases`` (remove + add), then delete the indexes
        it pointed at. Returns the deleted indexes."""
        self.refresh(name)
        old = [o for o in self.live_indexes() if o != name]
        self.client.indices.update_aliases(actions=self.alias_actions(name, old))
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return old

    def rebuild(self, batches: Iterable[list[IndexEntry]]) -> str:
        """Fill a fresh index and swap the alias to it; the old index serves until the swap, then is deleted.
        (``casemgmt.archive.generations.Rebuild`` drives this step by step, with the journal replay.)"""
        new = self.create_generation()
        for entries in batches:
            self.write_generation(new, entries)
        self.switch_to(new)
        return new

    def _bulk(self, entries: Iterable[IndexEntry], *, index: str) -> None:
        bulk(self.client, bulk_actions(entries, index=index), refresh=False)

    # --- the backend interface -------------------------------------------------------------------------------
    def index(self, entries: Iterable[IndexEntry]) -> None:
        from .. import store

        entries = list(entries)
        store.write_docs(entries, fulltext=False)  # rows for display, snippets and export
        self.ensure_index()
        self._bulk(entries, index=self.alias)
        self.client.indices.refresh(index=self.alias)

    def delete(self, case_ids: Iterable[int]) -> None:
        from .. import store

        ids = list(case_ids)
        store.delete_docs(ids, fulltext=False)
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids)
        bulk(self.client, actions, raise_on_error=False)

    def ping(self) -> None:
        try:
            ok = self.client.ping()
        except ES_ERRORS:
            ok = False
        if not ok:
            raise SearchUnavailable("检索服务（Elasticsearch）暂时无法连接，请稍后再试；案件办理不受影响")

    def all_ids(self, request: SearchRequest, *, scope: Scope, batch: int = 1_000) -> list[int]:
        """Every match, batch by batch with ``search_after`` on the sort (which ends on case_id, so it is total):
        from/size stops at the index's max_result_window (10,000)."""
        page = dataclasses.replace(request, page=1, page_size=batch, with_facets=False)
        ids: list[int] = []
        after = None
        while True:
            search = build_search(page, scope=scope, index=self.alias)
            if after is not None:
                search = search.extra(search_after=after)
            try:
                hits = list(search.using(self.client).execute().hits)
            except ES_ERRORS as exc:
                raise SearchUnavailable("检索服务（Elasticsearch）暂时无法连接，请稍后再试；案件办理不受影响") from exc
            ids += [int(hit.meta.id) for hit in hits]
            if len(hits) < batch:
                return ids
            after = list(hits[-1].meta.sort)

    def search(self, request: SearchRequest, *, scope: Scope) -> SearchResult:
        search = build_search(request, scope=scope, index=self.alias)
        try:
            response = search.using(self.client).execute()
        except ES_ERRORS as exc:
            raise SearchUnavailable("检索服务（Elasticsearch）暂时无法连接，请稍后再试；案件办理不受影响") from exc
        ids = [int(hit.meta.id) for hit in response.hits]
        facets = {}
        if request.with_facets and "aggregations" in response.to_dict():
            for name in FACETS:
                buckets = response.aggregations[name].buckets
                facets[name] = [(_bucket_value(b), b.doc_count) for b in buckets]
        return SearchResult(total=response.hits.total.value, case_ids=ids, facets=facets)


def _bucket_value(bucket) -> str:
    key = bucket.key
    if hasattr(bucket, "key_as_string") and bucket.key_as_string in ("true", "false"):
        return "1" if bucket.key_as_string == "true" else "0"
    return facet_value("", key)
