"""Export the 双公示 administrative-penalty records of an enforcement subject for a period.

    manage.py disclosure_export --unit 城关镇人民政府 --from 2026-01-01 --to 2026-03-31 --format csv -o out.csv

Records that fail validation are listed on stderr (case number, field, message); the export is then refused
unless ``--valid-only`` (only the valid records are written). Decisions not published are listed with the reason.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from casemgmt.cases.models import Case
from casemgmt.disclosure import formats
from casemgmt.disclosure.records import BASES, PeriodError, disclosure_batch, parse_period
from casemgmt.org.models import Unit
from casemgmt.org.selectors import unit_subtree_ids


class Command(BaseCommand):
    help = "导出行政处罚信息（双公示）：--unit 执法主体（名称或编号） --from/--to 期间 --format csv|xlsx|json"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="执法主体的名称或编号（含其下级单位）")
        parser.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")
        parser.add_argument("--format", choices=sorted(formats.CONTENT_TYPES), default="csv")
        parser.add_argument(
            "--basis", choices=sorted(BASES), default="decided", help="decided：决定日期；published：公示/撤下日期"
        )
        parser.add_argument("--valid-only", action="store_true", help="有记录未通过校验时仍导出通过校验的记录")
        parser.add_argument("-o", "--output", help="输出文件（缺省：标准输出；xlsx 必须指定）")

    def handle(self, *args, **opts):
        unit = self._unit(opts["unit"])
        today = timezone.localdate()
        try:
            basis, start, end = parse_period(
                {"basis": opts["basis"], "from": opts["start"], "to": opts["end"]}, today=today
            )
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        if opts["format"] == "xlsx" and not opts["output"]:
            raise CommandError("xlsx 格式须用 --output 指定输出文件")
        units = unit_subtree_ids({unit.pk})
        cases = Case.objects.filter(Q(enforcement_subject_id__in=units) | Q(handling_unit_id__in=units))
        batch = disclosure_batch(cases=cases, basis=basis, start=start, end=end, today=today)
        for x in batch.exclusions:
            self.stderr.write(f"不予公示 {x.case_number}：{x.reason}")
        for record in batch.invalid:
            for error in record.errors:
                self.stderr.write(
                    f"校验未通过 {record.case_number}｜{record.party_name}｜{error.field}：{error.message}"
                )
        if batch.invalid and not opts["valid_only"]:
            raise CommandError(
                f"{len(batch.invalid)}条记录未通过校验，未导出；改正后重试，或加 --valid-only 仅导出校验通过的记录"
            )
        data = formats.as_bytes(batch.valid, opts["format"])
        if opts["output"]:
            with open(opts["output"], "wb") as fh:
                fh.write(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
        self.stderr.write(f"已导出 {len(batch.valid)} 条（{unit.name}，{start}至{end}）")

    def _unit(self, text: str) -> Unit:
        unit = Unit.objects.filter(pk=int(text)).first() if text.isdigit() else Unit.objects.filter(name=text).first()
        if unit is None:
            raise CommandError(f"执法主体“{text}”不存在")
        return unit
