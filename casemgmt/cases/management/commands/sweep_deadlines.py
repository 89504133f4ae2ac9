import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from casemgmt.cases.services.clocks import clocks_sweep
from casemgmt.legalcal.calendar import uncovered_years_in_use


class Command(BaseCommand):
    help = "定期任务：先行登记保存逾期自动解除，并列出已超期或即将到期的法定期限。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期计算（YYYY-MM-DD），默认今天")
        parser.add_argument("--within", type=int, default=3, help="列出几个工作日内到期的期限（默认3）")

    def handle(self, *args, date=None, within=3, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"日期格式不正确：{date}，应为YYYY-MM-DD") from None
        lapsed, due = clocks_sweep(today=today, within_working_days=within)
        for measure in lapsed:
            self.stdout.write(f"自动解除：案件#{measure.case_id} {measure.get_kind_display()}（{measure.started_on}）")
        years = set()
        for item in due:
            years.add(item.clock.deadline.date.year)
            state = "已超期" if item.clock.status == "red" else f"剩{item.clock.remaining_working_days}个工作日"
            self.stdout.write(
                f"{item.case.number or item.case.pk}\t{item.case.handling_unit}\t{item.clock.label}\t{item.clock.deadline}\t{state}"
            )
        for year in uncovered_years_in_use(years):
            self.stderr.write(
                self.style.WARNING(
                    f"{year}年的法定节假日安排尚未载入，相关期限为暂定，请管理员使用 load_calendar_year 载入"
                )
            )
        self.stdout.write(self.style.SUCCESS(f"自动解除{len(lapsed)}项措施；{len(due)}项期限已超期或即将到期"))
