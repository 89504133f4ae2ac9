"""manage.py powers_import matters|grants FILE.(csv|xlsx) — all rows or nothing; every bad row is listed."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casemgmt.powers import io as pio


class Command(BaseCommand):
    help = "导入执法事项清单或赋权事项清单（CSV/xlsx）；有任何错误行则全部不导入"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["matters", "grants"])
        parser.add_argument("file")

    def handle(self, *args, kind, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        importer = pio.import_matters if kind == "matters" else pio.import_grants
        try:
            report = importer(path.read_bytes(), path.name)
        except pio.ImportRejected as rejected:
            for line in rejected.errors:
                self.stderr.write(line)
            raise CommandError(f"共{len(rejected.errors)}处错误，未导入任何数据") from None
        self.stdout.write(self.style.SUCCESS(f"新增{report.created}条，更新{report.updated}条"))
