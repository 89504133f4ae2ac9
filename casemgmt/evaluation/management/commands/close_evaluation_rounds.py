"""Close the evaluation rounds whose deadline has passed, revoking the evaluators' read grants (run nightly):

manage.py close_evaluation_rounds
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from casemgmt.evaluation.rounds import rounds_close_expired


class Command(BaseCommand):
    help = "结束已过评查截止日期的评查活动并收回评查人员的阅卷权限 / close evaluation rounds past their deadline"

    def handle(self, *args, **options):
        closed = rounds_close_expired(today=timezone.localdate())
        for round_ in closed:
            self.stdout.write(f"已结束：{round_.title}（截止 {round_.deadline:%Y-%m-%d}）")
        self.stdout.write(f"共结束评查活动 {len(closed)} 个")
