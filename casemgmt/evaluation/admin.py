from django.contrib import admin, messages

from .models import EvaluationRound, Rubric, RubricCategory, RubricItem
from .rubrics import rubric_activate


class CategoryInline(admin.TabularInline):
    model = RubricCategory
    extra = 0
    can_delete = False
    readonly_fields = ("code", "name", "group", "points", "position")


class ItemInline(admin.TabularInline):
    model = RubricItem
    extra = 0
    can_delete = False
    readonly_fields = ("code", "category", "title", "veto", "points", "deduction", "rule_codes", "basis", "position")


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    """Versions are read-only here: a change is a new version (POST /api/supervision/rubric/, validated so the
    points add up), which keeps earlier evaluations on their own standard. Activate a version with the action."""

    list_display = ("name", "version", "is_active", "created_at")
    readonly_fields = ("name", "version", "is_active", "grade_thresholds", "failing_grade", "note", "created_by")
    inlines = [CategoryInline, ItemInline]
    actions = ["activate"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="设为现行评查标准")
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "请只选择一个版本", messages.ERROR)
            return
        rubric = rubric_activate(rubric=queryset.get(), actor=request.user)
        self.message_user(request, f"{rubric}已设为现行评查标准")


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "deadline", "seed", "created_at")
    readonly_fields = [f.name for f in EvaluationRound._meta.fields]

    def has_add_permission(self, request):
        return False  # rounds are created by the justice bureau through round_create (sampling, grants)

    def has_delete_permission(self, request, obj=None):
        return False
