from django.contrib import admin

from .models import SweepRun


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    """The record of every supervision check (nightly or 立即检查): read-only, for operations."""

    list_display = ("started_at", "trigger", "scope", "state", "cases_checked", "problems_found", "clocks_red")
    list_filter = ("state", "trigger")
    readonly_fields = [f.name for f in SweepRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
