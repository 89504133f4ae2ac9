"""One row per user-started background job: what it is, who started it, where it stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class Job(models.Model):
    kind = models.CharField("任务类型", max_length=100)
    title = models.CharField("任务名称", max_length=200)
    state = models.CharField("状态", max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    reason = models.TextField("失败原因", blank=True)
    progress_done = models.PositiveIntegerField("已完成", default=0)
    progress_total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("进度说明", max_length=300, blank=True)
    result = models.JSONField("结果", null=True, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发起人",
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="所属单位"
    )
    lock_key = models.CharField("锁", max_length=200, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "heartbeat_at"]), models.Index(fields=["started_by", "-created_at"])]
        constraints = [
            # At most one live job per lock key: two users pressing 立即检查 at once get one job and one JobBusy.
            models.UniqueConstraint(
                fields=["lock_key"],
                condition=Q(state__in=["queued", "running"]) & ~Q(lock_key=""),
                name="jobs_one_active_job_per_lock",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def as_status(self) -> dict:
        """What the progress bar polls (status.json)."""
        result = self.result if isinstance(self.result, dict) else {}
        return {
            "id": self.pk,
            "kind": self.kind,
            "title": self.title,
            "state": self.state,
            "state_label": self.get_state_display(),
            "finished": self.finished,
            "done": self.progress_done,
            "total": self.progress_total,
            "percent": self.percent,
            "message": self.message,
            "reason": self.reason,
            "summary": str(result.get("summary", "")) if self.state == JobState.DONE else "",
            "result_url": str(result.get("url", "")) if self.state == JobState.DONE else "",
        }
