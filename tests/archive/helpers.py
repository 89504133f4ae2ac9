"""Index entries written directly (the backend contract is about what a backend does with entries)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.archive.entries import IndexEntry, fine_band
from casemgmt.cases.hooks import TextPart


def entry(
    case_id: int,
    *,
    units: tuple[int, ...],
    number: str,
    party: str = "陈某",
    id_number: str = "",
    cause: str = "擅自占用城市道路经营",
    facts: str = "",
    archived: bool = True,
    procedure: str = "ordinary",
    outcome: str = "penalty",
    fine: str = "0",
    filed_on: dt.date = dt.date(2026, 3, 3),
    decided_on: dt.date | None = dt.date(2026, 3, 20),
    closed_on: dt.date | None = dt.date(2026, 4, 1),
    officers: tuple[int, ...] = (),
    penalties: tuple[str, ...] = ("fine",),
    hearing: bool = False,
    review: bool = False,
    tier: str = "",
    transition: bool = False,
    documents: tuple[tuple[str, str], ...] = (),
) -> IndexEntry:
    amount = Decimal(fine)
    columns = {
        "number": number,
        "cause": cause,
        "party_names": party,
        "identifiers": " ".join(x for x in (number, *(n for n, _ in documents), id_number) if x),
        "status": "archived" if archived else "closed",
        "archived": archived,
        "procedure": procedure,
        "subject_id": units[0],
        "handling_unit_id": units[0],
        "matter_code": "",
        "field": "城市管理",
        "filed_on": filed_on,
        "decided_on": decided_on,
        "closed_on": closed_on,
        "archived_on": closed_on if archived else None,
        "outcome": outcome,
        "fine_amount": amount,
        "fine_band": fine_band(amount),
        "hearing_held": hearing,
        "legal_review": review,
        "discretion_tier": tier,
        "transition": transition,
        "case_file_url": "",
    }
    parts = [
        TextPart("case", "案件", f"{number}\n{cause}", number=number),
        TextPart("party", "当事人", f"{party} {id_number}".strip()),
    ]
    if facts:
        parts.append(TextPart("facts", "违法事实", facts))
    for doc_number, text in documents:
        parts.append(TextPart("document", "行政处罚决定书", text, number=doc_number))
    tags = [("unit", str(u)) for u in units] + [("officer", str(o)) for o in officers]
    tags += [("penalty", p) for p in (penalties if outcome == "penalty" else ())]
    return IndexEntry(case_id=case_id, columns=columns, tags=tags, parts=parts)
