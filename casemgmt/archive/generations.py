"""Rebuilding the search index without going dark.

A rebuild writes a new generation while searches keep reading the live one, then switches in one transaction:

* database backend: shadow tables (``archive_searchdoc_next`` … and, on SQLite, ``archive_fts_next`` /
  ``archive_ident_next``) created from the live tables' own definitions, filled in batches, indexed, then renamed
  over the live tables in one transaction (the old tables are dropped in it; readers see the old generation or
  the new one, never an empty or partial one);
* Elasticsearch: a new concrete index, then one ``update_aliases`` call moving the alias (``backends.es``).

Acts keep indexing the live generation during a rebuild; each such update also notes its case in
``IndexJournal`` (in the same transaction), and the rebuild re-reads those cases into the new generation before
the switch — the last ones while holding the live tables, so nothing indexed during a rebuild is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from casemgmt.cases.models import Case

from . import store
from .backends import get_backend
from .entries import build_entry
from .models import BuildState, IndexBuild, IndexJournal, IndexTask

log = logging.getLogger(__name__)

# A build whose heartbeat is older than this is taken for dead (its process was killed) and may be replaced.
STALE_AFTER = dt.timedelta(minutes=3)
# Replay passes before the switch: each re-reads the cases journaled since the previous pass.
REPLAY_PASSES = 5
# PostgreSQL: how long the switch waits for the live tables before giving way (and retrying); below
# ``deadlock_timeout`` (1 s by default), so a search waiting behind the switch is never the one aborted.
SWITCH_LOCK_TIMEOUT_MS = 300
SWITCH_ATTEMPTS = 40

Progress = Callable[[int, int, str], None]


class RebuildBusy(Exception):
    """Another rebuild is running (its message is shown to the user)."""


@dataclass
class Outcome:
    build: IndexBuild
    cases: int
    replayed: int
    seconds: float
    fulltext: str = ""

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


# --- journal: incremental updates during a rebuild -------------------------------------------------------------


def journal(case_ids: list[int]) -> None:
    """Note ``case_ids`` for every running build (called inside the transaction that indexes them live)."""
    builds = list(IndexBuild.objects.filter(state=BuildState.BUILDING).values_list("pk", flat=True))
    if builds and case_ids:
        IndexJournal.objects.bulk_create([IndexJournal(build_id=b, case_id=pk) for b in builds for pk in case_ids])


def journaled_since(build: IndexBuild, after: int) -> tuple[list[int], int]:
    """The distinct cases journaled for ``build`` after journal id ``after``, and the last journal id."""
    rows = list(IndexJournal.objects.filter(build=build, pk__gt=after).values_list("pk", "case_id"))
    if not rows:
        return [], after
    return sorted({case_id for _pk, case_id in rows}), max(pk for pk, _case_id in rows)


# --- starting and finishing a build ----------------------------------------------------------------------------


def start_build(backend_name: str) -> IndexBuild:
    """Record a new build, after failing any build whose process died; refuse while a live one runs."""
    with transaction.atomic():
        running = list(IndexBuild.objects.select_for_update().filter(state=BuildState.BUILDING))
        for other in running:
            if timezone.now() - other.heartbeat_at < STALE_AFTER:
                raise RebuildBusy(
                    f"检索索引正在重建（开始于{timezone.localtime(other.started_at):%H:%M}，"
                    f"已处理{other.done}/{other.total}件），请等待其完成"
                )
            _fail(other, "重建进程已中止（长时间没有进展），由新的重建取代")
        return IndexBuild.objects.create(backend=backend_name, total=Case.objects.count())


def _fail(build: IndexBuild, reason: str) -> None:
    build.state, build.reason, build.finished_at = BuildState.FAILED, reason[:500], timezone.now()
    build.save(update_fields=["state", "reason", "finished_at", "heartbeat_at"])
    IndexJournal.objects.filter(build=build).delete()


def id_batches(queryset, size: int) -> Iterator[list[int]]:
    """Primary keys in ascending batches (keyset pagination: memory stays bounded by ``size``)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def entries_of(case_ids: list[int]) -> tuple[list, list[int]]:
    """Index entries of the cases that exist, and the ids of those that are gone."""
    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids)}
    return [build_entry(cases[pk]) for pk in case_ids if pk in cases], [pk for pk in case_ids if pk not in cases]


# --- the database backend's shadow generation ------------------------------------------------------------------


@dataclass
class IndexDef:
    live_name: str
    build_sql: str  # creates the index on the shadow table under its temporary name
    temp_name: str


class ShadowTables:
    """The shadow tables of the database backend: create, fill, index, switch."""

    gen = store.NEXT

    def __init__(self):
        self.vendor = connection.vendor
        self.pg_indexes: list[tuple[str, str]] = []  # (temporary name, live name)
        self.pg_pkeys: list[tuple[str, str, str]] = []  # (live table, temporary constraint, live constraint)
        self.fulltext = ""

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(shadow table, live table) for every table of a generation."""
        live = [m._meta.db_table for m in store.LIVE.models]
        shadow = [m._meta.db_table for m in self.gen.models]
        pairs = list(zip(shadow, live, strict=True))
        if self.vendor == "sqlite":
            pairs += list(zip(self.gen.virtual_tables, store.LIVE.virtual_tables, strict=True))
        return pairs

    def drop(self) -> None:
        with connection.cursor() as cur:
            for shadow, _live in self.pairs:
                cur.execute(f"DROP TABLE IF EXISTS {shadow}")

    def create(self) -> None:
        """Empty shadow tables with the live tables' columns (and primary keys; other indexes come after the
        bulk load)."""
        self.drop()
        with transaction.atomic(), connection.cursor() as cur:
            for shadow, live in self.pairs:
                if self.vendor == "sqlite":
                    cur.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [live])
                    (sql,) = cur.fetchone()
                    cur.execute(_rename_create(sql, shadow))
                else:
                    cur.execute(
                        f"CREATE TABLE {shadow} (LIKE {live} INCLUDING DEFAULTS INCLUDING IDENTITY "
                        "INCLUDING CONSTRAINTS INCLUDING STORAGE)"
                    )
                    self._pg_primary_key(cur, shadow, live)

    def _pg_primary_key(self, cur, shadow: str, live: str) -> None:
        cur.execute(
            "SELECT c.conname, a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
            "AND a.attnum = c.conkey[1] WHERE c.conrelid = %s::regclass AND c.contype = 'p'",
            [live],
        )
        row = cur.fetchone()
        if row:
            conname, column = row
            temp = _temp_name(conname)
            cur.execute(f"ALTER TABLE {shadow} ADD CONSTRAINT {temp} PRIMARY KEY ({column})")
            self.pg_pkeys.append((live, temp, conname))

    def write(self, entries: list, *, fresh: bool) -> None:
        with transaction.atomic():
            store.write_docs(entries, gen=self.gen, fresh=fresh)

    def delete(self, case_ids: list[int]) -> None:
        with transaction.atomic():
            store.delete_docs(case_ids, gen=self.gen)

    def finish(self) -> None:
        """PostgreSQL: build the shadow's indexes like the live ones (the full-text ones fresh: RUM too when it
        has been installed since), then ANALYZE. SQLite indexes are created at the switch."""
        if self.vendor != "postgresql":
            self.fulltext = "FTS5"
            return
        with connection.cursor() as cur:
            for shadow, live in self.pairs:
                cur.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary",
                    [live],
                )
                for name, definition in cur.fetchall():
                    if name in store.INDEXES:
                        continue
                    temp = _temp_name(name)
                    cur.execute(_pg_index_on(definition, temp, shadow))
                    self.pg_indexes.append((temp, name))
            rum = store.create_fulltext_indexes(cur, gen=self.gen)
            self.pg_indexes += [
                (f"{n}{self.gen.index_suffix}", n) for n in store.INDEXES if rum or n != store.DOC_RUM_INDEX
            ]
            for shadow, _live in self.pairs:
                cur.execute(f"ANALYZE {shadow}")
        self.fulltext = f"GIN{' + RUM' if rum else ''}"

    def lock_live(self, cur) -> None:
        """Take the live tables for the switch: writers and readers wait (for milliseconds) and then see the new
        generation. On PostgreSQL a short lock timeout makes the switch, not a search, give way on contention."""
        if self.vendor == "postgresql":
            cur.execute(f"SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT_MS}ms'")
            live = ", ".join(m._meta.db_table for m in store.LIVE.models)
            cur.execute(f"LOCK TABLE {live} IN ACCESS EXCLUSIVE MODE")
        else:
            # Any write takes SQLite's single write lock; readers keep reading the old tables until the commit.
            cur.execute("UPDATE archive_indexbuild SET heartbeat_at = heartbeat_at WHERE id < 0")

    def swap(self, cur) -> None:
        """Inside the switch transaction: drop the live tables and rename the shadow ones (and their indexes)
        over them."""
        if self.vendor == "sqlite":
            index_sql = []
            for _shadow, live in self.pairs:
                cur.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL", [live]
                )
                index_sql += [sql for (sql,) in cur.fetchall()]
            for shadow, live in self.pairs:
                cur.execute(f"DROP TABLE {live}")
                cur.execute(f"ALTER TABLE {shadow} RENAME TO {live}")
            for sql in index_sql:
                cur.execute(sql)
            return
        for shadow, live in self.pairs:
            cur.execute(f"DROP TABLE {live}")
            cur.execute(f"ALTER TABLE {shadow} RENAME TO {live}")
        for live, temp, conname in self.pg_pkeys:
            cur.execute(f"ALTER TABLE {live} RENAME CONSTRAINT {temp} TO {conname}")
        for temp, name in self.pg_indexes:
            cur.execute(f"ALTER INDEX {temp} RENAME TO {name}")
        for model in store.LIVE.models:
            pk = model._meta.pk
            if pk.get_internal_type() in ("AutoField", "BigAutoField"):
                live = model._meta.db_table
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [live, pk.column])
                (sequence,) = cur.fetchone()
                if sequence:
                    cur.execute(f"ALTER SEQUENCE {sequence} RENAME TO {live}_{pk.column}_seq")


def _temp_name(name: str) -> str:
    suffix = store.NEXT.index_suffix
    return f"{name[: 63 - len(suffix)]}{suffix}"


_CREATE = re.compile(r'^(CREATE (?:VIRTUAL )?TABLE\s+)("?)(\w+)\2', re.IGNORECASE)
_PG_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (?:ONLY )?(\S+) (USING .*)$", re.DOTALL)


def _rename_create(sql: str, table: str) -> str:
    """A SQLite table's CREATE statement (from sqlite_master) for a table of the same definition named ``table``."""
    renamed, n = _CREATE.subn(lambda m: f'{m.group(1)}"{table}"', sql, count=1)
    if n != 1:
        raise DatabaseError(f"unexpected table definition: {sql[:80]}")
    return renamed


def _pg_index_on(definition: str, name: str, table: str) -> str:
    """A live index's definition (``pg_get_indexdef``) for the same index named ``name`` on ``table``."""
    match = _PG_INDEX.match(definition)
    if not match:
        raise DatabaseError(f"unexpected index definition: {definition[:80]}")
    return f"CREATE {match.group(1) or ''}INDEX {name} ON {table} {match.group(4)}"


# --- the rebuild ----------------------------------------------------------------------------------------------


class Rebuild:
    """One rebuild of the whole index. ``progress(done, total, message)`` is called after every batch;
    ``between_batches()`` too (tests use it to act and search in the middle of a rebuild)."""

    def __init__(
        self,
        *,
        batch_size: int = 200,
        progress: Progress | None = None,
        between_batches: Callable[[], None] | None = None,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.batch_size = batch_size
        self.progress = progress or (lambda done, total, message: None)
        self.between_batches = between_batches or (lambda: None)
        self.backend = get_backend()

    def run(self) -> Outcome:
        started = time.monotonic()
        build = start_build(self.backend.name)
        target = ShadowTables() if self.backend.name == "embedded" else ElasticTarget(self.backend)
        try:
            target.create()
            if hasattr(target, "name"):
                build.target = target.name
                build.save(update_fields=["target", "heartbeat_at"])
            done = self._fill(build, target, started)
            target.finish()
            last, replayed = 0, 0
            for _ in range(REPLAY_PASSES):
                ids, last = journaled_since(build, last)
                if not ids:
                    break
                replayed += self._replay(target, ids)
            replayed += self._switch(build, target, last)
        except BaseException as exc:
            log.exception("search index rebuild %s failed", build.pk)
            self._abandon(build, target, exc)
            raise
        self._cleanup(build)
        seconds = time.monotonic() - started
        message = f"完成：{done} 件，用时 {seconds:.1f} 秒"
        self.progress(done, build.total, message)
        return Outcome(build=build, cases=done, replayed=replayed, seconds=seconds, fulltext=target.fulltext)

    def _fill(self, build: IndexBuild, target, started: float) -> int:
        done = 0
        total = build.total
        for ids in id_batches(Case.objects.all(), self.batch_size):
            entries, _gone = entries_of(ids)
            target.write(entries, fresh=True)
            done += len(entries)
            total = max(total, done)
            IndexBuild.objects.filter(pk=build.pk).update(done=done, total=total, heartbeat_at=timezone.now())
            rate = done / max(time.monotonic() - started, 1e-6)
            self.progress(done, total, f"已重建 {done}/{total} 件（{rate:.0f} 件/秒）")
            self.between_batches()
        build.done, build.total = done, total
        return done

    def _replay(self, target, case_ids: list[int]) -> int:
        """Re-read journaled cases into the new generation (idempotent: each is replaced from the case as it is
        now, or removed when it is gone)."""
        for start in range(0, len(case_ids), self.batch_size):
            batch = case_ids[start : start + self.batch_size]
            entries, gone = entries_of(batch)
            if gone:
                target.delete(gone)
            if entries:
                target.write(entries, fresh=False)
        return len(case_ids)

    def _switch(self, build: IndexBuild, target, last: int) -> int:
        if isinstance(target, ElasticTarget):
            return target.switch(build, last, self._replay)
        for attempt in range(SWITCH_ATTEMPTS):
            try:
                with transaction.atomic(), connection.cursor() as cur:
                    target.lock_live(cur)
                    ids, _last = journaled_since(build, last)
                    replayed = self._replay(target, ids) if ids else 0
                    target.swap(cur)
                    _mark_live(build, replayed)
                return replayed
            except OperationalError as exc:
                # PostgreSQL lock timeout (a long search or write holds a live table): give way, then retry.
                if attempt == SWITCH_ATTEMPTS - 1 or connection.vendor != "postgresql":
                    raise
                log.info("index switch waiting for the live tables (%s), retrying", exc)
                time.sleep(min(0.05 * (attempt + 1), 1.0))
        raise AssertionError("unreachable")

    def _abandon(self, build: IndexBuild, target, exc: BaseException) -> None:
        try:
            target.drop()
        except Exception:  # noqa: BLE001 - the failure being reported matters more
            log.exception("could not drop the unfinished generation of build %s", build.pk)
        try:
            _fail(build, f"{type(exc).__name__}: {exc}")
        except Exception:  # noqa: BLE001
            log.exception("could not record the failure of build %s", build.pk)

    def _cleanup(self, build: IndexBuild) -> None:
        """Failed indexing recorded before the build started is covered by it (the build read every case after
        that); newer failures stay for their retry. Journal rows left by updates that committed after the switch
        are dropped (those updates wrote the new generation)."""
        IndexTask.objects.filter(updated_at__lt=build.started_at).delete()
        IndexJournal.objects.exclude(build__state=BuildState.BUILDING).delete()


def _mark_live(build: IndexBuild, replayed: int) -> None:
    build.state, build.finished_at = BuildState.LIVE, timezone.now()
    build.replayed = replayed
    build.save(update_fields=["state", "finished_at", "replayed", "done", "total", "heartbeat_at"])
    IndexJournal.objects.filter(build=build).delete()


# --- Elasticsearch: a new index behind the alias ---------------------------------------------------------------


class ElasticTarget:
    """A new concrete index; the database store rows (display, snippets, export) are replaced in place."""

    fulltext = "Elasticsearch"

    def __init__(self, backend):
        self.backend = backend
        self.name = ""

    def create(self) -> None:
        self.name = self.backend.create_generation()

    def write(self, entries: list, *, fresh: bool) -> None:
        with transaction.atomic():
            store.write_docs(entries, fulltext=False)
        self.backend.write_generation(self.name, entries)

    def delete(self, case_ids: list[int]) -> None:
        with transaction.atomic():
            store.delete_docs(case_ids, fulltext=False)
        self.backend.delete_from(self.name, case_ids)

    def finish(self) -> None:
        self.backend.refresh(self.name)

    def drop(self) -> None:
        if self.name:
            self.backend.drop_generation(self.name)

    def switch(self, build: IndexBuild, last: int, replay) -> int:
        """Swap the alias (one atomic ``update_aliases``), delete the old index, then replay what was journaled
        meanwhile: those updates went to the old index through the alias; each replay re-reads its case, so
        replaying after the swap leaves the new index current."""
        ids, last = journaled_since(build, last)
        replayed = replay(self, ids) if ids else 0
        self.backend.switch_to(self.name)
        with transaction.atomic():
            ids, _last = journaled_since(build, last)
            if ids:
                replayed += replay(self, ids)
            _mark_live(build, replayed)
        self.backend.refresh(self.name)
        orphans = list(
            store.LIVE.doc.objects.exclude(case_id__in=Case.objects.values("pk")).values_list("pk", flat=True)
        )
        if orphans:
            self.backend.delete(orphans)
        return replayed
