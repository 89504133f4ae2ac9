"""Search selectors: parse and validate a query, search within what the user may open, label the facets and
cut highlighted snippets. Hits, counts, facets, snippets and exports all start from ``scope_for(user)``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.utils.safestring import SafeString

from casemgmt.cases.models import PenaltyType, ProcedureType
from casemgmt.cases.services.base import InputError
from casemgmt.org.models import Officer, Unit
from casemgmt.org.selectors import scope_unit_ids, sees_everything

from .backends import Scope, SearchRequest, SearchUnavailable, get_backend
from .backends.base import DATE_FIELDS, FACETS, SORTS
from .backends.db import scoped
from .entries import FINE_BANDS
from .highlight import highlight, mark
from .models import Outcome, SearchDoc, SearchText
from .query import QueryError, Term, parse_query, pattern

MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
EXPORT_CHUNK = 1_000  # rows read from the database at a time while an export streams
BOOL_FACETS = ("hearing", "review", "transition", "archived")
YES_NO = {"1": "是", "0": "否"}


def scope_for(user) -> Scope:
    """The units whose cases ``user`` may open, exactly as ``cases_visible_to`` (own units with their sub-units,
    as subject, handler or assisting unit); everything for the justice bureau and administrators."""
    if not getattr(user, "is_authenticated", False):
        return Scope()
    if sees_everything(user):
        return Scope(everything=True)
    return Scope(unit_ids=frozenset(scope_unit_ids(user)))


MAX_AMOUNT = Decimal(10**13)  # beyond any fine; a larger bound is a typo (or 1e309), not a filter


def _date(value: str, name: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"日期格式应为 YYYY-MM-DD：{value[:20]}", field=name) from None


def _int(value, name: str, default: int, low: int, high: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InputError(f"应为整数：{str(value)[:20]}", field=name) from None
    if not low <= number <= high:
        raise InputError(f"应在{low}至{high}之间", field=name)
    return number


def _choices(name: str) -> set[str] | None:
    """Allowed values of a filter, or None when any id-like value is allowed (units, officers, matters)."""
    if name == "procedure":
        return set(ProcedureType.values)
    if name == "penalty":
        return set(PenaltyType.values)
    if name == "fine_band":
        return {v for v, *_ in FINE_BANDS}
    if name == "outcome":
        return set(Outcome.values)
    if name in BOOL_FACETS:
        return {"1", "0"}
    return None


def _refuse_blank(params) -> None:
    """A parameter sent empty (``?filed_on_from=``) is an error for an API client; a web form's blank field is not."""
    for name in params:
        values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        if name != "q" and not any(str(v).strip() for v in values):
            is_date = name.rsplit("_", 1)[0] in DATE_FIELDS
            raise InputError("日期格式应为 YYYY-MM-DD" if is_date else "参数不能为空", field=name)


def parse_request(params, *, page_size: int = 20, strict: bool = False) -> SearchRequest:
    """A SearchRequest from GET parameters (``q``, facet names, ``<date>_from``/``_to``, ``fine_min``/``fine_max``,
    ``sort``, ``page``, ``page_size``). Raises InputError with a clear message for unusable input; ``strict`` (the
    API) also for a parameter sent empty."""
    if strict:
        _refuse_blank(params)
    try:
        terms = parse_query(params.get("q", ""))
    except QueryError as exc:
        raise InputError(str(exc), field="q") from None
    request = SearchRequest(terms=terms)
    for name in FACETS:
        values = [v.strip() for v in params.getlist(name) if v.strip()] if hasattr(params, "getlist") else []
        if not values and not hasattr(params, "getlist") and params.get(name):
            values = [str(params[name])]
        if not values:
            continue
        allowed = _choices(name)
        for v in values:
            if allowed is not None and v not in allowed:
                raise InputError(f"筛选条件“{FACETS[name][0]}”没有取值“{v[:30]}”", field=name)
            if allowed is None and name in ("unit", "subject", "officer") and not v.isdigit():
                raise InputError(f"筛选条件“{FACETS[name][0]}”的取值应为编号：{v[:30]}", field=name)
        if name in BOOL_FACETS:
            values = [v == "1" for v in values]
        elif name in ("unit", "subject"):
            values = [int(v) for v in values]
        request.filters[name] = values
    for column in DATE_FIELDS:
        start = _date(params.get(f"{column}_from", ""), f"{column}_from")
        end = _date(params.get(f"{column}_to", ""), f"{column}_to")
        if start and end and start > end:
            raise InputError("起始日期晚于截止日期", field=f"{column}_from")
        if start or end:
            request.dates[column] = (start, end)
    for bound in ("fine_min", "fine_max"):
        raw = (params.get(bound) or "").strip()
        if raw:
            try:
                amount = Decimal(raw)
            except InvalidOperation:
                raise InputError(f"金额格式不正确：{raw[:20]}", field=bound) from None
            if not amount.is_finite() or amount < 0:
                raise InputError("金额应为非负数", field=bound)
            if amount >= MAX_AMOUNT:
                raise InputError("金额超出范围", field=bound)
            setattr(request, bound, amount)
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise InputError(f"不支持的排序方式：{sort[:30]}", field="sort")
    request.sort = sort
    request.page = _int(params.get("page"), "page", 1, 1, MAX_PAGE)
    request.page_size = _int(params.get("page_size"), "page_size", page_size, 1, MAX_PAGE_SIZE)
    return request


@dataclass
class Hit:
    doc: SearchDoc
    snippets: list[tuple[str, SafeString]] = field(default_factory=list)
    marked: dict[str, SafeString] = field(default_factory=dict)  # number, cause, party_names with the terms marked


@dataclass
class Page:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]]
    backend: str

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.page_size))

    @property
    def past_end(self) -> bool:
        return self.total > 0 and self.request.page > self.pages


def search(*, user, request: SearchRequest, snippets: bool = True) -> Page:
    """Search what ``user`` may open. Raises SearchUnavailable when the backend is down."""
    scope = scope_for(user)
    backend = get_backend()
    result = backend.search(request, scope=scope)
    # Defence in depth: the page's rows are read back through the same scope.
    docs = {d.pk: d for d in scoped(scope).filter(pk__in=result.case_ids)}
    hits = [Hit(doc=docs[pk]) for pk in result.case_ids if pk in docs]
    if snippets and request.terms:
        add_snippets(hits, request.terms)
    return Page(
        request=request, total=result.total, hits=hits, facets=label_facets(result.facets), backend=backend.label
    )


def export_docs(*, user, request: SearchRequest) -> Iterator[SearchDoc]:
    """Every case matching ``request`` that ``user`` may open, in the request's order, without a cap. The ids are
    listed at once (SearchUnavailable is raised here, before anything streams); the rows are read
    ``EXPORT_CHUNK`` at a time as they are consumed, so memory stays flat however many there are."""
    scope = scope_for(user)
    ids = get_backend().all_ids(request, scope=scope)

    def rows() -> Iterator[SearchDoc]:
        for start in range(0, len(ids), EXPORT_CHUNK):
            chunk = ids[start : start + EXPORT_CHUNK]
            docs = scoped(scope).in_bulk(chunk)  # defence in depth, as for the hits
            yield from (docs[pk] for pk in chunk if pk in docs)

    return rows()


def search_or_unavailable(*, user, request: SearchRequest) -> tuple[Page | None, str]:
    try:
        return search(user=user, request=request), ""
    except SearchUnavailable as exc:
        return None, str(exc)


# --- snippets ------------------------------------------------------------------------------------------------


def add_snippets(hits: list[Hit], terms: list[Term], per_hit: int = 2) -> None:
    """Each hit's case number, 案由 and parties with the terms marked, and up to ``per_hit`` snippets of its
    texts around them (key texts first)."""
    marks = pattern(terms)
    for hit in hits:
        hit.marked = {name: mark(getattr(hit.doc, name), marks) for name in ("number", "cause", "party_names")}
    by_doc: dict[int, list[SearchText]] = {}
    for text in SearchText.objects.filter(doc_id__in=[h.doc.pk for h in hits]).order_by("-key", "id"):
        by_doc.setdefault(text.doc_id, []).append(text)
    for hit in hits:
        for text in by_doc.get(hit.doc.pk, []):
            snippet = highlight(text.text, marks)
            if snippet is not None:
                hit.snippets.append((text.title, snippet))
            if len(hit.snippets) >= per_hit:
                break


# --- facet labels ----------------------------------------------------------------------------------------------


def label_facets(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet; labels of units, officers and matters are looked up for the values
    present, which all come from visible cases."""
    labels: dict[str, dict[str, str]] = {
        "procedure": dict(ProcedureType.choices),
        "penalty": dict(PenaltyType.choices),
        "fine_band": {v: label for v, label, *_ in FINE_BANDS},
        "outcome": dict(Outcome.choices),
        **{name: YES_NO for name in BOOL_FACETS},
        "archived": {"1": "已归档", "0": "未归档"},
    }
    unit_ids = {int(v) for name in ("unit", "subject") for v, _ in facets.get(name, []) if v.isdigit()}
    units = {str(pk): name for pk, name in Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")}
    labels["unit"] = labels["subject"] = units
    officer_ids = [int(v) for v, _ in facets.get("officer", []) if v.isdigit()]
    labels["officer"] = {str(pk): n for pk, n in Officer.objects.filter(pk__in=officer_ids).values_list("pk", "name")}
    codes = [v for v, _ in facets.get("matter", [])]
    if codes and apps.is_installed("casemgmt.powers"):
        Matter = apps.get_model("powers", "Matter")
        labels["matter"] = dict(Matter.objects.filter(code__in=codes).values_list("code", "name"))
    out = {}
    for name, rows in facets.items():
        names = labels.get(name, {})
        out[name] = [(v, names.get(v, v), n) for v, n in rows]
    return out


__all__ = ["Page", "SearchUnavailable", "export_docs", "parse_request", "scope_for", "search", "search_or_unavailable"]
