"""Administrator tables: laws, the matter catalogue, power grants (overlaps refused with the conflicting grant
named), and read-only transfer/referral/assistance records (they change only through the services)."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from casemgmt.cases.services.base import InputError

from .models import AssistanceRequest, CriminalReferral, Law, LawVersion, Matter, PowerGrant, Transfer


class LawVersionInline(admin.TabularInline):
    model = LawVersion
    extra = 0


@admin.register(Law)
class LawAdmin(SimpleHistoryAdmin):
    list_display = ["name", "issuer"]
    search_fields = ["name"]
    inlines = [LawVersionInline]


@admin.register(Matter)
class MatterAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "field", "source_department", "range_kind", "min_amount", "max_amount", "is_active"]
    list_filter = ["field", "source_department", "range_kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(PowerGrant)
class PowerGrantAdmin(SimpleHistoryAdmin):
    list_display = [
        "matter",
        "township",
        "mode",
        "document_number",
        "effective_from",
        "effective_to",
        "transition_until",
        "transition_lead",
    ]
    list_filter = ["township", "mode", "matter__field"]
    search_fields = ["matter__code", "matter__name", "document_number"]
    autocomplete_fields = ["matter"]
    actions = ["end_today_dry_run", "end_today_and_reroute"]

    def save_model(self, request, obj, form, change):
        from .services import grant_save

        grant_save(grant=obj, actor=request.user)

    def _end(self, request, queryset, *, dry_run: bool):
        from .services import grant_end

        last_day = timezone.localdate() - dt.timedelta(days=1)
        for grant in queryset:
            try:
                result = grant_end(grant=grant, last_day=last_day, actor=request.user, dry_run=dry_run)
            except (InputError, PermissionDenied) as exc:
                self.message_user(request, f"{grant}：{exc}", messages.ERROR)
                continue
            head = "（试运行，未作更改）" if dry_run else "已收回并移送"
            lines = result.lines() or ["无受影响的未结案件"]
            self.message_user(request, f"{grant}{head}：" + "；".join(lines), messages.INFO)

    @admin.action(description="收回赋权（截至昨日）— 试运行，列出受影响案件")
    def end_today_dry_run(self, request, queryset):
        self._end(request, queryset, dry_run=True)

    @admin.action(description="收回赋权（截至昨日）并移送未结案件")
    def end_today_and_reroute(self, request, queryset):
        self._end(request, queryset, dry_run=False)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["case", "from_unit", "to_unit", "status", "sent_at", "due_at", "received_on"]
    list_filter = ["status"]


@admin.register(CriminalReferral)
class CriminalReferralAdmin(ReadOnlyAdmin):
    list_display = ["case", "organ", "sent_on", "status"]


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(ReadOnlyAdmin):
    list_display = ["case", "from_unit", "to_unit", "sent_on", "due_on", "replied_on"]
