"""The supervision check: the nightly command, the on-demand button (justice bureau and unit leaders only), the
refusal while another check runs, and which cases a run looks at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.jobs.models import Job, JobState
from casemgmt.supervision.models import CaseClock, CaseProblem, CaseSnapshot, SweepRun, SweepState, SweepTrigger
from casemgmt.supervision.snapshots import sweep_run
from tests.supervision import direct
from tests.supervision.conftest import TODAY

pytestmark = pytest.mark.django_db


def open_ids(cases) -> set[int]:
    return {c.pk for c in cases if c.status in m.OPEN_STATUSES}


def test_nightly_command_checks_every_open_case_and_records_the_run(world, county, capsys):
    call_command("supervision_sweep", "--date", "2026-04-02")
    run = SweepRun.objects.get()
    assert run.trigger == SweepTrigger.SCHEDULED and run.state == SweepState.DONE and run.triggered_by is None
    assert run.as_of == TODAY and run.finished_at is not None
    everything = list(m.Case.objects.all())
    expected = direct.open_board(everything, today=TODAY)
    assert run.cases_checked == len(everything)  # first run: open cases and every case never checked
    assert run.clocks_red == expected["clocks"]["red"] and run.clocks_yellow == expected["clocks"].get("yellow", 0)
    assert run.problems_found == sum(expected["problems"].values()) > 0
    assert open_ids(everything) <= set(CaseSnapshot.objects.values_list("case_id", flat=True))
    decision = CaseClock.objects.get(case=county.overdue, code="decision")
    assert (decision.status, decision.deadline) == ("red", dt.date(2026, 3, 2))
    assert CaseProblem.objects.filter(case=county.overdue, rule="APL-60-DECISION-DEADLINE").exists()
    assert "监督检查完成" in capsys.readouterr().out

    # the next night: the open cases again, closed ones only when they changed since their last check
    call_command("supervision_sweep", "--date", "2026-04-03")
    second = SweepRun.objects.order_by("-pk").first()
    assert second.cases_checked == len(open_ids(everything))
    assert CaseSnapshot.objects.get(case=county.overdue).as_of == dt.date(2026, 4, 3)
    assert CaseSnapshot.objects.get(case=county.closed).as_of == TODAY


def test_command_rejects_a_bad_date(world):
    with pytest.raises(Exception, match="2026-13-01|invalid|无效"):
        call_command("supervision_sweep", "--date", "2026-13-01")
    assert not SweepRun.objects.exists()


def test_ordinary_officer_may_not_start_a_check(world, county, client_for):
    response = client_for(world.officer).post(reverse("dashboard:sweep"))
    assert response.status_code == 403
    assert "只有司法局监督人员和单位负责人可以发起立即检查" in response.content.decode()
    api = client_for(world.officer).post(reverse("api:dashboard:sweep"))
    assert api.status_code == 403
    assert not SweepRun.objects.exists() and not CaseSnapshot.objects.exists() and not Job.objects.exists()


def test_unit_leader_checks_the_units_own_open_cases(world, county, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.head).post(reverse("dashboard:sweep"))
    started = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[started.pk])
    run = SweepRun.objects.get()
    assert run.trigger == SweepTrigger.MANUAL and run.triggered_by == world.head.user
    assert "城关镇综合行政执法大队" in run.scope
    checked = set(CaseSnapshot.objects.values_list("case_id", flat=True))
    assert open_ids(county.township_cases) <= checked
    assert county.other_clue.pk not in checked and county.dept_clue.pk not in checked
    started.refresh_from_db()
    assert (started.state, started.started_by, started.unit) == (JobState.DONE, world.head.user, world.brigade)
    assert started.progress_done == started.progress_total == run.cases_checked
    page = client_for(world.head).get(response.url).content.decode()
    assert "检查完成（" in page and "已完成" in page and "jobs/progress.js" in page


def test_justice_bureau_checks_every_unit_through_the_api(
    world, county, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.evaluator).post(reverse("api:dashboard:sweep"))
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "queued" and body["title"] == "立即检查"
    status = client_for(world.evaluator).get(body["status_url"]).json()
    assert status["state"] == "done" and status["done"] == m.Case.objects.count()
    run = SweepRun.objects.get()
    assert run.scope == "全部单位" and run.cases_checked == m.Case.objects.count()
    assert {county.other_clue.pk, county.dept_clue.pk} <= set(CaseSnapshot.objects.values_list("case_id", flat=True))


def running_sweep(world, *, beat_ago: dt.timedelta) -> Job:
    return Job.objects.create(
        kind="supervision.sweep",
        title="立即检查",
        state=JobState.RUNNING,
        lock_key="sweep:all",
        started_by=world.evaluator.user,
        heartbeat_at=timezone.now() - beat_ago,
    )


def test_a_second_check_is_refused_while_one_runs(world, county, client_for):
    running = running_sweep(world, beat_ago=dt.timedelta(seconds=30))
    response = client_for(world.evaluator).post(reverse("dashboard:sweep"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jobs:detail", args=[running.pk])
    assert "「立即检查」正在进行" in response.content.decode()
    api = client_for(world.evaluator).post(reverse("api:dashboard:sweep"))
    assert api.status_code == 409 and "「立即检查」正在进行" in api.json()["errors"][0]["message"]
    assert api.json()["errors"][0]["job"] == running.pk
    assert Job.objects.count() == 1 and not SweepRun.objects.exists() and not CaseSnapshot.objects.exists()


def test_checks_of_different_townships_do_not_block_each_other(world, county, client_for):
    Job.objects.create(kind="supervision.sweep", title="立即检查", state=JobState.RUNNING, lock_key="sweep:999")
    assert client_for(world.head).post(reverse("dashboard:sweep")).status_code == 302
    assert Job.objects.filter(state=JobState.QUEUED, started_by=world.head.user).exists()


def test_a_check_whose_worker_died_stops_blocking_within_minutes(world, county, client_for, settings):
    settings.JOBS_STALE_AFTER = 180
    dead = running_sweep(world, beat_ago=dt.timedelta(minutes=4))
    assert client_for(world.evaluator).post(reverse("api:dashboard:sweep")).status_code == 202
    dead.refresh_from_db()
    assert dead.state == JobState.FAILED and dead.reason.startswith("执行进程已中止")


def test_a_stopped_task_queue_is_a_chinese_message_not_an_error_page(world, county, client_for, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client_for(world.evaluator).post(reverse("dashboard:sweep"), follow=True)
    assert response.status_code == 200
    assert "后台任务服务暂时无法连接，任务未能启动" in response.content.decode()
    api = client_for(world.evaluator).post(reverse("api:dashboard:sweep"))
    assert api.status_code == 503 and api.json()["errors"][0]["rule"] == "JOB_UNAVAILABLE"
    assert not Job.objects.exists() and not SweepRun.objects.exists()


def test_a_run_left_running_by_a_dead_worker_is_closed_by_the_next_check(
    world, county, client_for, django_capture_on_commit_callbacks
):
    SweepRun.objects.create(
        trigger=SweepTrigger.MANUAL, scope="全部单位", full=True, as_of=TODAY, started_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.evaluator).post(reverse("api:dashboard:sweep"))
    abandoned, latest = SweepRun.objects.order_by("pk")
    assert abandoned.state == SweepState.FAILED and abandoned.error == "执行进程已中止，本次检查未完成"
    assert latest.state == SweepState.DONE


def test_a_failing_run_is_recorded_as_failed(world, county, monkeypatch):
    from casemgmt.supervision import snapshots

    def broken(*args, **kwargs):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(snapshots, "store_snapshots", broken)
    with pytest.raises(RuntimeError):
        sweep_run(trigger=SweepTrigger.SCHEDULED, today=TODAY)
    run = SweepRun.objects.get()
    assert run.state == SweepState.FAILED and "数据库连接中断" in run.error and run.finished_at is not None


def test_get_is_not_allowed_to_start_a_check(world, client_for):
    assert client_for(world.evaluator).get(reverse("dashboard:sweep")).status_code == 405
    assert not SweepRun.objects.exists()
