"""Administrator tables for the official 国务院办公厅 holiday schedule."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from casemgmt.legalcal import calendar
from casemgmt.legalcal.models import CalendarDay, CalendarYear

_WEEKDAYS = "一二三四五六日"


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "weekday", "kind", "name", "note"]
    list_filter = ["kind", "name"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        return f"星期{_WEEKDAYS[obj.date.weekday()]}"

    def delete_queryset(self, request, queryset):
        # Bulk delete bypasses CalendarDay.delete(): clear the calendar cache explicitly.
        super().delete_queryset(request, queryset)
        calendar.clear_cache()


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "source", "loaded_at"]
    search_fields = ["source"]
    ordering = ["-year"]

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar.clear_cache()

    def changelist_view(self, request, extra_context=None):
        this_year = timezone.localdate().year
        missing = calendar.uncovered_years_in_use([this_year, this_year + 1])
        if missing:
            years = "、".join(f"{y}年" for y in missing)
            messages.warning(
                request,
                f"{years}尚未载入国务院办公厅节假日安排，相关期限按暂定规则计算（不含调休），"
                "请使用 manage.py load_calendar_year 载入。",
            )
        return super().changelist_view(request, extra_context)
