"""Rebuilding the search index never makes it go dark: a new generation is filled while searches read the live
one, the switch is one transaction, and what acts index during the rebuild is in the new generation."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from casemgmt.archive import generations
from casemgmt.archive.backends import Scope, SearchRequest, get_backend
from casemgmt.archive.generations import Rebuild, RebuildBusy, ShadowTables, start_build
from casemgmt.archive.indexing import index_now
from casemgmt.archive.models import BuildState, IndexBuild, IndexJournal, IndexTask
from casemgmt.archive.query import parse_query
from casemgmt.cases import models as m
from tests.builders import clue

EVERYTHING = Scope(everything=True)


def hits(q: str = "") -> set[int]:
    request = SearchRequest(terms=parse_query(q) if q else [], page_size=100, with_facets=False)
    return set(get_backend().search(request, scope=EVERYTHING).case_ids)


def total(q: str = "") -> int:
    request = SearchRequest(terms=parse_query(q) if q else [], page_size=0, with_facets=False)
    return get_backend().search(request, scope=EVERYTHING).total


def shadow_tables_exist() -> bool:
    names = set(connection.introspection.table_names())
    return any(shadow in names for shadow, _live in ShadowTables().pairs)


@pytest.fixture
def indexed_cases(world):
    cases = [clue(world) for _ in range(5)]
    index_now([c.pk for c in cases])
    return cases


def test_searches_during_a_rebuild_return_every_case_before_and_after_the_switch(indexed_cases):
    everyone = {c.pk for c in indexed_cases}
    assert hits() == hits("占用城市道路") == everyone
    seen: list[tuple[set[int], set[int], int]] = []

    def search_between_batches():
        seen.append((hits(), hits("占用城市道路"), total("占用")))

    outcome = Rebuild(batch_size=2, between_batches=search_between_batches).run()
    assert len(seen) == 3  # 5 cases in batches of 2
    assert all(found == everyone and phrase == everyone and n == 5 for found, phrase, n in seen)
    assert hits() == hits("占用城市道路") == everyone and total("占用") == 5
    assert outcome.cases == 5 and outcome.build.state == BuildState.LIVE
    assert not shadow_tables_exist()


def test_an_act_during_a_rebuild_is_in_the_new_generation(world, indexed_cases):
    first, *_ = indexed_cases
    added: list[m.Case] = []

    def act_between_batches():
        if added:
            return
        # An act on a case the rebuild has already copied, and a new case, each indexed as the deferred job does.
        m.Case.objects.filter(pk=first.pk).update(cause="擅自在桥梁上设置广告牌")
        index_now([first.pk])
        added.append(clue(world))
        index_now([added[0].pk])
        assert first.pk in hits("桥梁") and added[0].pk in hits()  # live at once, rebuild or not

    outcome = Rebuild(batch_size=2, between_batches=act_between_batches).run()
    assert outcome.replayed == 2
    assert hits("桥梁") == {first.pk}
    assert first.pk not in hits("占用城市道路")
    assert added[0].pk in hits("占用城市道路")
    assert hits() == {c.pk for c in indexed_cases} | {added[0].pk}
    assert not IndexJournal.objects.exists()


def test_a_case_deleted_during_a_rebuild_is_gone_after_the_switch(indexed_cases):
    first = indexed_cases[0]

    def delete_between_batches():
        if m.Case.objects.filter(pk=first.pk).exists():
            # Already copied into the new generation; removed as a demo reset does (its log first).
            for model in (m.CaseEvent, m.CaseLogHead):
                model.objects.filter(case_id=first.pk)._raw_delete(connection.alias)
            m.Case.objects.filter(pk=first.pk).delete()
            index_now([first.pk])
            assert first.pk not in hits()

    Rebuild(batch_size=2, between_batches=delete_between_batches).run()
    assert hits() == {c.pk for c in indexed_cases[1:]}


def test_a_failed_rebuild_keeps_the_live_index_and_drops_its_generation(indexed_cases):
    def fail():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        Rebuild(batch_size=2, between_batches=fail).run()
    build = IndexBuild.objects.get()
    assert build.state == BuildState.FAILED and "disk full" in build.reason
    assert hits("占用城市道路") == {c.pk for c in indexed_cases}
    assert not shadow_tables_exist()
    # The next rebuild starts afresh.
    assert Rebuild(batch_size=10).run().cases == 5


def test_one_rebuild_at_a_time_and_a_dead_one_is_replaced(indexed_cases):
    running = start_build("embedded")
    with pytest.raises(RebuildBusy, match="正在重建"):
        Rebuild().run()
    IndexBuild.objects.filter(pk=running.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    assert Rebuild().run().cases == 5
    running.refresh_from_db()
    assert running.state == BuildState.FAILED and "中止" in running.reason


def test_incremental_updates_journal_only_while_a_rebuild_runs(indexed_cases):
    case = indexed_cases[0]
    index_now([case.pk])
    assert not IndexJournal.objects.exists()
    build = start_build("embedded")
    index_now([case.pk])
    assert list(IndexJournal.objects.values_list("build", "case_id")) == [(build.pk, case.pk)]


def test_failures_older_than_the_rebuild_are_cleared_newer_ones_kept(indexed_cases):
    old, new = indexed_cases[0], indexed_cases[1]
    IndexTask.objects.create(case_id=old.pk, state="failed", attempts=1)
    IndexTask.objects.filter(case_id=old.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=5))

    def fail_during():
        if not IndexTask.objects.filter(case_id=new.pk).exists():
            IndexTask.objects.create(case_id=new.pk, state="failed", attempts=1)

    Rebuild(between_batches=fail_during).run()
    assert list(IndexTask.objects.values_list("case_id", flat=True)) == [new.pk]


def test_the_command_rebuilds_in_process_with_progress(indexed_cases):
    out = StringIO()
    call_command("reindex", "--batch-size", "2", stdout=out)
    text = out.getvalue()
    assert "2/5" in text and "4/5" in text and "5/5" in text and "已切换到新索引" in text
    assert IndexBuild.objects.get().state == BuildState.LIVE
    assert hits() == {c.pk for c in indexed_cases}


def test_the_command_refuses_while_a_rebuild_runs(indexed_cases):
    from django.core.management.base import CommandError

    start_build("embedded")
    with pytest.raises(CommandError, match="正在重建"):
        call_command("reindex", stdout=StringIO())


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="needs a second connection to a server database (the SQLite test database is in memory); "
    "bench/reindex.py covers SQLite with a file database",
)
# No serialized_rollback: tests/conftest.py's _reference_data puts back what the data migrations seeded after a
# transactional test's flush (serialized_rollback collides with the content types the flush re-creates).
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_search_never_sees_a_partial_index_during_the_switch(world):
    """Another connection searches without pause through the whole rebuild, the switch included."""
    cases = [clue(world) for _ in range(6)]
    index_now([c.pk for c in cases])
    stop = threading.Event()
    totals: list[int] = []
    errors: list[BaseException] = []

    def searcher():
        try:
            while not stop.is_set():
                totals.append(total("占用城市道路"))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=searcher)
    thread.start()
    try:
        Rebuild(batch_size=1, between_batches=lambda: generations.time.sleep(0.02)).run()
        generations.time.sleep(0.05)
    finally:
        stop.set()
        thread.join(30)
    assert not errors
    assert len(totals) > 10 and set(totals) == {6}


def test_on_elasticsearch_a_rebuild_fills_a_new_index_and_swaps_the_alias(world, settings, monkeypatch):
    """The same guarantees on Elasticsearch (a real server only: ELASTICSEARCH_URL)."""
    import os
    import uuid

    from casemgmt.archive import backends

    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("Elasticsearch rebuild needs a real server: set ELASTICSEARCH_URL (none can run on this machine)")
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX = url, f"casemgmt-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(backends, "_cache", {})
    es = get_backend()
    try:
        cases = [clue(world) for _ in range(4)]
        index_now([c.pk for c in cases])
        before = es.live_indexes()
        seen = []
        added = []

        def between():
            seen.append(hits("占用城市道路"))
            if not added:
                added.append(clue(world))
                index_now([added[0].pk])

        Rebuild(batch_size=2, between_batches=between).run()
        everyone = {c.pk for c in cases}
        assert all(everyone <= found for found in seen)
        assert hits("占用城市道路") == everyone | {added[0].pk}
        assert es.live_indexes() != before and len(es.live_indexes()) == 1
    finally:
        es.client.indices.delete(index=f"{es.alias}-*", ignore_unavailable=True)
