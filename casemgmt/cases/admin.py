"""Administrator tables for the local procedure settings, and a read-only view of cases with their history.

Cases and their records change only through the case services (rulebook gates, event log); the admin never
edits them.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m
from .models import Case, HearingTrigger, ProcedurePolicy, ReviewTrigger


@admin.register(ProcedurePolicy)
class ProcedurePolicyAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "statement_period_working_days",
        "decision_days",
        "service_working_days",
        "disclosure_working_days",
    ]
    autocomplete_fields = ["unit"]


class TriggerAdmin(SimpleHistoryAdmin):
    list_display = [
        "unit",
        "field",
        "citizen_fine",
        "organisation_fine",
        "comparison",
        "effective_from",
        "effective_to",
        "source",
    ]
    list_filter = ["field", "comparison"]
    search_fields = ["source", "field"]
    autocomplete_fields = ["unit"]


admin.site.register(HearingTrigger, TriggerAdmin)
admin.site.register(ReviewTrigger, TriggerAdmin)


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "cause", "procedure", "status", "enforcement_subject", "handling_unit", "filed_on"]
    list_filter = ["status", "procedure", "enforcement_subject"]
    search_fields = ["number", "cause"]
    date_hierarchy = "filed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.ClockShift)
class ClockShiftAdmin(SimpleHistoryAdmin):
    """What each loaded official holiday schedule moved (read-only: rows are written by the recomputation)."""

    list_display = ["case", "label", "binds", "old_deadline", "old_provisional", "new_deadline", "year", "recorded_at"]
    list_filter = ["year", "binds", "clock"]
    search_fields = ["case__number", "label", "source"]
    date_hierarchy = "recorded_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
