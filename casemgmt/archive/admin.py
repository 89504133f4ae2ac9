from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .indexing import index_now
from .models import ArchiveRecord, IndexBuild, IndexTask, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    list_display = ("position", "procedure", "outcome", "label", "note")
    list_editable = ("procedure", "outcome")
    ordering = ("position", "id")


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(SimpleHistoryAdmin):
    list_display = ("archive_number", "case", "archived_on", "retention_label", "retain_until", "has_case_file")
    search_fields = ("archive_number", "case__number")
    readonly_fields = [f.name for f in ArchiveRecord._meta.fields]

    def has_add_permission(self, request):
        return False  # only the archiving service creates records

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndexTask)
class IndexTaskAdmin(admin.ModelAdmin):
    """Indexing that failed after commit; retried here or by ``manage.py reindex --pending``."""

    list_display = ("case_id", "state", "attempts", "updated_at", "last_error")
    list_filter = ("state",)
    readonly_fields = ("case_id", "state", "attempts", "last_error", "created_at", "updated_at")
    actions = ["retry"]

    @admin.action(description="立即重试所选索引任务")
    def retry(self, request, queryset):
        done, failed = index_now(list(queryset.values_list("case_id", flat=True)))
        level = messages.WARNING if failed else messages.SUCCESS
        self.message_user(request, f"已重建索引 {done} 件，失败 {failed} 件", level)

    def has_add_permission(self, request):
        return False


@admin.register(IndexBuild)
class IndexBuildAdmin(admin.ModelAdmin):
    """Rebuilds of the search index (started from 检索索引管理 /archive/index/ or ``manage.py reindex``)."""

    list_display = ("started_at", "finished_at", "backend", "state", "done", "total", "replayed", "reason")
    list_filter = ("state", "backend")
    readonly_fields = [f.name for f in IndexBuild._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
