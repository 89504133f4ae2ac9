"""The embedded backend: full text in the database (FTS5 on SQLite, tsvector + pg_trgm on PostgreSQL); filters,
facets and sorting are plain SQL over ``SearchDoc`` restricted to the user's units first."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from .. import store
from ..models import SearchDoc, SearchTag
from ..segment import Term
from .base import FACETS, Scope, SearchBackend, SearchRequest, SearchResult

KEY_WEIGHT = 10


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
        key = " AND s.key" if key_only else ""
        # OFFSET 0 keeps the planner from pulling the match into a per-row filter (detoasting every tsvector
        # of the visible cases); matched once, it is hashed.
        sql = f"SELECT s.doc_id FROM archive_searchsegment s WHERE s.tsv @@ %s::tsquery{key} OFFSET 0"  # noqa: S608
        params = [_tsquery(term)]
        if term.is_identifier:
            sql = f"({sql}) UNION SELECT case_id FROM archive_searchdoc WHERE identifiers ILIKE %s"  # noqa: S608
            params.append(f"%{term.runs[0]}%")
        return sql, params
    raise NotImplementedError(f"no embedded full-text index for {connection.vendor}")


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


def text_filter(docs: QuerySet[SearchDoc], terms: list[Term]) -> QuerySet[SearchDoc]:
    for term in terms:
        sql, params = term_sql(term)
        docs = docs.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - constant SQL, bound params
    return docs


def facet_counts(docs: QuerySet[SearchDoc]) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The total and every facet's counts in one query: the matching cases are computed once (a materialised
    CTE) and grouped per facet column, the multi-valued facets through their tags."""
    if docs.query.is_empty():
        return 0, {}
    columns = [column for _label, column, is_tag in FACETS.values() if not is_tag]
    tag_facets = {column: name for name, (_label, column, is_tag) in FACETS.items() if is_tag}
    inner, params = docs.order_by().values_list("pk", *columns).query.sql_with_params()
    names = ", ".join(["pk", *columns])
    parts = ["SELECT '', '', COUNT(*) FROM m"]
    parts += [f"SELECT '{c}', CAST({c} AS TEXT), COUNT(*) FROM m GROUP BY {c}" for c in columns]  # noqa: S608
    facet_list = ", ".join(f"'{c}'" for c in tag_facets)
    tag_sql = "SELECT t.facet, t.value, COUNT(*) FROM archive_searchtag t WHERE t.facet IN ({}) AND t.doc_id IN "
    parts.append(tag_sql.format(facet_list) + "(SELECT pk FROM m) GROUP BY t.facet, t.value")  # noqa: S608
    # Column and facet names are constants of FACETS; the user's values are bound parameters inside ``inner``.
    sql = f"WITH m({names}) AS MATERIALIZED ({inner}) " + " UNION ALL ".join(parts)  # noqa: S608
    by_column = {column: name for name, (_label, column, is_tag) in FACETS.items() if not is_tag}
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    total = 0
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for source, value, n in cur.fetchall():
            if source == "":
                total = n
                continue
            name = by_column.get(source) or tag_facets[source]
            if value in (None, ""):
                continue
            value = {"true": "1", "false": "0"}.get(value, value)
            facets[name].append((value, n))
    for name in facets:
        facets[name].sort(key=lambda vn: (-vn[1], vn[0]))
    return total, facets


def ordered(docs: QuerySet[SearchDoc], request: SearchRequest) -> QuerySet[SearchDoc]:
    if request.sort == "relevance" and request.terms:
        # Field-weighted: a term found in the case number, a party or 案由 counts ten times a term found in
        # the body; ties go to the most recent decision.
        score = Value(0, output_field=IntegerField())
        for term in request.terms:
            sql, params = term_sql(term, key_only=True)
            score = score + Case(
                When(pk__in=RawSQL(sql, params), then=Value(KEY_WEIGHT))  # noqa: S611 - constant SQL, default=Value(1), output_field=IntegerField()
            )
        return docs.annotate(score=score).order_by("-score", F("decided_on").desc(nulls_last=True), "-pk")
    if request.sort == "relevance":
        return docs.order_by(F("decided_on").desc(nulls_last=True), "-pk")
    column = request.sort.lstrip("-")
    expr = F(column).desc(nulls_last=True) if request.sort.startswith("-") else F(column).asc(nulls_last=True)
    return docs.order_by(expr, "-pk")


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    @property
    def label(self) -> str:
        return "PostgreSQL 全文索引" if connection.vendor == "postgresql" else "SQLite FTS5 全文索引"

    def index(self, entries: Iterable) -> None:
        store.write_docs(entries, fulltext=True)

    def delete(self, case_ids: Iterable[int]) -> None:
        store.delete_docs(list(case_ids), fulltext=True)

    def matching(self, request: SearchRequest, *, scope: Scope) -> QuerySet[SearchDoc]:
        return text_filter(apply_filters(scoped(scope), request), request.terms)

    def search(self, request: SearchRequest, *, scope: Scope) -> SearchResult:
        docs = self.matching(request, scope=scope)
        if request.with_facets:
            total, facets = facet_counts(docs)
            if not total:
                facets = {}
        else:
            total, facets = docs.count(), {}
        page = []
        if total > request.offset:
            window = slice(request.offset, request.offset + request.page_size)
            page = list(ordered(docs, request).values_list("pk", flat=True)[window])
        return SearchResult(total=total, case_ids=page, facets=facets)


__all__ = ["EmbeddedBackend", "Q", "scoped"]
