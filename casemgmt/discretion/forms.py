"""Forms of the discretion pages: they only parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.powers.models import Matter

from .models import NoPenaltyItem
from .selectors import benchmark_in_force


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def money(label: str, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=0, max_digits=14, decimal_places=2)


def quantity_field() -> forms.DecimalField:
    return forms.DecimalField(
        label="计罚数量（面积、长度、天数或件数）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="裁量基准按每平方米、每米、每日或每件计罚时填写",
    )


class CalculatorForm(forms.Form):
    matter = forms.ModelChoiceField(label="执法事项", queryset=Matter.objects.filter(is_active=True))
    violation_on = forms.DateField(label="违法行为发生日期", widget=DateInput(), initial=timezone.localdate)
    party_kind = forms.ChoiceField(label="当事人类型", choices=m.PartyKind.choices)
    base_amount = money("违法所得/货值金额（元，倍数罚款时填写）", required=False)
    quantity = quantity_field()
    circumstances = forms.MultipleChoiceField(
        label="裁量情节", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The circumstances to tick are those of the benchmark in force for the matter and date entered.
        self.benchmark = None
        try:
            matter = Matter.objects.get(pk=int(self.data.get("matter", "")))
            on = dt.date.fromisoformat(self.data.get("violation_on", ""))
        except (ValueError, TypeError, Matter.DoesNotExist):
            return
        self.benchmark = benchmark_in_force(matter=matter, on=on)
        if self.benchmark is not None:
            self.fields["circumstances"].choices = [(c.code, c.label) for c in self.benchmark.circumstances.all()]


class RationaleForm(forms.Form):
    """裁量说明 of one case; the benchmark is the one in force on the case's violation date."""

    on = forms.DateField(label="记录日期", widget=DateInput(), initial=timezone.localdate)
    circumstances = forms.MultipleChoiceField(
        label="裁量情节", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    base_amount = money("违法所得/货值金额（元，倍数罚款时填写）", required=False)
    quantity = quantity_field()
    chosen_amount = money("拟罚款金额（元）")
    reasons = forms.CharField(label="裁量理由", widget=forms.Textarea(attrs={"rows": 3}))
    deviation_reason = forms.CharField(
        label="超出阶次幅度的理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, benchmark=None, **kwargs):
        super().__init__(*args, **kwargs)
        if benchmark is not None:
            self.fields["circumstances"].choices = [(c.code, c.label) for c in benchmark.circumstances.all()]


class NoPenaltyReviewForm(forms.Form):
    item = forms.ModelChoiceField(
        label="不予处罚清单事项", queryset=NoPenaltyItem.objects.select_related("no_penalty_list", "matter")
    )
    on = forms.DateField(label="审查日期", widget=DateInput(), initial=timezone.localdate)
    correction_proof = forms.CharField(label="改正证明", widget=forms.Textarea(attrs={"rows": 2}))
    education_measure = forms.CharField(label="教育措施", widget=forms.Textarea(attrs={"rows": 2}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(label="裁量基准文件（.xlsx 或 .csv）")
