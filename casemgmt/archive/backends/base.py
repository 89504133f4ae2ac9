"""The search backend interface. Every backend answers the same ``SearchRequest`` within a ``Scope`` (the units
whose cases the user may open) and must pass the contract suite in tests/archive/test_backend_contract.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..entries import IndexEntry
from ..query import Term

SORTS = {
    "relevance": "相关度",
    "-decided_on": "决定日期（新→旧）",
    "decided_on": "决定日期（旧→新）",
    "-filed_on": "立案日期（新→旧）",
    "filed_on": "立案日期（旧→新）",
    "-closed_on": "结案日期（新→旧）",
    "-fine_amount": "罚款金额（高→低）",
    "fine_amount": "罚款金额（低→高）",
}

# Facets: name → (label, column or tag facet, is_tag)
FACETS = {
    "unit": ("承办单位", "handling_unit_id", False),
    "subject": ("执法主体", "subject_id", False),
    "matter": ("执法事项", "matter_code", False),
    "field": ("执法领域", "field", False),
    "officer": ("承办人员", "officer", True),
    "procedure": ("程序类型", "procedure", False),
    "penalty": ("处罚种类", "penalty", True),
    "fine_band": ("罚款金额", "fine_band", False),
    "hearing": ("举行听证", "hearing_held", False),
    "review": ("法制审核", "legal_review", False),
    "tier": ("裁量档次", "discretion_tier", False),
    "outcome": ("处理结果", "outcome", False),
    "transition": ("过渡期案件", "transition", False),
    "archived": ("归档状态", "archived", False),
}

DATE_FIELDS = ("filed_on", "decided_on", "closed_on")


class SearchUnavailable(Exception):
    """The search backend cannot be reached; the message is shown to the user."""


@dataclass(frozen=True)
class Scope:
    """Whose cases may appear: everything (justice bureau, administrators) or cases of these units."""

    everything: bool = False
    unit_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.everything and not self.unit_ids


@dataclass
class SearchRequest:
    """A validated search: terms that must all match, filters (facet name → allowed values), date ranges
    (field → (from, to), inclusive), fine range, sort, page (1-based) and page size."""

    terms: list[Term] = field(default_factory=list)
    filters: dict[str, list] = field(default_factory=dict)
    dates: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    with_facets: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class SearchResult:
    total: int
    case_ids: list[int]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def facet_value(name: str, value) -> str:
    """Facet values as strings ("1"/"0" for flags) so every backend reports them alike."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


class SearchBackend(ABC):
    name = "abstract"
    label = ""

    @abstractmethod
    def index(self, entries: Iterable[IndexEntry]) -> None:
        """Add or replace the entries (one per case)."""

    @abstractmethod
    def delete(self, case_ids: Iterable[int]) -> None:
        """Remove the cases from the index (deleted cases, withdrawn archiving)."""

    @abstractmethod
    def search(self, request: SearchRequest, *, scope: Scope) -> SearchResult:
        """Cases in ``scope`` matching ``request``: the total, the ids of the page and the facet counts."""

    def all_ids(self, request: SearchRequest, *, scope: Scope, batch: int = 1_000) -> list[int]:
        """The ids of every case in ``scope`` matching ``request``, in its sort order, page by page (exports:
        nothing is cut off). Backends with a cheaper way to list them all override this."""
        ids: list[int] = []
        page = dataclasses.replace(request, page=1, page_size=batch, with_facets=False)
        while True:
            result = self.search(page, scope=scope)
            ids += result.case_ids
            if len(result.case_ids) < batch or len(ids) >= result.total:
                return ids
            page.page += 1

    def ping(self) -> None:  # noqa: B027 - embedded backends are always there
        """Raise SearchUnavailable when the backend cannot answer."""
