"""Export → import dry run → no changes, for the .xlsx workbook and the three CSV files."""

from __future__ import annotations

from casemgmt.org.imports import (
    CERTIFICATES,
    OFFICERS,
    UNITS,
    Source,
    export_csv,
    export_xlsx,
    people_import_plan,
)
from casemgmt.org.models import Certificate, Membership, Unit


def test_exported_workbook_imports_back_without_changes(world):
    plan = people_import_plan(sources=[Source("人员.xlsx", export_xlsx())])
    assert plan.problems == []
    assert {r.action for r in plan.all_rows()} == {"无变化"}
    assert len(plan.rows[UNITS]) == Unit.objects.count()
    assert len(plan.rows[OFFICERS]) == Membership.objects.count()
    assert len(plan.rows[CERTIFICATES]) == Certificate.objects.count() > 0


def test_exported_csv_files_import_back_without_changes(world):
    sources = [Source(f"{t}.csv", export_csv(t)) for t in (UNITS, OFFICERS, CERTIFICATES)]
    plan = people_import_plan(sources=sources)
    assert plan.problems == []
    assert plan.good_changes == 0


def test_dry_run_queries_do_not_grow_with_the_rows(world, django_assert_max_num_queries):
    from tests.factories import make_officer

    for i in range(30):
        make_officer(world.brigade, name=f"新人{i}", username=f"new{i}")
    data = export_xlsx()
    with django_assert_max_num_queries(12):
        plan = people_import_plan(sources=[Source("人员.xlsx", data)])
    assert len(plan.rows[OFFICERS]) > 30 and plan.good_changes == 0
