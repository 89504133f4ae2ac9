from django.core.management.base import BaseCommand

from casemgmt.jobs.runner import reap_stale


class Command(BaseCommand):
    help = "把执行进程已中止（心跳超时）或长时间排队未执行的后台任务标记为失败并释放其锁（每分钟运行）"

    def handle(self, *args, **options):
        reaped = reap_stale()
        self.stdout.write(f"已处理中止的后台任务 {reaped} 个")
