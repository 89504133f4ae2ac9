from django.core.management.base import BaseCommand, CommandError

from casemgmt.cases.eventlog import verify_case_logs
from casemgmt.cases.models import Case


class Command(BaseCommand):
    help = "校验案件操作记录的哈希链，发现被修改、删除或调换的记录（全过程记录）。"

    def add_arguments(self, parser):
        parser.add_argument("case", nargs="*", help="案件ID或案件编号；不填则校验全部案件")

    def handle(self, *args, case, **options):
        ids: list[int] = []
        for ref in case:
            found = Case.objects.filter(pk=int(ref)) if ref.isdigit() else Case.objects.filter(number=ref)
            pk = found.values_list("pk", flat=True).first()
            if pk is None:
                raise CommandError(f"找不到案件：{ref}")
            ids.append(pk)
        checked = broken = 0
        for _case_id, breaks in verify_case_logs(ids or None):
            checked += 1
            if breaks:
                broken += 1
                for item in breaks:
                    self.stderr.write(str(item))
        if ids and checked < len(ids):
            self.stdout.write(f"注意：{len(ids) - checked}个案件没有任何操作记录")
        if broken:
            raise CommandError(f"校验{checked}个案件，{broken}个案件的操作记录被篡改")
        self.stdout.write(self.style.SUCCESS(f"校验{checked}个案件的操作记录，哈希链完整"))
