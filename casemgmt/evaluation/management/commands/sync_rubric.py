from django.core.management.base import BaseCommand

from casemgmt.evaluation.rubrics import sync_default_rubric


class Command(BaseCommand):
    help = "安装默认的行政处罚案卷评查标准（已存在同名标准时不变）"

    def handle(self, *args, **options):
        rubric = sync_default_rubric()
        self.stdout.write(f"{rubric}：{rubric.items.count()}个评查项目，{'现行' if rubric.is_active else '非现行'}")
