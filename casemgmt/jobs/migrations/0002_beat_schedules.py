"""The default celery beat schedules (Asia/Shanghai), editable in the admin under 周期性任务."""

import json

from django.db import migrations

# (name, command arguments, crontab minute, hour) — or an interval in minutes for the frequent ones.
NIGHTLY = [
    ("事件记录每日锚点", ["anchor_case_logs"], "15", "0"),
    ("期限预警与逾期措施解除", ["sweep_deadlines"], "0", "1"),
    ("监督检查（全部在办案件）", ["supervision_sweep"], "30", "1"),
    ("结束到期评查活动", ["close_evaluation_rounds"], "0", "2"),
]
EVERY = [
    ("中止任务清理", ["reap_jobs"], 1),
    ("检索索引失败重试", ["reindex", "--pending"], 10),
]
TASK = "casemgmt.jobs.command"


def create(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for name, args, minute, hour in NIGHTLY:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": TASK, "args": json.dumps(args), "crontab": crontab})
    for name, args, minutes in EVERY:
        interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": TASK, "args": json.dumps(args), "interval": interval}
        )


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[n for n, *_ in NIGHTLY + EVERY], task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
