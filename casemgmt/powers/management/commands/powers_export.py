"""manage.py powers_export matters|grants FILE.(csv|xlsx)"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from casemgmt.powers import io as pio


class Command(BaseCommand):
    help = "导出执法事项清单或赋权事项清单（CSV/xlsx，按文件扩展名）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["matters", "grants"])
        parser.add_argument("file")

    def handle(self, *args, kind, file, **options):
        path = Path(file)
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        data = (pio.export_matters if kind == "matters" else pio.export_grants)(fmt)
        path.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"已导出到{path}"))
