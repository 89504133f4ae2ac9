"""The unit tree: one snapshot of the unit table answers every walk (above, below, subject, township, government)."""

from __future__ import annotations

import pytest

from casemgmt.org import tree as tree_module
from casemgmt.org.models import Unit, UnitKind
from casemgmt.org.selectors import unit_subtree_ids
from casemgmt.org.tree import clear_unit_tree, unit_tree
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def squadron(world):
    return UnitFactory(name="城关镇综合行政执法大队第一中队", kind=UnitKind.SQUADRON, parent=world.brigade)


def test_ancestors_are_the_units_above_nearest_first(world, squadron):
    tree = unit_tree()
    assert tree.ancestors(squadron.pk) == [world.brigade.pk, world.township.pk, world.county.pk]
    assert tree.ancestors(world.county.pk) == []


def test_chain_is_the_unit_and_the_units_above_it(world, squadron):
    tree = unit_tree()
    assert tree.chain(world.brigade.pk) == [world.brigade.pk, world.township.pk, world.county.pk]
    assert tree.chain(world.county_dept.pk) == [world.county_dept.pk, world.county.pk]
    assert tree.chain(None) == []


def test_subtree_is_the_units_and_all_their_descendants(world, squadron):
    tree = unit_tree()
    assert tree.subtree({world.township.pk}) == {world.township.pk, world.brigade.pk, squadron.pk}
    assert tree.subtree({world.brigade.pk, world.other_township.pk}) == {
        world.brigade.pk,
        squadron.pk,
        world.other_township.pk,
        world.other_brigade.pk,
    }
    assert tree.subtree({world.county.pk}) == set(Unit.objects.values_list("pk", flat=True))
    assert tree.subtree(set()) == set()


def test_a_brigade_and_its_squadron_act_for_their_township(world, squadron):
    tree = unit_tree()
    assert tree.enforcement_subject(world.brigade.pk) == world.township.pk
    assert tree.enforcement_subject(squadron.pk) == world.township.pk
    assert tree.enforcement_subject(world.county_dept.pk) == world.county_dept.pk
    assert tree.enforcement_subject(world.justice.pk) is None
    assert tree.enforcement_subject(world.county.pk) is None


def test_unit_enforcement_subject_reads_the_tree(world, squadron):
    assert squadron.enforcement_subject() == world.township
    assert world.brigade.enforcement_subject() == world.township
    assert world.township.enforcement_subject() == world.township
    assert world.county.enforcement_subject() is None


def test_township_of_a_brigade_or_squadron_is_the_township_above_it(world, squadron):
    tree = unit_tree()
    assert tree.township_of(squadron.pk) == world.township.pk
    assert tree.township_of(world.other_brigade.pk) == world.other_township.pk
    assert tree.township_of(world.township.pk) == world.township.pk
    assert tree.township_of(world.county_dept.pk) is None


def test_government_of_is_the_township_or_the_county_government(world, squadron):
    tree = unit_tree()
    assert tree.government_of(squadron.pk) == world.township.pk
    assert tree.government_of(world.county_dept.pk) == world.county.pk
    assert tree.government_of(world.justice.pk) == world.county.pk
    assert tree.government_of(world.county.pk) == world.county.pk


def test_a_unit_newer_than_the_snapshot_is_read_from_the_database(world, django_assert_num_queries):
    tree = unit_tree()
    # As if another process created it: this snapshot was read before the unit existed.
    newer = Unit.objects.create(name="城关镇综合行政执法大队第二中队", kind=UnitKind.SQUADRON, parent=world.brigade)
    with django_assert_num_queries(1):
        assert tree.chain(newer.pk) == [newer.pk, world.brigade.pk, world.township.pk, world.county.pk]
    with django_assert_num_queries(0):
        assert tree.enforcement_subject(newer.pk) == world.township.pk
        assert newer.pk in tree.subtree({world.township.pk})
    assert tree.chain(10**9) == [10**9] and tree.enforcement_subject(10**9) is None


def test_a_unit_created_in_this_process_is_seen_at_once(world):
    unit_tree()
    squadron = UnitFactory(name="河西镇综合行政执法大队第一中队", kind=UnitKind.SQUADRON, parent=world.other_brigade)
    assert squadron.pk in unit_subtree_ids({world.other_township.pk})


def test_a_moved_unit_is_seen_at_once_in_the_same_process(world, squadron):
    assert unit_tree().township_of(squadron.pk) == world.township.pk
    squadron.parent = world.other_brigade
    squadron.save()
    tree = unit_tree()
    assert tree.township_of(squadron.pk) == world.other_township.pk
    assert squadron.pk not in tree.subtree({world.township.pk})
    assert squadron.pk in tree.subtree({world.other_township.pk})


def test_a_deleted_unit_leaves_the_tree(world, squadron):
    assert squadron.pk in unit_tree().subtree({world.brigade.pk})
    pk = squadron.pk
    squadron.delete()
    assert pk not in unit_tree().subtree({world.brigade.pk})


def test_one_query_per_snapshot_load(world, squadron, django_assert_num_queries):
    clear_unit_tree()
    with django_assert_num_queries(1):
        tree = unit_tree()
        tree.chain(squadron.pk)
        tree.subtree({world.county.pk})
        tree.enforcement_subject(squadron.pk)
        tree.government_of(world.county_dept.pk)
    with django_assert_num_queries(0):
        assert unit_tree() is tree
        unit_subtree_ids({world.township.pk})


def test_the_snapshot_is_read_again_after_its_ttl(world, monkeypatch, django_assert_num_queries):
    unit_tree()
    monkeypatch.setattr(tree_module, "UNIT_TREE_TTL_SECONDS", 0.0)
    with django_assert_num_queries(1):
        unit_tree()
