"""The embedded backend: full text in the database (FTS5 on SQLite; on PostgreSQL a tsvector per case row with
GIN — plus RUM for broad phrases when installed — and pg_trgm); filters, facets and sorting are plain SQL over
``SearchDoc`` restricted to the user's units first, answered in one statement (``run_search``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import BooleanField, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .. import store
from ..models import SearchDoc, SearchTag
from ..query import Term
from .base import FACETS, Scope, SearchBackend, SearchRequest, SearchResult


def _fts5_expr(term: Term) -> str:
    toks = term.phrase_tokens()
    return '"' + " ".join(toks) + '"' + (" *" if term.prefix else "")


def _tsquery(term: Term) -> str:
    toks = [f"'{t}'" for t in term.phrase_tokens()]
    if term.prefix:
        toks[-1] += ":*"
    return " <-> ".join(toks)


def term_sql(term: Term, *, key_only: bool = False) -> tuple[str, list]:
    """SQL selecting the ids of cases that contain ``term`` (in their key texts only when ``key_only``)."""
    if connection.vendor == "sqlite":
        expr = _fts5_expr(term)
        sql = "SELECT rowid FROM archive_fts WHERE archive_fts MATCH %s"
        params: list = [f"key : {expr}" if key_only else expr]
        if term.is_identifier:
            sql += " UNION SELECT rowid FROM archive_ident WHERE identifiers LIKE %s"
            params.append(f"%{term.runs[0]}%")
        return sql, params
    if connection.vendor == "postgresql":
        if key_only:
            return "SELECT s.doc_id FROM archive_searchsegment s WHERE s.key AND s.tsv @@ %s::tsquery", [_tsquery(term)]
        main, params = pg_doc_match(term)
        overflow = "SELECT s.doc_id FROM archive_searchsegment s WHERE NOT s.key AND s.tsv @@ %s::tsquery"
        sql = f"SELECT case_id FROM archive_searchdoc WHERE {main} UNION {overflow}"  # noqa: S608
        return sql, [*params, _tsquery(term)]
    raise NotImplementedError(f"no embedded full-text index for {connection.vendor}")


# --- PostgreSQL: one main tsvector per case on its SearchDoc row -------------------------------------------

RUM_PROBE = 2000  # a phrase whose words all occur together in this many cases is matched through RUM


def pg_doc_match(term: Term, *, rum: bool = False) -> tuple[str, list]:
    """A condition on ``archive_searchdoc`` rows: the case's main tsvector contains ``term`` (or, for numbers
    and ID codes, its identifiers contain it as a substring). ``rum`` words the condition so that only the RUM
    index can answer it (``store.RUM_EXPRESSION``)."""
    column = f"setweight({SearchDoc._meta.db_table}.tsv, 'D')" if rum else f"{SearchDoc._meta.db_table}.tsv"
    sql, params = f"{column} @@ %s::tsquery", [_tsquery(term)]
    if term.is_identifier:
        sql = f"({sql} OR {SearchDoc._meta.db_table}.identifiers ILIKE %s)"
        params.append(f"%{term.runs[0]}%")
    return sql, params


def _rum_pays(cur, term: Term) -> bool:
    """Whether a phrase is better matched through RUM: GIN knows which cases contain all of a phrase's words
    but not where, so each such case's tsvector is read to check their positions — fast when few cases have
    them all (a case number), slow when most do (boilerplate such as 责令限期改正). Probe GIN for that number."""
    toks = term.phrase_tokens()
    if len(toks) < 2:
        return False
    query = " & ".join(f"'{t}'" for t in toks) + (":*" if term.prefix else "")
    cur.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM archive_searchdoc WHERE tsv @@ %s::tsquery LIMIT %s) x",
        [query, RUM_PROBE],
    )
    return cur.fetchone()[0] >= RUM_PROBE


def pg_match_branches(docs: QuerySet[SearchDoc], terms: list[Term]) -> list[QuerySet[SearchDoc]]:
    """``docs`` containing every term, as querysets whose union is the answer: cases whose main tsvector has
    them all (one indexed scan of ``archive_searchdoc``) and, apart, the few cases with overflow segments."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        rum = store.has_rum_index(cur)
        conditions = [pg_doc_match(t, rum=rum and _rum_pays(cur, t)) for t in terms]
    main = docs
    for sql, params in conditions:
        main = main.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611 - constant SQL
    overflow = docs.filter(has_overflow=True)
    for term, (sql, params) in zip(terms, conditions, strict=True):
        segment = "SELECT s.doc_id FROM archive_searchsegment s WHERE NOT s.key AND s.tsv @@ %s::tsquery"
        overflow = overflow.filter(
            Q(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611 - constant SQL
            | Q(pk__in=RawSQL(segment, [_tsquery(term)]))  # noqa: S611 - constant SQL
        )
    everywhere = " AND ".join(sql for sql, _params in conditions)
    overflow = overflow.exclude(
        RawSQL(everywhere, [p for _sql, params in conditions for p in params], output_field=BooleanField())  # noqa: S611
    )
    return [main, overflow]


def scoped(scope: Scope) -> QuerySet[SearchDoc]:
    docs = SearchDoc.objects.all()
    if scope.everything:
        return docs
    if scope.empty:
        return docs.none()
    visible = SearchTag.objects.filter(facet="unit", value__in=[str(u) for u in scope.unit_ids]).values("doc_id")
    return docs.filter(pk__in=visible)


def apply_filters(docs: QuerySet[SearchDoc], request: SearchRequest, *, skip: str | None = None) -> QuerySet:
    for name, values in request.filters.items():
        if name == skip or not values:
            continue
        _label, column, is_tag = FACETS[name]
        if is_tag:
            docs = docs.filter(
                pk__in=SearchTag.objects.filter(facet=column, value__in=[str(v) for v in values]).values("doc_id")
            )
        else:
            docs = docs.filter(**{f"{column}__in": values})
    for column, (start, end) in request.dates.items():
        if start:
            docs = docs.filter(**{f"{column}__gte": start})
        if end:
            docs = docs.filter(**{f"{column}__lte": end})
    if request.fine_min is not None:
        docs = docs.filter(fine_amount__gte=request.fine_min)
    if request.fine_max is not None:
        docs = docs.filter(fine_amount__lte=request.fine_max)
    return docs


def match_branches(docs: QuerySet[SearchDoc], terms: list[Term]) -> list[QuerySet[SearchDoc]]:
    """``docs`` containing every term, as disjoint querysets whose union is the answer."""
    if terms and connection.vendor == "postgresql":
        return pg_match_branches(docs, terms)
    return [text_filter(docs, terms)]


def text_filter(docs: QuerySet[SearchDoc], terms: list[Term]) -> QuerySet[SearchDoc]:
    """``docs`` containing every term, as one queryset (``match_branches`` is the fast path on PostgreSQL)."""
    for term in terms:
        sql, params = term_sql(term)
        docs = docs.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - constant SQL, bound params
    return docs


def _sort(request: SearchRequest) -> tuple[str, str]:
    """The column sorted on (``k2``) and the ORDER BY over (k1, k2, pk) for the requested sort. Relevance is
    field-weighted: ``k1`` counts the terms found in the case's key texts (case number, parties, 案由), so a
    case named by the query comes before one that only mentions it in its body; ties go to the most recent
    decision."""
    if request.sort == "relevance":
        order = "k2 DESC NULLS LAST, pk DESC"
        return "decided_on", ("k1 DESC, " + order) if request.terms else order
    direction = "DESC" if request.sort.startswith("-") else "ASC"
    return request.sort.lstrip("-"), f"k2 {direction} NULLS LAST, pk DESC"


def _key_score(terms: list[Term]) -> tuple[str, list]:
    """SQL counting the terms found in a case's key texts (an expression over an ``archive_searchdoc`` row):
    each term's key matches are computed once and hashed."""
    table = SearchDoc._meta.db_table
    parts, params = [], []
    for term in terms:
        sql, term_params = term_sql(term, key_only=True)
        parts.append(f"(CASE WHEN {table}.case_id IN ({sql}) THEN 1 ELSE 0 END)")
        params += term_params
    return " + ".join(parts) or "0", params


def run_search(
    docs: QuerySet[SearchDoc] | list[QuerySet[SearchDoc]], request: SearchRequest, *, with_facets: bool = True
) -> tuple[int, list[int], dict[str, list[tuple[str, int]]]]:
    """Total, the ids of the requested page and every facet's counts in one statement. The matching cases
    (``docs``, or the disjoint branches of ``match_branches``) are computed once (a materialised CTE); facets
    group them by their facet and tag combinations — a few thousand small dimension rows whatever the number
    of hits — summed per facet value; the page is the top of the same rows."""
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS} if with_facets else {}
    branches = [b for b in (docs if isinstance(docs, list) else [docs]) if not b.query.is_empty()]
    if not branches:
        return 0, [], facets
    column, order = _sort(request)
    score, score_params = _key_score(request.terms if "k1" in order else [])
    inners, params = [], []
    for branch in branches:
        keyed = branch.annotate(
            k1=RawSQL(score, score_params, output_field=IntegerField()),  # noqa: S611 - constant SQL
            k2=F(column),
        ).order_by()
        keyed = keyed.values_list("pk", "facet_combo_id", "tag_combo_id", "k1", "k2")
        sql, branch_params = keyed.query.sql_with_params()
        inners.append(f"SELECT * FROM ({sql}) b{len(inners)}")  # noqa: S608 - Django's SQL, bound params
        params += branch_params
    inner = " UNION ALL ".join(inners)
    columns = [column for _label, column, is_tag in FACETS.values() if not is_tag]
    tag_facets = {column: name for name, (_label, column, is_tag) in FACETS.items() if is_tag}
    by_column = {column: name for name, (_label, column, is_tag) in FACETS.items() if not is_tag}
    parts = ["SELECT '', '', SUM(n) FROM g"]
    if with_facets:
        parts += [f"SELECT '{c}', CAST({c} AS TEXT), SUM(n) FROM gc GROUP BY {c}" for c in columns]  # noqa: S608
        facet_list = ", ".join(f"'{c}'" for c in tag_facets)
        parts.append(
            "SELECT v.facet, v.value, SUM(t.n) FROM t "  # noqa: S608
            f"JOIN archive_tagcombovalue v ON v.combo_id = t.tc WHERE v.facet IN ({facet_list}) "
            "GROUP BY v.facet, v.value"
        )
    page_params = []
    if request.page_size:
        parts.append(
            f"SELECT '~page', CAST(pk AS TEXT), ROW_NUMBER() OVER (ORDER BY {order}) FROM "  # noqa: S608
            f"(SELECT pk, k1, k2 FROM m ORDER BY {order} LIMIT %s OFFSET %s) p"
        )
        page_params = [request.page_size, request.offset]
    # Column, facet and sort names are constants; the user's values are bound parameters inside ``inner``.
    groups = (
        "g AS MATERIALIZED (SELECT fc, COUNT(*) AS n FROM m GROUP BY fc), "
        "t AS (SELECT tc, COUNT(*) AS n FROM m GROUP BY tc), "
    )
    sql = (
        f"WITH m(pk, fc, tc, k1, k2) AS MATERIALIZED ({inner}), {groups}"  # noqa: S608
        "gc AS MATERIALIZED (SELECT c.*, g.n FROM g JOIN archive_facetcombo c ON c.id = g.fc) "
        + " UNION ALL ".join(parts)
    )
    params = [*params, *page_params]
    total = 0
    page: list[tuple[int, int]] = []
    with transaction.atomic(), connection.cursor() as cur:
        if request.terms and connection.vendor == "postgresql":
            # Most rows may match a common word: the planner would then scan the table and read every
            # tsvector; the GIN/RUM index answers it without reading them. (JIT off: the penalty on scans
            # inflates costs past the JIT threshold, and compiling takes seconds.)
            cur.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        cur.execute(sql, params)
        for source, value, n in cur.fetchall():
            if source == "":
                total = int(n or 0)
            elif source == "~page":
                page.append((int(n), int(value)))
            elif value not in (None, ""):
                name = by_column.get(source) or tag_facets[source]
                facets[name].append(({"true": "1", "false": "0"}.get(value, value), int(n)))
    for name in facets:
        facets[name].sort(key=lambda vn: (-vn[1], vn[0]))
    return total, [pk for _n, pk in sorted(page)], facets


def facet_counts(docs: QuerySet[SearchDoc]) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The total and every facet's counts of ``docs``."""
    total, _page, facets = run_search(docs, SearchRequest(page_size=0))
    return total, facets


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    @property
    def label(self) -> str:
        return "PostgreSQL 全文索引" if connection.vendor == "postgresql" else "SQLite FTS5 全文索引"

    def index(self, entries: Iterable) -> None:
        store.write_docs(entries, fulltext=True)

    def delete(self, case_ids: Iterable[int]) -> None:
        store.delete_docs(list(case_ids), fulltext=True)

    def matching(self, request: SearchRequest, *, scope: Scope) -> list[QuerySet[SearchDoc]]:
        return match_branches(apply_filters(scoped(scope), request), request.terms)

    def all_ids(self, request: SearchRequest, *, scope: Scope, batch: int = 1_000) -> list[int]:
        # One statement: the ordered ids of every match (the page of run_search, unbounded).
        everything = dataclasses.replace(request, page=1, page_size=2**62, with_facets=False)
        return run_search(self.matching(everything, scope=scope), everything, with_facets=False)[1]

    def search(self, request: SearchRequest, *, scope: Scope) -> SearchResult:
        total, page, facets = run_search(self.matching(request, scope=scope), request, with_facets=request.with_facets)
        return SearchResult(total=total, case_ids=page, facets=facets if total else {})


__all__ = ["EmbeddedBackend", "Q", "scoped"]
