"""manage.py reindex: rebuild the search index in batches with bounded memory, or retry failed indexing."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from casemgmt.archive import store
from casemgmt.archive.backends import get_backend
from casemgmt.archive.entries import build_entry
from casemgmt.archive.indexing import index_now
from casemgmt.archive.models import IndexTask, SearchDoc
from casemgmt.cases.models import Case


def id_batches(queryset, size: int):
    """Primary keys in ascending batches (keyset pagination: memory stays bounded by ``size``)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


class Command(BaseCommand):
    help = "重建案卷检索索引（分批，显示进度）；--pending 只重试待处理/失败的索引任务"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--pending", action="store_true", help="只处理索引任务表中待处理或失败的案件")
        parser.add_argument("--case", type=int, action="append", help="只重建这些案件（可重复）")

    def handle(self, *args, batch_size: int, pending: bool, case: list[int] | None, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 至少为 1")
        if pending:
            ids = list(IndexTask.objects.order_by("case_id").values_list("case_id", flat=True))
            failed = 0
            for start in range(0, len(ids), batch_size):
                _, bad = index_now(ids[start : start + batch_size])
                failed += bad
            self.stdout.write(f"重试 {len(ids)} 件，失败 {failed} 件")
            if failed:
                raise CommandError(f"{failed} 件仍然失败，见管理后台“索引任务”")
            return
        if case:
            done, failed = index_now(case)
            self.stdout.write(f"已重建 {done} 件，失败 {failed} 件")
            return
        self._rebuild(batch_size)

    def _rebuild(self, batch_size: int) -> None:
        backend = get_backend()
        cases = Case.objects.all()
        total = cases.count()
        started = time.monotonic()
        done = 0

        def batches():
            nonlocal done
            for ids in id_batches(cases, batch_size):
                entries = [build_entry(c) for c in Case.objects.filter(pk__in=ids).order_by("pk")]
                yield entries
                done += len(ids)
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"\r{done}/{total} 件（{rate:.0f} 件/秒）", ending="")
                self.stdout.flush()

        if backend.name == "elasticsearch":
            # Rows for display go to the database store; ES gets a fresh index behind its alias.
            def both():
                for entries in batches():
                    store.write_docs(entries, fulltext=False)
                    yield entries

            backend.rebuild(both())
        else:
            pg = connection.vendor == "postgresql"
            with transaction.atomic():
                store.clear_all()
                if pg:  # bulk load first, then build the indexes (RUM too when it has been installed since)
                    with connection.cursor() as cur:
                        store.drop_fulltext_indexes(cur)
            for entries in batches():
                with transaction.atomic():
                    backend.index(entries)
            if pg:
                with connection.cursor() as cur:
                    rum = store.create_fulltext_indexes(cur)
                    cur.execute("ANALYZE archive_searchdoc")
                self.stdout.write(f"\n全文索引已重建（GIN{' + RUM' if rum else ''}）", ending="")
        orphans = list(SearchDoc.objects.exclude(case_id__in=Case.objects.values("pk")).values_list("pk", flat=True))
        if orphans:
            backend.delete(orphans)
        IndexTask.objects.filter(case_id__in=Case.objects.values("pk")).delete()
        self.stdout.write(f"\n完成：{done} 件，用时 {time.monotonic() - started:.1f} 秒（{backend.label}）")
