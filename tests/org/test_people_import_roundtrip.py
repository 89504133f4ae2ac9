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
