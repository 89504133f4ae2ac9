"""Certificates ending within the notice period (CERTIFICATE_EXPIRY_NOTICE_DAYS), expired or suspended, for the
whole county or one unit (with its sub-units): as text, or as a CSV/.xlsx file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casemgmt.files.tabular import csv_bytes
from casemgmt.org.expiry import certificate_expiry, expiry_table, expiry_xlsx
from casemgmt.org.models import CERTIFICATE_EXPIRY_NOTICE_DAYS, Unit


class Command(BaseCommand):
    help = f"执法证到期提醒：{CERTIFICATE_EXPIRY_NOTICE_DAYS}日内到期、已过期和暂扣的执法证"

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="单位名称（含其下属单位）；默认全县")
        parser.add_argument("--days", type=int, default=CERTIFICATE_EXPIRY_NOTICE_DAYS, help="提前提醒的天数")
        parser.add_argument("--output", help="写入文件（.csv 或 .xlsx）；默认打印")

    def handle(self, *args, unit, days, output, **options):
        if days < 0 or days > 3660:
            raise CommandError("--days 应为0到3660之间的天数")
        chosen = None
        if unit:
            chosen = Unit.objects.filter(name=unit).first()
            if chosen is None:
                raise CommandError(f"单位不存在：{unit}")
        rows = certificate_expiry(today=timezone.localdate(), unit=chosen, days=days)
        if output:
            path = Path(output)
            if path.suffix.lower() == ".xlsx":
                path.write_bytes(expiry_xlsx(rows))
            elif path.suffix.lower() == ".csv":
                path.write_bytes(csv_bytes(expiry_table(rows)))
            else:
                raise CommandError("--output 应为 .csv 或 .xlsx 文件")
            self.stdout.write(f"已写入{len(rows)}张执法证：{path}")
            return
        for row in rows:
            c = row.certificate
            self.stdout.write(f"{row.units}\t{row.officer.name}\t{c.number}\t{c.valid_to}\t{row.label}\t{row.hint}")
        self.stdout.write(f"共{len(rows)}张执法证（{days}日内到期、已过期或暂扣）")
