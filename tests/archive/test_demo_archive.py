"""The demo archives its older closed cases through the archive service and leaves every case indexed."""

import datetime as dt

from casemgmt.archive.models import ArchiveRecord, SearchDoc
from casemgmt.cases import models as m
from casemgmt.demo.archive import archive_demo_cases, index_unindexed
from tests.archive.conftest import closed_case
from tests.builders import clue


def test_demo_archives_older_closed_cases_and_indexes_everything(world):
    first, second = closed_case(world), closed_case(world)
    m.Case.objects.filter(pk=first.pk).update(closed_on=dt.date(2026, 3, 31))  # closed earlier than the second
    open_case = clue(world)
    assert archive_demo_cases(seed=1, today=dt.date(2026, 6, 1)) == 1
    assert list(ArchiveRecord.objects.values_list("case_id", flat=True)) == [first.pk]
    assert index_unindexed() == 3  # the test's transaction never commits: nothing was indexed after an act
    assert set(SearchDoc.objects.values_list("case_id", flat=True)) == {first.pk, second.pk, open_case.pk}
    assert SearchDoc.objects.get(case_id=first.pk).archived
