from django import forms
from django.contrib import admin, messages

from .models import EvaluationRound, OutcomeBand, RoundStatus, Rubric, RubricCategory, RubricItem
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
    readonly_fields = (
        "code",
        "category",
        "title",
        "veto",
        "bonus",
        "points",
        "deduction",
        "rule_codes",
        "basis",
        "position",
    )


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    """Versions are read-only here: a change is a new version (POST /api/supervision/rubric/, validated so the
    points add up), which keeps earlier evaluations on their own standard. Activate a version with the action."""

    list_display = ("name", "version", "is_active", "created_at")
    readonly_fields = (
        "name",
        "version",
        "is_active",
        "grade_thresholds",
        "failing_grade",
        "bonus_max",
        "note",
        "created_by",
    )
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


class BandForm(forms.ModelForm):
    """The same checks as ``round_set_bands``: a result, at least one condition, ranges in order."""

    class Meta:
        model = OutcomeBand
        fields = ("position", "label", "rank_from", "rank_to", "score_from", "score_below")

    def clean(self):
        data = super().clean()
        ranks = (data.get("rank_from"), data.get("rank_to"))
        scores = (data.get("score_from"), data.get("score_below"))
        if all(v is None for v in ranks + scores):
            raise forms.ValidationError("须设定名次范围或分数线")
        if None not in ranks and ranks[0] > ranks[1]:
            raise forms.ValidationError("名次自不得晚于名次至")
        if None not in scores and scores[0] >= scores[1]:
            raise forms.ValidationError("分数下限应低于上限")
        return data


class BandInline(admin.TabularInline):
    """通报结果档次: editable until the round's results are published (then final, EVAL-ROUND-PUBLISHED-FINAL)."""

    model = OutcomeBand
    form = BandForm
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is not None and obj.status != RoundStatus.PUBLISHED

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "deadline", "seed", "created_at")
    readonly_fields = [f.name for f in EvaluationRound._meta.fields]
    inlines = [BandInline]

    def has_add_permission(self, request):
        return False  # rounds are created by the justice bureau through round_create (sampling, grants)

    def has_delete_permission(self, request, obj=None):
        return False
