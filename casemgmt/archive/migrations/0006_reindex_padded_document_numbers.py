"""Queue for reindexing the cases whose 文号 the index holds in a form the search now normalises away.

Since this release a 文号 is indexed and searched in its generated shape (``casemgmt.org.docnumber``): 第 before
the serial and zero padding (城关镇综执罚〔2026〕第012号) are dropped from the index tokens. Cases indexed before
with such numbers (a 文号 class whose pattern pads the serial) would not be found by the normalised query until
they are indexed again: this migration records them as pending ``IndexTask`` rows, which ``manage.py reindex
--pending`` (or the admin's 索引任务 page) indexes. Other numbers index to the same tokens as before. A full
``manage.py reindex`` also covers them.
"""

from django.db import migrations

# A year in any closing bracket followed by 第 or a zero-padded serial (the frozen form of docnumber.TYPED_TAIL,
# written so that SQLite's Python ``re`` and PostgreSQL's ``~`` read it alike: ``]`` first in the bracket class).
NOT_CANONICAL = r"[0-9０-９]{4}\s*[]〕)】〉〗）］﹞]\s*(第|[0０][0-9０-９])"


def queue_cases(apps, schema_editor):
    SearchDoc = apps.get_model("archive", "SearchDoc")
    IndexTask = apps.get_model("archive", "IndexTask")
    ids = SearchDoc.objects.filter(identifiers__regex=NOT_CANONICAL).values_list("case_id", flat=True)
    batch = []
    for case_id in ids.iterator(chunk_size=2000):
        batch.append(IndexTask(case_id=case_id, state="pending", last_error="文号检索规范化：待重建索引"))
        if len(batch) >= 2000:
            IndexTask.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    IndexTask.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_index_generations"),
    ]

    operations = [migrations.RunPython(queue_cases, migrations.RunPython.noop)]
