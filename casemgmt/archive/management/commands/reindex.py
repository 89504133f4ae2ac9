"""manage.py reindex: rebuild the search index in-process (into a new generation, switched to atomically, with
progress on the console), or retry failed indexing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casemgmt.archive.generations import Rebuild, RebuildBusy, id_batches
from casemgmt.archive.indexing import index_now
from casemgmt.archive.models import IndexTask

__all__ = ["Command", "id_batches"]


class Command(BaseCommand):
    help = "重建案卷检索索引（建新索引后原子切换，重建期间检索不受影响；分批，显示进度）；--pending 只重试待处理/失败的索引任务"

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
        def progress(done: int, total: int, message: str) -> None:
            self.stdout.write(f"\r{message}", ending="")
            self.stdout.flush()

        try:
            outcome = Rebuild(batch_size=batch_size, progress=progress).run()
        except RebuildBusy as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"\n已切换到新索引（{outcome.fulltext}；重建期间的 {outcome.replayed} 件更新已并入）；"
            f"{outcome.rate:.0f} 件/秒"
        )
