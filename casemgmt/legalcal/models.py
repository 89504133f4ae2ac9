"""Official holiday schedule tables loaded by an administrator.

The 国务院办公厅 publishes each year's 部分节假日安排 (holidays plus 调休 make-up workdays) late in the
previous year. ``chinese_calendar`` ships the schedules it knows; these tables hold the schedules it does
not know yet (and any correction an administrator must make). Every write clears the calendar cache
explicitly in ``save``/``delete`` so deadlines are recomputed from the new data.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from casemgmt.legalcal import calendar


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日/休息日"
    WORKDAY = "workday", "调休上班日"


class CalendarDay(models.Model):
    """One adjusted day of the official schedule; a row for a date overrides every other rule."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=50, blank=True, help_text="如 春节、国庆节")
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        calendar.clear_cache_now_and_after_commit()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        calendar.clear_cache_now_and_after_commit()
        return result

    @property
    def is_working_day(self) -> bool:
        return self.kind == DayKind.WORKDAY


class CalendarYear(models.Model):
    """Marks that the official schedule of a year has been loaded (its dates are no longer provisional)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据文件", max_length=200, help_text="如 国办发明电〔2026〕X号")
    loaded_at = models.DateTimeField("载入时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "已载入年度安排"
        verbose_name_plural = "已载入年度安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        calendar.clear_cache_now_and_after_commit()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        calendar.clear_cache_now_and_after_commit()
        return result
