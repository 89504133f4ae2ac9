"""Administrator tables for the official 国务院办公厅 holiday schedule."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from casemgmt.files.tabular import UndecodableCSV, decode_csv
from casemgmt.legalcal import calendar
from casemgmt.legalcal.models import CalendarDay, CalendarYear
from casemgmt.legalcal.schedule_file import parse_schedule


class LoadScheduleForm(forms.Form):
    """The official schedule as a small file (or pasted text): ``date,kind,name`` lines (schedule_file)."""

    year = forms.IntegerField(label="年度", min_value=1900, max_value=2099)
    source = forms.CharField(label="依据文件", max_length=200, help_text="如 国办发明电〔2026〕X号")
    file = forms.FileField(label="安排文件（CSV）", required=False)
    text = forms.CharField(
        label="或直接粘贴",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60}),
        help_text="每行：日期或日期区间,类型(休/班),名称。例：2027-02-05..2027-02-11,休,春节",
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        try:
            text = decode_csv(upload.read()) if upload else data.get("text", "")
        except UndecodableCSV as exc:
            raise forms.ValidationError(str(exc)) from None
        if not text.strip():
            raise forms.ValidationError("请上传安排文件或粘贴安排内容")
        try:
            holidays, workdays = parse_schedule(text, upload.name if upload else "粘贴内容")
            if data.get("year") and data.get("source"):
                calendar.validate_schedule(
                    year=data["year"], holidays=holidays, workdays=workdays, source=data["source"]
                )
        except calendar.ScheduleError as exc:
            raise forms.ValidationError(str(exc)) from None
        data["holidays"], data["workdays"] = holidays, workdays
        return data


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
    change_list_template = "admin/legalcal/calendaryear/change_list.html"
    list_display = ["year", "source", "loaded_at"]
    search_fields = ["source"]
    ordering = ["-year"]

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar.clear_cache()

    def get_urls(self):
        urls = [
            path("load/", self.admin_site.admin_view(self.load_view), name="legalcal_calendaryear_load"),
        ]
        return urls + super().get_urls()

    def load_view(self, request):
        """Load a year's official schedule from a file: replaces its days, recomputes the open clocks and records
        what moved (期限重算记录)."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = LoadScheduleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            calendar.load_official_schedule(
                year=data["year"], holidays=data["holidays"], workdays=data["workdays"], source=data["source"]
            )
            messages.success(
                request,
                f"已载入{data['year']}年节假日安排（{data['source']}）：{len(data['holidays'])}个放假日、"
                f"{len(data['workdays'])}个调休上班日；在办案件的期限已重新计算，变动见“期限重算记录”。",
            )
            return redirect(reverse("admin:legalcal_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "载入国务院办公厅节假日安排",
            "form": form,
        }
        return TemplateResponse(request, "admin/legalcal/calendaryear/load.html", context)

    def changelist_view(self, request, extra_context=None):
        this_year = timezone.localdate().year
        missing = calendar.uncovered_years_in_use([this_year, this_year + 1])
        if missing:
            years = "、".join(f"{y}年" for y in missing)
            messages.warning(
                request,
                f"{years}尚未载入国务院办公厅节假日安排，相关期限按暂定规则计算（不含调休），"
                "请点击“载入年度安排”或使用 manage.py load_calendar_year 载入。",
            )
        extra_context = {**(extra_context or {}), "load_url": reverse("admin:legalcal_calendaryear_load")}
        return super().changelist_view(request, extra_context)
