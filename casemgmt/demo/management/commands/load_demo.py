"""Load the demo county 示范县 with several hundred cases at every stage.

manage.py load_demo                 # refuses (exit 0) when the database already holds data
manage.py load_demo --reset         # empties the database first (manage.py flush), then loads
manage.py load_demo --cases 30 --seed 7
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from casemgmt.cases.models import CaseStatus
from casemgmt.demo.evaluation import DEMO_EVALUATOR, demo_rounds
from casemgmt.demo.load import (
    DEMO_PASSWORD,
    LOGINS,
    SCENARIO_LABELS,
    database_in_use,
    demo_present,
    load_demo,
)
from casemgmt.demo.scenarios import OVERDUE_RULES


class Command(BaseCommand):
    help = "载入示范县演示数据（单位、人员、各阶段案件）/ load the 示范县 demo data"

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=300, help="number of cases (default 300)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="pretend today is this date (YYYY-MM-DD, not later than today)"
        )
        parser.add_argument("--reset", action="store_true", help="empty the whole database first (manage.py flush)")
        parser.add_argument("--no-files", action="store_true", help="do not attach small evidence image files")

    def handle(self, *args, **options):
        if options["cases"] < 1:
            raise CommandError("--cases 须为正整数 / must be positive")
        if options["reset"]:
            self.stdout.write("清空数据库 / flushing the database …")
            call_command("flush", interactive=False, verbosity=0)
        elif database_in_use():
            if demo_present():
                self.stdout.write(
                    self.style.WARNING(
                        "示范数据已载入，跳过（如需重建：manage.py load_demo --reset）/ demo data already loaded, skipped"
                    )
                )
                self.print_logins()
            else:
                self.stdout.write(
                    self.style.WARNING(
                        "数据库中已有其他数据，未载入示范数据（如需清空并载入：manage.py load_demo --reset）/ "
                        "the database already holds data; nothing loaded"
                    )
                )
            return

        total = options["cases"]
        step = max(1, total // 10)

        def progress(done: int, of: int) -> None:
            if done % step == 0 or done == of:
                self.stdout.write(f"  案件 {done}/{of}")

        self.stdout.write(f"载入示范县演示数据：{total} 件案件 …")
        result = load_demo(
            cases=total, seed=options["seed"], today=options["today"], files=not options["no_files"], progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：{result.units} 个单位，{result.people} 名人员，{result.cases} 件案件，"
                f"用时 {result.seconds:.1f} 秒（截至 {result.today}）"
            )
        )
        labels = dict(CaseStatus.choices)
        self.stdout.write(
            "案件状态："
            + "，".join(f"{labels.get(k, k)} {n}" for k, n in sorted(result.by_status.items(), key=lambda kv: -kv[1]))
        )
        overdue = [
            f"{SCENARIO_LABELS[name]} {result.by_scenario[name]} 件"
            for name in OVERDUE_RULES
            if result.by_scenario[name]
        ]
        self.stdout.write(f"其中故意设置的逾期案件 {len(result.overdue)} 件（供监督与自查发现）：" + "，".join(overdue))
        self.stdout.write(
            f"已结案案卷均已制作并送达办案过程要求的执法文书；其中 {len(result.gaps)} 件故意缺少评查标准要求的文书"
            "（行政处罚决定审批表或陈述申辩笔录，不影响归档，评查扣分）"
        )
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        width = max(len(login.username) for login in LOGINS)
        for login in LOGINS:
            self.stdout.write(f"  {login.username.ljust(width)}  {DEMO_PASSWORD}  {login.role} · {login.unit}")
        self.print_rounds()

    def print_rounds(self) -> None:
        rounds = demo_rounds()
        base = settings.DOCUMENT_VERIFY_BASE_URL.rstrip("/")
        if rounds.published is not None:
            url = base + reverse("evaluation:round", args=[rounds.published.pk])
            self.stdout.write("")
            self.stdout.write(f"案卷评查（已公布，含排名、自评与评查得分对照、通报等次、典型问题、整改）：{url}")
        if rounds.open is not None:
            url = base + reverse("evaluation:round", args=[rounds.open.pk])
            self.stdout.write(f"待评查的评查活动（以 {DEMO_EVALUATOR} / {DEMO_PASSWORD} 登录评分）：{url}")
