"""What an official holiday schedule moved: one row per open clock whose deadline changed when it was loaded."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .case import Case


class ClockBinds(models.TextChoices):
    PARTY = "party", "约束当事人"
    AGENCY = "agency", "约束行政机关"


class ClockShift(models.Model):
    """An open clock of a case recomputed after a year's official schedule was loaded (old and new deadline)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="clock_shifts", verbose_name="案件")
    year = models.PositiveSmallIntegerField("载入年度")
    source = models.CharField("依据文件", max_length=200, blank=True)
    clock = models.CharField("期限代码", max_length=50)
    label = models.CharField("期限", max_length=100)
    binds = models.CharField("约束对象", max_length=10, choices=ClockBinds.choices)
    old_deadline = models.DateField("原期限")
    old_provisional = models.BooleanField("原期限暂定", default=True)
    new_deadline = models.DateField("新期限")
    new_provisional = models.BooleanField("新期限暂定", default=False)
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "期限重算记录"
        verbose_name_plural = "期限重算记录"
        ordering = ["-recorded_at", "case_id", "clock"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.label} {self.old_deadline:%Y-%m-%d}→{self.new_deadline:%Y-%m-%d}"

    @property
    def moved_days(self) -> int:
        return (self.new_deadline - self.old_deadline).days
