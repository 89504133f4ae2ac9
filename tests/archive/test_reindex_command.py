"""manage.py reindex: batches with progress, replaces the whole index, drops entries of deleted cases."""

from io import StringIO

from django.core.management import call_command

from casemgmt.archive.models import SearchDoc
from tests.archive.helpers import entry
from tests.builders import clue


def test_reindex_rebuilds_every_case_in_batches_and_drops_orphans(world):
    cases = [clue(world) for _ in range(3)]
    from casemgmt.archive.backends import get_backend

    get_backend().index([entry(999_999, units=(world.brigade.pk,), number="已删除的案件")])
    out = StringIO()
    call_command("reindex", "--batch-size", "2", stdout=out)
    text = out.getvalue()
    assert "2/3" in text and "3/3" in text and "完成：3 件" in text
    assert sorted(SearchDoc.objects.values_list("case_id", flat=True)) == sorted(c.pk for c in cases)
