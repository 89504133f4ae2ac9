"""Nightly supervision check (cron / systemd timer): clocks, rulebook problems and self-check scores of every open
case (and of cases closed since their last check), stored for the dashboard (监督看板)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from casemgmt.supervision.models import SweepTrigger
from casemgmt.supervision.snapshots import sweep_run


class Command(BaseCommand):
    help = "运行监督检查：计算所有在办案件的期限、规则检查问题和自查预测得分，供监督看板使用"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="检查基准日 YYYY-MM-DD（默认今天）")

    def handle(self, *args, **options):
        step = {"next": 0}

        def progress(done: int, of: int) -> None:
            if options["verbosity"] >= 2 or done >= step["next"] or done == of:
                self.stdout.write(f"  {done}/{of}")
                step["next"] = done + max(of // 10, 1)

        try:
            run = sweep_run(trigger=SweepTrigger.SCHEDULED, today=options["date"], progress=progress)
        except Exception as exc:
            raise CommandError(f"监督检查失败：{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"监督检查完成（截至 {run.as_of}）：检查案件 {run.cases_checked} 件，发现问题 {run.problems_found} 处，"
                f"超期期限 {run.clocks_red} 个，临近届满 {run.clocks_yellow} 个，用时 {run.seconds:.1f} 秒"
            )
        )
