from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "state", "progress_done", "progress_total", "started_by", "unit", "created_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "kind", "lock_key", "reason"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False  # jobs are started by the application, never typed in
