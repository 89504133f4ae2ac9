"""行政执法数据统计年报 from the command line (an operator, a cron job before the report is due):

    manage.py annual_statistics --year 2025 --unit county --format xlsx --output 2025-全县.xlsx
    manage.py annual_statistics --year 2025 --unit 城关镇人民政府 --format json --output -

The same tables as the dashboard's page (``casemgmt.supervision.annual``); the command runs with the operator's
rights over the database, so every unit and the county are open to it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casemgmt.cases.services.base import InputError
from casemgmt.org.models import Unit
from casemgmt.org.tree import ENFORCEMENT_SUBJECT_KINDS
from casemgmt.supervision.annual import annual_statistics, parse_year
from casemgmt.supervision.annual_export import annual_json, annual_xlsx

RENDER = {"xlsx": annual_xlsx, "json": annual_json}


class Command(BaseCommand):
    help = "生成行政执法数据统计年报（某一执法主体或全县）：.xlsx 或 JSON"

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="统计年度，如 2025")
        parser.add_argument(
            "--unit", default="county", help="执法主体的 id 或全称；county（默认）为全县各执法主体及合计"
        )
        parser.add_argument("--format", choices=sorted(RENDER), default="xlsx", help="xlsx（默认）或 json")
        parser.add_argument("--output", required=True, help="输出文件路径；- 为标准输出")

    def handle(self, *args, **options):
        try:
            year = parse_year(options["year"])
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        unit = self._unit(options["unit"].strip())
        started = time.monotonic()
        annual = annual_statistics(year=year, unit=unit)
        data = RENDER[options["format"]](annual)
        if options["output"] == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(f"输出目录不存在：{path.parent}")
        path.write_bytes(data)
        self.stderr.write(
            f"已生成{annual.scope_name}{year}年度统计：{path}（{len(data)} 字节，用时 {time.monotonic() - started:.1f} 秒）"
        )

    def _unit(self, value: str) -> Unit | None:
        if value in ("", "county"):
            return None
        subjects = Unit.objects.filter(kind__in=ENFORCEMENT_SUBJECT_KINDS)
        unit = subjects.filter(pk=int(value)).first() if value.isdigit() else subjects.filter(name=value).first()
        if unit is None:
            raise CommandError(f"执法主体不存在：{value}（须为乡镇人民政府或县级部门的 id 或全称）")
        return unit
