"""Snapshots for the supervision dashboard (监督看板).

Clocks and rulebook findings are computed in Python from a case's facts and the working-day calendar; across all
open cases of a county that takes minutes, not milliseconds. A sweep (nightly, or on demand) and an after-commit
refresh of each changed case store the results here, so the dashboard reads them with a few SQL aggregates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SweepTrigger(models.TextChoices):
    SCHEDULED = "scheduled", "定时检查"
    MANUAL = "manual", "立即检查"


class SweepState(models.TextChoices):
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class SweepRun(models.Model):
    """One run of the rulebook and the clocks over open cases (the whole county, or one user's visible cases)."""

    trigger = models.CharField("触发方式", max_length=20, choices=SweepTrigger.choices)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="触发人",
    )
    scope = models.CharField("检查范围", max_length=200, default="全部单位")
    full = models.BooleanField("全县全部案件", default=False)  # a full run also rebuilds the statistics cells
    as_of = models.DateField("检查基准日")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=SweepState.choices, default=SweepState.RUNNING)
    cases_checked = models.PositiveIntegerField("检查案件数", default=0)
    problems_found = models.PositiveIntegerField("发现问题数", default=0)
    clocks_red = models.PositiveIntegerField("红灯期限数", default=0)
    clocks_yellow = models.PositiveIntegerField("黄灯期限数", default=0)
    error = models.TextField("错误信息", blank=True)

    class Meta:
        verbose_name = "监督检查记录"
        verbose_name_plural = "监督检查记录"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class CaseSnapshot(models.Model):
    """The last computed state of one case: when, as of which day, and its self-check score (归档前自查预测)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="snapshot")
    as_of = models.DateField("计算基准日")
    computed_at = models.DateTimeField("计算时间")
    sweep = models.ForeignKey(SweepRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    score = models.DecimalField("自查预测得分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("自查预测等次", max_length=20, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    problem_count = models.PositiveIntegerField("问题数", default=0)
    # the statistics cell the case counted in when last computed: a change of subject or matter refreshes both
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    matter = models.ForeignKey("powers.Matter", on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "案件监督快照"
        verbose_name_plural = "案件监督快照"


class CaseClock(models.Model):
    """One legal clock of a case as ``case_clocks`` computed it on ``as_of``."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="clock_snapshots")
    code = models.CharField("期限代码", max_length=40)
    label = models.CharField("期限", max_length=100)
    deadline = models.DateField("届满日期")
    provisional = models.BooleanField("暂定", default=False)
    done_on = models.DateField("完成日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10)  # green / yellow / red / done (casemgmt.cases.clocks)
    remaining_working_days = models.IntegerField("剩余工作日", null=True, blank=True)

    class Meta:
        verbose_name = "期限快照"
        verbose_name_plural = "期限快照"
        indexes = [
            models.Index(fields=["status", "deadline"], name="dash_clock_status"),
            models.Index(fields=["code", "status"], name="dash_clock_code"),
        ]


class CaseProblem(models.Model):
    """One rulebook finding of the self-check over a case (the problem list of supervision)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="problems")
    rule = models.CharField("规则", max_length=60, db_index=True)
    number = models.PositiveSmallIntegerField("规则序号", null=True, blank=True)
    message = models.TextField("问题")
    article = models.CharField("依据", max_length=300)
    detail = models.TextField("具体情况", blank=True)

    class Meta:
        verbose_name = "规则检查问题"
        verbose_name_plural = "规则检查问题"


class StatCell(models.Model):
    """The county's figures of one 执法主体, matter and month (see ``casemgmt.supervision.stats``), summed by SQL
    aggregates over every case: rebuilt by each full sweep and, for the changed case's unit and matter, after each
    action. The justice bureau's statistics read these; a unit's are aggregated live over its visible cases."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    matter = models.ForeignKey("powers.Matter", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    filed = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    handling_days = models.PositiveIntegerField(default=0)
    handled = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    ordinary_decided = models.PositiveIntegerField(default=0)
    fines_decided = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    fines_collected = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    reviewed = models.PositiveIntegerField(default=0)
    heard = models.PositiveIntegerField(default=0)
    no_penalty = models.PositiveIntegerField(default=0)
    score_sum = models.DecimalField(max_digits=12, decimal_places=1, default=0)
    scored = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "统计单元"
        verbose_name_plural = "统计单元"
        indexes = [
            models.Index(fields=["year", "month"], name="dash_cell_period"),
            models.Index(fields=["unit", "matter"], name="dash_cell_group"),
        ]
