"""Batched case changes (hooks.case_changes_batched): bulk work hands each changed case to the after-change hooks
(search index, dashboard snapshot) once, when the batch ends, instead of after every commit."""

import pytest
from django.db import connection

from casemgmt.archive.models import SearchDoc
from casemgmt.cases import hooks
from casemgmt.supervision.models import CaseSnapshot
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(hooks, "_case_changed", [calls.append])
    return calls


def test_without_a_batch_every_change_reaches_the_hooks_at_once(seen):
    hooks.case_changed(7)
    hooks.case_changed(7)
    assert seen == [7, 7]


def test_a_batch_hands_each_changed_case_on_once_when_it_ends(seen):
    with hooks.case_changes_batched() as changed:
        for pk in (3, 1, 3, 2, 1):
            hooks.case_changed(pk)
        assert seen == [] and changed == {1, 2, 3}
    assert seen == [1, 2, 3]


def test_a_nested_batch_joins_the_outer_one(seen):
    with hooks.case_changes_batched():
        with hooks.case_changes_batched():
            hooks.case_changed(5)
        assert seen == []
        hooks.case_changed(6)
    assert seen == [5, 6]


def test_a_batch_left_by_an_exception_hands_nothing_on_and_ends(seen):
    with pytest.raises(RuntimeError), hooks.case_changes_batched():
        hooks.case_changed(4)
        raise RuntimeError("load failed")
    assert seen == []
    hooks.case_changed(8)  # the batch is over: changes reach the hooks again
    assert seen == [8]


def test_cases_changed_in_a_batch_are_indexed_and_snapshotted_after_it(world, django_capture_on_commit_callbacks):
    connection._archive_pending_index = connection._dashboard_pending_refresh = None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        before = len(connection.run_on_commit)
        with hooks.case_changes_batched():
            first, second = b.filed(world), b.clue(world)
            assert len(connection.run_on_commit) == before  # the acts committed (savepoints here), nothing scheduled
    # After the batch: one index and one snapshot callback for both cases (each then defers its job, which runs
    # after the commit too).
    scheduled = [getattr(cb, "__qualname__", "") for cb in callbacks]
    assert sorted(q.split(".")[0] for q in scheduled if q.endswith("<locals>.run")) == [
        "schedule_index",
        "schedule_refresh",
    ]
    ids = {first.pk, second.pk}
    assert set(SearchDoc.objects.filter(case_id__in=ids).values_list("case_id", flat=True)) == ids
    assert set(CaseSnapshot.objects.filter(case_id__in=ids).values_list("case_id", flat=True)) == ids
