"""Beat schedules: created by a migration, editable in the admin, each one a management command that also runs
in-process (cron in the embedded default)."""

from __future__ import annotations

import json

import pytest
from django.core.management import get_commands
from django_celery_beat.models import PeriodicTask

from casemgmt.jobs.tasks import SCHEDULED_COMMANDS, run_command

pytestmark = pytest.mark.django_db


def test_migration_schedules_the_nightly_work_and_the_reaper():
    tasks = {t.name: t for t in PeriodicTask.objects.filter(task="casemgmt.jobs.command")}
    commands = {json.loads(t.args)[0] for t in tasks.values()}
    assert {"supervision_sweep", "sweep_deadlines", "anchor_case_logs", "reindex", "reap_jobs"} <= commands
    assert tasks["中止任务清理"].interval.every == 1
    assert tasks["监督检查（全部在办案件）"].crontab.timezone.key == "Asia/Shanghai"
    assert json.loads(tasks["检索索引失败重试"].args) == ["reindex", "--pending"]


def test_every_scheduled_command_exists_and_is_allowed():
    known = get_commands()
    for task in PeriodicTask.objects.filter(task="casemgmt.jobs.command"):
        name = json.loads(task.args)[0]
        assert name in known and name in SCHEDULED_COMMANDS


def test_only_listed_commands_can_be_scheduled():
    with pytest.raises(ValueError):
        run_command("flush", "--noinput")


def test_scheduled_command_runs_in_process(capsys):
    run_command("reap_jobs")
    assert "已处理中止的后台任务 0 个" in capsys.readouterr().out
