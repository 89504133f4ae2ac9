"""The case list's text search (web ``/cases/?q=`` and ``GET /api/cases/?q=``): the archive's query language
(``query.parse_query``) over the fields a case list shows or is looked up by — case number, parties' names, 案由,
违法地点 and the 文号 of its documents. Every term must match one of them (AND across terms, OR across fields).

It reads the case tables themselves, not the search index: the list shows a case the moment it is registered.
The stored values are not normalised, so each term becomes a regular expression that accepts what
``segment.normalise`` would have folded: full-width letters and digits, any punctuation between the term's runs
(any bracket around a 文号's year) and, before a serial, 第 and zero padding.

It narrows the queryset it is given (``cases_visible_to``); it never widens it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.safestring import SafeString

from casemgmt.cases import models as m
from documents.models import Document

from .highlight import mark
from .query import Term, pattern
from .segment import HAN, HAN_RUN, normalise

FULL_WIDTH_OFFSET = 0xFEE0  # ＡＢＣ０１２ are A B C 0 1 2 shifted by this


def _char(c: str) -> str:
    if c.isascii() and c.isalnum():
        return f"[{c}{chr(ord(c) + FULL_WIDTH_OFFSET)}]"
    return re.escape(c)


def _run(run: str) -> str:
    return "".join(_char(c) for c in run)


# Between two runs of a stored value: anything but a letter, digit (half- or full-width) or Han, as query.GAP.
STORED_GAP = rf"[^0-9a-zA-Z０-９ａ-ｚＡ-Ｚ{HAN}]*"
# Before a serial: a 第 and zero padding, as a 文号 pattern may print them.
SERIAL_LEAD = f"(?:第{STORED_GAP})?[0０]*"


def stored_regex(term: Term) -> str:
    """A case-insensitive regular expression finding ``term`` in a stored (not normalised) value; portable
    between SQLite (Python ``re``) and PostgreSQL (``~*``)."""
    parts = []
    for i, run in enumerate(term.runs):
        if i:
            parts.append(STORED_GAP + (SERIAL_LEAD if run[0].isdigit() else ""))
        parts.append(_run(run))
    return "".join(parts)


def _term_q(term: Term) -> Q:
    if len(term.runs) == 1 and HAN_RUN.match(term.runs[0]):
        # A Chinese word: a plain substring (LIKE), the same as the regular expression and cheaper.
        lookup, value = "icontains", term.runs[0]
    else:
        lookup, value = "iregex", stored_regex(term)
    party = m.Party.objects.filter(case=OuterRef("pk"), **{f"name__{lookup}": value})
    document = Document.objects.filter(case=OuterRef("pk"), **{f"number__{lookup}": value})
    return (
        Q(**{f"number__{lookup}": value})
        | Q(**{f"cause__{lookup}": value})
        | Q(**{f"violation_place__{lookup}": value})
        | Exists(party)
        | Exists(document)
    )


def cases_matching(cases: QuerySet[m.Case], terms: list[Term]) -> QuerySet[m.Case]:
    """``cases`` in which every term is found in one of the searched fields."""
    for term in terms:
        cases = cases.filter(_term_q(term))
    return cases


@dataclass
class CaseMarks:
    """What the case list shows of a matching case, with the terms marked: its number, 案由 and parties, and
    the other fields that matched (违法地点, documents' 文号) as (label, marked text)."""

    number: SafeString
    cause: SafeString
    parties: list[SafeString]
    more: list[tuple[str, SafeString]] = field(default_factory=list)


def case_marks(cases: list[m.Case], terms: list[Term]) -> dict[int, CaseMarks]:
    """Marks for a page of cases (their parties prefetched): one query for the documents' 文号 of the page."""
    marks = pattern(terms)
    numbers: dict[int, list[tuple[str, str]]] = {}
    documents = (
        Document.objects.filter(case__in=[c.pk for c in cases])
        .exclude(number="")
        .order_by("pk")
        .values_list("case_id", "document_type__name", "number")
    )
    for case_id, name, number in documents:
        numbers.setdefault(case_id, []).append((name, number))
    out = {}
    for case in cases:
        found = CaseMarks(
            number=mark(case.number, marks),
            cause=mark(case.cause, marks),
            parties=[mark(p.name, marks) for p in case.parties.all()],
        )
        if case.violation_place and marks.search(normalise(case.violation_place)):
            found.more.append(("违法地点", mark(case.violation_place, marks)))
        for name, number in numbers.get(case.pk, []):
            if marks.search(normalise(number)):
                found.more.append((name, mark(number, marks)))
        out[case.pk] = found
    return out
