"""The search store in the database: SearchDoc/SearchTag/SearchText rows plus the vendor's full-text index.

SQLite: ``archive_fts`` (FTS5 over the chunk tokens, rowid = chunk id) and ``archive_ident`` (FTS5 trigram over
the identifiers, rowid = case id). PostgreSQL: ``archive_searchtext.tsv`` (tsvector, GIN) and a pg_trgm GIN index
on ``archive_searchdoc.identifiers``. Both are created in migration 0002.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from .entries import KEY_KINDS, IndexEntry, chunks, part_text
from .models import SearchDoc, SearchSegment, SearchTag, SearchText
from .segment import tokens

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
SEGMENT_TOKENS = 15000  # a PostgreSQL segment stays below the position limit
GAP = 5  # positions left free between two texts of a segment


def case_token_texts(entry: IndexEntry) -> tuple[list[list[str]], list[list[str]]]:
    """The tokens of a case: its key texts and its other texts (long texts in overlapping chunks)."""
    key = [tokens(part_text(p)) for p in entry.parts if p.kind in KEY_KINDS]
    body = [tokens(c) for p in entry.parts if p.kind not in KEY_KINDS for c in chunks(part_text(p))]
    return key, body


def tsvector_literal(texts: list[list[str]]) -> str:
    """A tsvector literal with positions, built here so that PostgreSQL's parser and locale play no part."""
    positions: dict[str, list[int]] = {}
    pos = 0
    for toks in texts:
        for tok in toks:
            pos += 1
            positions.setdefault(tok, []).append(min(pos, MAX_POSITION))
        pos += GAP
    return " ".join(f"'{lex}':{','.join(map(str, p[:256]))}" for lex, p in positions.items())


def segments(body: list[list[str]]) -> list[list[list[str]]]:
    """Group the texts into segments of at most SEGMENT_TOKENS positions (a chunk never exceeds it)."""
    out: list[list[list[str]]] = []
    size = SEGMENT_TOKENS + 1
    for toks in body:
        if size + len(toks) + GAP > SEGMENT_TOKENS:
            out.append([])
            size = 0
        out[-1].append(toks)
        size += len(toks) + GAP
    return out


def delete_docs(case_ids: list[int], *, fulltext: bool = True) -> None:
    if not case_ids:
        return
    if fulltext and connection.vendor == "sqlite":
        marks = ",".join(["%s"] * len(case_ids))
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM archive_fts WHERE rowid IN ({marks})", case_ids)  # noqa: S608
            cur.execute(f"DELETE FROM archive_ident WHERE rowid IN ({marks})", case_ids)  # noqa: S608
    SearchSegment.objects.filter(doc_id__in=case_ids).delete()
    SearchText.objects.filter(doc_id__in=case_ids).delete()
    SearchTag.objects.filter(doc_id__in=case_ids).delete()
    SearchDoc.objects.filter(case_id__in=case_ids).delete()


def write_docs(entries: Iterable[IndexEntry], *, fulltext: bool = True) -> int:
    """Replace the store rows of ``entries``; returns the number of text chunks written."""
    entries = list(entries)
    delete_docs([e.case_id for e in entries], fulltext=fulltext)
    SearchDoc.objects.bulk_create([SearchDoc(case_id=e.case_id, **e.columns) for e in entries])
    SearchTag.objects.bulk_create([SearchTag(doc_id=e.case_id, facet=f, value=v) for e in entries for f, v in e.tags])
    texts = [
        SearchText(
            doc_id=e.case_id, kind=p.kind, title=p.title[:200], number=p.number[:100], key=p.kind in KEY_KINDS, text=c
        )
        for e in entries
        for p in e.parts
        for c in chunks(part_text(p))
    ]
    SearchText.objects.bulk_create(texts)
    if fulltext:
        write_fulltext(entries)
    return len(texts)


def write_fulltext(entries: list[IndexEntry]) -> None:
    if connection.vendor == "sqlite":
        rows = []
        for e in entries:
            key, body = case_token_texts(e)
            rows.append((e.case_id, " ".join(" ".join(t) for t in key), " ".join(" ".join(t) for t in body)))
        with connection.cursor() as cur:
            # ``manage.py flush`` empties the model tables but not these virtual tables: never let a stale row
            # stand under a reused id.
            cur.executemany("DELETE FROM archive_fts WHERE rowid = %s", [(e.case_id,) for e in entries])
            cur.executemany("DELETE FROM archive_ident WHERE rowid = %s", [(e.case_id,) for e in entries])
            cur.executemany("INSERT INTO archive_fts(rowid, key, body) VALUES (%s, %s, %s)", rows)
            cur.executemany(
                "INSERT INTO archive_ident(rowid, identifiers) VALUES (%s, %s)",
                [(e.case_id, e.columns["identifiers"].lower()) for e in entries],
            )
    elif connection.vendor == "postgresql":
        rows = []
        for e in entries:
            key, body = case_token_texts(e)
            rows.append((e.case_id, True, tsvector_literal(key)))
            rows += [(e.case_id, False, tsvector_literal(seg)) for seg in segments(body)]
        with connection.cursor() as cur:
            cur.executemany("INSERT INTO archive_searchsegment (doc_id, key, tsv) VALUES (%s, %s, %s::tsvector)", rows)


def clear_all(*, fulltext: bool = True) -> None:
    """Empty the search store (before a full rebuild)."""
    if fulltext and connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DELETE FROM archive_fts")
            cur.execute("DELETE FROM archive_ident")
    SearchSegment.objects.all().delete()
    SearchText.objects.all().delete()
    SearchTag.objects.all().delete()
    SearchDoc.objects.all().delete()
