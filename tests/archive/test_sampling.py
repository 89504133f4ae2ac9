"""Reproducible, stratified random sampling of archived files (for the evaluation issue)."""

import datetime as dt

import pytest

from casemgmt.archive.models import ArchiveRecord
from casemgmt.archive.sampling import SampleError, sample_archived_files
from casemgmt.cases import models as m
from tests.builders import clue


@pytest.fixture
def population(world):
    """9 archived files of 城关镇's brigade, 3 of 河西镇's, 1 summary-procedure file, 1 withdrawn record."""
    cases = []
    for i in range(14):
        case = clue(world)
        unit = world.brigade if i < 10 else world.other_brigade
        procedure = m.ProcedureType.SUMMARY if i == 9 else m.ProcedureType.ORDINARY
        status = m.CaseStatus.CLOSED if i == 13 else m.CaseStatus.ARCHIVED
        # Test setup: the archive state without running 14 cases through the whole procedure.
        m.Case.objects.filter(pk=case.pk).update(
            enforcement_subject=unit,
            handling_unit=unit,
            procedure=procedure,
            status=status,
            closed_on=dt.date(2026, 3, 1 + i),
        )
        ArchiveRecord.objects.create(
            case=case,
            archive_number=f"2026-{unit.pk}-{i:04d}",
            archived_on=dt.date(2026, 4, 1 + i),
            retention_label="永久",
            withdrawn_at=None if i < 13 else dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        )
        cases.append(case)
    return cases


def ids(sample):
    return [f.case_id for f in sample]


def test_the_same_seed_gives_the_same_sample(world, population):
    assert ids(sample_archived_files(size=5, seed=2026)) == ids(sample_archived_files(size=5, seed=2026))
    seeds = {tuple(ids(sample_archived_files(size=5, seed=s))) for s in range(10)}
    assert len(seeds) > 1


def test_the_sample_is_stratified_by_unit_in_proportion(world, population):
    sample = sample_archived_files(size=4, seed=1)
    per_unit = {u: sum(1 for f in sample if f.unit_id == u) for u in (world.brigade.pk, world.other_brigade.pk)}
    assert per_unit == {world.brigade.pk: 3, world.other_brigade.pk: 1}  # 10 : 3 files


def test_min_per_unit_and_filters(world, population):
    sample = sample_archived_files(size=2, seed=1, min_per_unit=1)
    assert {f.unit_id for f in sample} == {world.brigade.pk, world.other_brigade.pk}
    summary = sample_archived_files(size=1, seed=1, procedure="summary")
    assert ids(summary) == [population[9].pk]
    period = sample_archived_files(size=2, seed=1, archived_from=dt.date(2026, 4, 11), archived_to=dt.date(2026, 4, 13))
    assert set(ids(period)) <= {population[10].pk, population[11].pk, population[12].pk}
    only = sample_archived_files(size=3, seed=1, unit_ids=[world.other_brigade.pk])
    assert sorted(ids(only)) == sorted(c.pk for c in population[10:13])


def test_withdrawn_records_are_not_sampled(world, population):
    assert population[13].pk not in ids(sample_archived_files(size=13, seed=3))


def test_a_sample_larger_than_the_population_is_a_clear_error(world, population):
    with pytest.raises(SampleError, match="大于符合条件的归档案卷数（13）"):
        sample_archived_files(size=14, seed=1)
    with pytest.raises(SampleError, match="没有符合条件"):
        sample_archived_files(size=1, seed=1, unit_ids=[world.county_dept.pk])
    with pytest.raises(SampleError):
        sample_archived_files(size=0, seed=1)
    with pytest.raises(SampleError, match="未知的程序类型"):
        sample_archived_files(size=1, seed=1, procedure="secret")
