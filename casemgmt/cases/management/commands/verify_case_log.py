from django.core.management.base import BaseCommand, CommandError

from casemgmt.cases.eventlog import verify_anchors, verify_case_logs
from casemgmt.cases.models import Case


class Command(BaseCommand):
    help = (
        "校验案件操作记录（全过程记录）：哈希链、记录头、每日锚点，以及证据文件、已签发文书PDF等文件与记录的SHA-256，"
        "报告被修改、删除、调换、重算哈希或替换的内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument("case", nargs="*", help="案件ID或案件编号；不填则校验全部案件")
        parser.add_argument("--no-files", action="store_true", help="不重新计算文件的SHA-256（只校验数据库中的记录）")

    def handle(self, *args, case, no_files=False, **options):
        ids: list[int] = []
        for ref in case:
            found = Case.objects.filter(pk=int(ref)) if ref.isdigit() else Case.objects.filter(number=ref)
            pk = found.values_list("pk", flat=True).first()
            if pk is None:
                raise CommandError(f"找不到案件：{ref}")
            ids.append(pk)
        anchor_problems = verify_anchors()
        for problem in anchor_problems:
            self.stderr.write(str(problem))
        checked = broken = 0
        for _case_id, breaks in verify_case_logs(ids or None, files=not no_files):
            checked += 1
            if breaks:
                broken += 1
                for item in breaks:
                    self.stderr.write(str(item))
        if ids and checked < len(ids):
            self.stdout.write(f"注意：{len(ids) - checked}个案件没有任何操作记录")
        if broken or anchor_problems:
            parts = [f"{broken}个案件的操作记录或文件被篡改"] if broken else []
            if anchor_problems:
                parts.append(f"锚点发现{len(anchor_problems)}处问题")
            raise CommandError(f"校验{checked}个案件，" + "；".join(parts))
        what = (
            "哈希链、记录头和锚点均完整（未重新计算文件的SHA-256）" if no_files else "哈希链、记录头、锚点和文件均完整"
        )
        self.stdout.write(self.style.SUCCESS(f"校验{checked}个案件的操作记录，{what}"))
