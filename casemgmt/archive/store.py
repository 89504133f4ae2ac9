"""The search store in the database: SearchDoc/SearchTag/SearchText rows plus the vendor's full-text index.

SQLite: ``archive_fts`` (FTS5 over the chunk tokens, rowid = chunk id) and ``archive_ident`` (FTS5 trigram over
the identifiers, rowid = case id). PostgreSQL: ``archive_searchtext.tsv`` (tsvector, GIN) and a pg_trgm GIN index
on ``archive_searchdoc.identifiers``. Both are created in migration 0002.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from .backends.base import FACETS
from .entries import KEY_KINDS, IndexEntry, chunks, part_text
from .models import (
    FacetCombo,
    SearchDoc,
    SearchDocShadow,
    SearchSegment,
    SearchSegmentShadow,
    SearchTag,
    SearchTagShadow,
    SearchText,
    SearchTextShadow,
    TagCombo,
    TagComboValue,
)
from .segment import tokens


@dataclass(frozen=True)
class Generation:
    """One generation of the search store: its row tables (models) and, on SQLite, its FTS5 tables. Searches
    read ``LIVE``; a rebuild writes ``NEXT`` and renames it over ``LIVE`` at the switch."""

    doc: type
    tag: type
    text: type
    segment: type
    fts: str
    ident: str
    index_suffix: str = ""

    @property
    def models(self) -> tuple[type, ...]:
        return (self.segment, self.text, self.tag, self.doc)

    @property
    def virtual_tables(self) -> tuple[str, str]:
        return (self.fts, self.ident)


LIVE = Generation(SearchDoc, SearchTag, SearchText, SearchSegment, "archive_fts", "archive_ident")
NEXT = Generation(
    SearchDocShadow,
    SearchTagShadow,
    SearchTextShadow,
    SearchSegmentShadow,
    "archive_fts_next",
    "archive_ident_next",
    index_suffix="_nx",
)

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


COMBO_COLUMNS = tuple(column for _label, column, is_tag in FACETS.values() if not is_tag)
TAG_FACETS = tuple(column for _label, column, is_tag in FACETS.values() if is_tag)


def _facet_signature(columns: dict) -> str:
    return "|".join(str(columns.get(c, "")) for c in COMBO_COLUMNS)


def _tag_values(tags: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted({(f, v) for f, v in tags if f in TAG_FACETS})


def assign_combos(entries: list[IndexEntry]) -> list[tuple[int, int]]:
    """(facet combo id, tag combo id) for each entry, creating the combinations not seen before. Concurrent
    indexers may create the same row: the unique signature lets one insert win and both read it back."""
    facet_sigs = {_facet_signature(e.columns): e.columns for e in entries}
    tag_sets = {"|".join(f"{f}={v}" for f, v in vals): vals for vals in (_tag_values(e.tags) for e in entries)}
    facet_ids = dict(FacetCombo.objects.filter(signature__in=facet_sigs).values_list("signature", "pk"))
    new = [
        FacetCombo(signature=sig, **{c: columns.get(c, "") for c in COMBO_COLUMNS})
        for sig, columns in facet_sigs.items()
        if sig not in facet_ids
    ]
    if new:
        FacetCombo.objects.bulk_create(new, ignore_conflicts=True)
        facet_ids = dict(FacetCombo.objects.filter(signature__in=facet_sigs).values_list("signature", "pk"))
    tag_ids = dict(TagCombo.objects.filter(signature__in=tag_sets).values_list("signature", "pk"))
    missing = [sig for sig in tag_sets if sig not in tag_ids]
    if missing:
        TagCombo.objects.bulk_create([TagCombo(signature=sig) for sig in missing], ignore_conflicts=True)
        tag_ids = dict(TagCombo.objects.filter(signature__in=tag_sets).values_list("signature", "pk"))
        # Values of a combination are written by whoever reads it back without any (idempotent on a race:
        # a combination's values are a function of its signature).
        empty = set(tag_ids.values()) - set(
            TagComboValue.objects.filter(combo_id__in=tag_ids.values()).values_list("combo_id", flat=True)
        )
        TagComboValue.objects.bulk_create(
            [
                TagComboValue(combo_id=tag_ids[sig], facet=f, value=v)
                for sig in missing
                if tag_ids[sig] in empty
                for f, v in tag_sets[sig]
            ]
        )
    return [
        (facet_ids[_facet_signature(e.columns)], tag_ids["|".join(f"{f}={v}" for f, v in _tag_values(e.tags))])
        for e in entries
    ]


def delete_docs(case_ids: list[int], *, fulltext: bool = True, gen: Generation = LIVE) -> None:
    if not case_ids:
        return
    if fulltext and connection.vendor == "sqlite":
        marks = ",".join(["%s"] * len(case_ids))
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {gen.fts} WHERE rowid IN ({marks})", case_ids)  # noqa: S608
            cur.execute(f"DELETE FROM {gen.ident} WHERE rowid IN ({marks})", case_ids)  # noqa: S608
    # Plain deletes (no collector): the store tables have no database-level relations.
    for model in gen.models:
        column = "case_id" if model is gen.doc else "doc_id"
        model.objects.filter(**{f"{column}__in": case_ids})._raw_delete(using=model.objects.db)


def write_docs(
    entries: Iterable[IndexEntry], *, fulltext: bool = True, gen: Generation = LIVE, fresh: bool = False
) -> int:
    """Replace the store rows of ``entries`` in ``gen``; returns the number of text chunks written. ``fresh``: the
    cases are not in ``gen`` yet (a rebuild's first pass), so nothing is deleted first."""
    entries = list(entries)
    if not fresh:
        delete_docs([e.case_id for e in entries], fulltext=fulltext, gen=gen)
    combos = assign_combos(entries)
    gen.doc.objects.bulk_create(
        [
            gen.doc(case_id=e.case_id, facet_combo_id=fc, tag_combo_id=tc, **e.columns)
            for e, (fc, tc) in zip(entries, combos, strict=True)
        ]
    )
    gen.tag.objects.bulk_create([gen.tag(doc_id=e.case_id, facet=f, value=v) for e in entries for f, v in e.tags])
    texts = [
        gen.text(
            doc_id=e.case_id, kind=p.kind, title=p.title[:200], number=p.number[:100], key=p.kind in KEY_KINDS, text=c
        )
        for e in entries
        for p in e.parts
        for c in chunks(part_text(p))
    ]
    gen.text.objects.bulk_create(texts)
    if fulltext:
        write_fulltext(entries, gen=gen, fresh=fresh)
    return len(texts)


def write_fulltext(entries: list[IndexEntry], *, gen: Generation = LIVE, fresh: bool = False) -> None:
    if connection.vendor == "sqlite":
        rows = []
        for e in entries:
            key, body = case_token_texts(e)
            rows.append((e.case_id, " ".join(" ".join(t) for t in key), " ".join(" ".join(t) for t in body)))
        with connection.cursor() as cur:
            if not fresh:
                # ``manage.py flush`` empties the model tables but not these virtual tables: never let a stale
                # row stand under a reused id.
                cur.executemany(f"DELETE FROM {gen.fts} WHERE rowid = %s", [(e.case_id,) for e in entries])  # noqa: S608
                cur.executemany(f"DELETE FROM {gen.ident} WHERE rowid = %s", [(e.case_id,) for e in entries])  # noqa: S608
            cur.executemany(f"INSERT INTO {gen.fts}(rowid, key, body) VALUES (%s, %s, %s)", rows)  # noqa: S608
            cur.executemany(
                f"INSERT INTO {gen.ident}(rowid, identifiers) VALUES (%s, %s)",  # noqa: S608
                [(e.case_id, e.columns["identifiers"].lower()) for e in entries],
            )
    elif connection.vendor == "postgresql":
        mains, segs = pg_fulltext_rows(entries)
        with connection.cursor() as cur:
            write_pg_mains(cur, mains, table=gen.doc._meta.db_table)
            cur.executemany(
                f"INSERT INTO {gen.segment._meta.db_table} (doc_id, key, tsv) VALUES (%s, %s, %s::tsvector)",  # noqa: S608
                segs,
            )


def write_pg_mains(cursor, mains: list[tuple[int, str, bool]], *, table: str = "archive_searchdoc") -> None:
    cursor.executemany(
        f"UPDATE {table} SET tsv = %s::tsvector, has_overflow = %s WHERE case_id = %s",  # noqa: S608
        [(tsv, overflow, case_id) for case_id, tsv, overflow in mains],
    )


def pg_fulltext_rows(entries: Iterable[IndexEntry]) -> tuple[list[tuple[int, str, bool]], list[tuple[int, bool, str]]]:
    """PostgreSQL rows of ``entries``: (case id, main tsvector, has overflow) for ``archive_searchdoc`` and
    (case id, key, tsvector) segment rows. The main tsvector holds the key texts and as many other texts as
    fit below the position limit, so that matching, filtering, facets and sorting read one row per case; the
    rare texts beyond it go to overflow segments. Every case also gets a key segment (case number, parties,
    案由) that relevance ranking probes; it is kept off the case row so that row stays narrow."""
    mains: list[tuple[int, str, bool]] = []
    segs: list[tuple[int, bool, str]] = []
    for e in entries:
        key, body = case_token_texts(e)
        main = list(key)
        used = sum(len(t) + GAP for t in key)
        rest: list[list[str]] = []
        for toks in body:
            if not rest and used + len(toks) + GAP <= SEGMENT_TOKENS:
                main.append(toks)
                used += len(toks) + GAP
            else:
                rest.append(toks)
        mains.append((e.case_id, tsvector_literal(main), bool(rest)))
        segs.append((e.case_id, True, tsvector_literal(key)))
        segs += [(e.case_id, False, tsvector_literal(seg)) for seg in segments(rest)]
    return mains, segs


def pg_copy_fulltext(cursor, entries: list[IndexEntry]) -> None:
    """``write_fulltext`` for bulk loads (``COPY``; ``cursor`` is a Django cursor on PostgreSQL)."""
    mains, segs = pg_fulltext_rows(entries)
    raw = cursor.cursor
    raw.execute("CREATE TEMP TABLE IF NOT EXISTS archive_fulltext_load (case_id bigint, tsv tsvector, ov boolean)")
    raw.execute("TRUNCATE archive_fulltext_load")
    with raw.copy("COPY archive_fulltext_load (case_id, tsv, ov) FROM STDIN") as copy:
        for row in mains:
            copy.write_row(row)
    raw.execute(
        "UPDATE archive_searchdoc d SET tsv = l.tsv, has_overflow = l.ov FROM archive_fulltext_load l "
        "WHERE d.case_id = l.case_id"
    )
    with raw.copy("COPY archive_searchsegment (doc_id, key, tsv) FROM STDIN") as copy:
        for row in segs:
            copy.write_row(row)


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
    TagComboValue.objects.all().delete()
    TagCombo.objects.all().delete()
    FacetCombo.objects.all().delete()


# --- PostgreSQL full-text indexes ----------------------------------------------------------------------------

DOC_INDEX = "archive_searchdoc_tsv"
DOC_RUM_INDEX = "archive_searchdoc_tsv_rum"
KEY_INDEX = "archive_searchsegment_key_tsv"
OVERFLOW_INDEX = "archive_searchsegment_tsv"
INDEXES = (DOC_INDEX, DOC_RUM_INDEX, KEY_INDEX, OVERFLOW_INDEX)
# The RUM index is built over an expression equal to ``tsv`` (every position has the default weight D), so that a
# query chooses it by writing this expression and the GIN index by writing ``tsv``: see ``db.term_sql``.
RUM_EXPRESSION = "setweight(tsv, 'D')"


def rum_available(cursor) -> bool:
    """Whether the RUM access method (Debian/Ubuntu ``postgresql-NN-rum``) is installed or can be created. RUM
    keeps word positions in the index, so a phrase is matched without reading every candidate's tsvector."""
    cursor.execute("SELECT 1 FROM pg_am WHERE amname = 'rum'")
    if cursor.fetchone():
        return True
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
    if not cursor.fetchone():
        return False
    try:
        with transaction.atomic(using=cursor.db.alias):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except DatabaseError:  # e.g. a database user who may not create extensions: GIN only
        return False
    return True


def has_rum_index(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s", [DOC_RUM_INDEX])
    return cursor.fetchone() is not None


def create_fulltext_indexes(cursor, *, rum: bool | None = None, gen: Generation = LIVE) -> bool:
    """(Re)create the full-text indexes of ``gen``: GIN over each case's main tsvector, over the key segments
    (relevance) and over the overflow segments, plus — when RUM is available (``rum=None``) — a RUM index for
    phrases that most cases contain. Returns whether the RUM index exists. (A generation being built names its
    indexes with its suffix; the switch renames them to these names.)"""
    if rum is None:
        rum = rum_available(cursor)
    drop_fulltext_indexes(cursor, gen=gen)
    doc, seg, sfx = gen.doc._meta.db_table, gen.segment._meta.db_table, gen.index_suffix
    cursor.execute(f"CREATE INDEX {DOC_INDEX}{sfx} ON {doc} USING gin (tsv)")
    cursor.execute(f"CREATE INDEX {KEY_INDEX}{sfx} ON {seg} USING gin (tsv) WHERE key")
    cursor.execute(f"CREATE INDEX {OVERFLOW_INDEX}{sfx} ON {seg} USING gin (tsv) WHERE NOT key")
    if rum:
        cursor.execute(f"CREATE INDEX {DOC_RUM_INDEX}{sfx} ON {doc} USING rum (({RUM_EXPRESSION}) rum_tsvector_ops)")
    return rum


def drop_fulltext_indexes(cursor, *, gen: Generation = LIVE) -> None:
    for name in INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}{gen.index_suffix}")
