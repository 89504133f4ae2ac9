"""Benchmark administration (裁量基准管理). Tier bands are validated as a whole (inside the statutory range, no
overlap) before anything is saved, with the same checks as the import; gaps are shown as warnings after saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from . import calc
from .models import (
    Benchmark,
    Circumstance,
    DiscretionRationale,
    NoPenaltyAssessment,
    NoPenaltyItem,
    NoPenaltyList,
    Tier,
)
from .services import benchmark_review, overlapping_version


class TierFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        benchmark = self.instance
        if any(self.errors) or getattr(benchmark, "matter_id", None) is None:
            return
        tiers = [
            calc.TierSpec(
                level=f.cleaned_data["level"],
                conditions=f.cleaned_data.get("conditions", ""),
                low=f.cleaned_data.get("low"),
                high=f.cleaned_data.get("high"),
                party=f.cleaned_data.get("party", ""),
                unit=f.cleaned_data.get("unit", ""),
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        found, gaps = benchmark_review(
            matter=benchmark.matter,
            mode=benchmark.mode,
            effective_from=benchmark.effective_from,
            effective_to=benchmark.effective_to,
            tiers=tiers,
        )
        errors = [f.message for f in found]
        self.gap_warnings = [f.message for f in gaps]
        other = overlapping_version(
            matter=benchmark.matter,
            effective_from=benchmark.effective_from,
            effective_to=benchmark.effective_to,
            exclude_pk=benchmark.pk,
        )
        if other is not None:
            errors.append(f"与已有版本“{other.version}”（{other.effective_from}起）的施行期间重叠")
        if errors:
            raise forms.ValidationError(errors)


class TierInline(admin.TabularInline):
    model = Tier
    formset = TierFormSet
    extra = 0


class CircumstanceInline(admin.TabularInline):
    model = Circumstance
    extra = 0


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ("matter", "version", "mode", "effective_from", "effective_to", "source")
    list_filter = ("mode",)
    search_fields = ("matter__code", "matter__name", "version", "source")
    inlines = [TierInline, CircumstanceInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for warning in getattr(formset, "gap_warnings", []):
            messages.warning(request, f"提示：{warning}（不影响保存）")


class NoPenaltyItemInline(admin.TabularInline):
    model = NoPenaltyItem
    extra = 0


@admin.register(NoPenaltyList)
class NoPenaltyListAdmin(SimpleHistoryAdmin):
    list_display = ("name", "issuer", "document_number", "effective_from", "effective_to", "lookback_months")
    inlines = [NoPenaltyItemInline]


@admin.register(DiscretionRationale)
class DiscretionRationaleAdmin(SimpleHistoryAdmin):
    """Read-only: rationales are recorded through the case services."""

    list_display = ("case", "matter", "tier", "chosen_amount", "decided_amount", "recorded_on")
    list_filter = ("tier",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NoPenaltyAssessment)
class NoPenaltyAssessmentAdmin(DiscretionRationaleAdmin):
    list_display = ("case", "item", "violation_on", "window_start", "looked_up_on")
    list_filter = ()
