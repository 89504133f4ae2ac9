from django.core.management.base import BaseCommand

from casemgmt.cases.eventlog import anchor_case_logs, anchor_file


class Command(BaseCommand):
    help = "生成当日的操作记录锚点：全部案件记录头的摘要，与上一锚点相链并以HMAC签名，同时追加到锚点文件（每日运行）。"

    def handle(self, *args, **options):
        anchor = anchor_case_logs()
        self.stdout.write(
            self.style.SUCCESS(
                f"锚点第{anchor.pk}号（{anchor.day}）：{anchor.cases}个案件、{anchor.events}条记录，"
                f"摘要{anchor.heads_digest[:16]}…，已写入{anchor_file()}"
            )
        )
