"""The case list's filters. They narrow the queryset from ``cases_visible_to``; they never widen it."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q

from casemgmt.cases import models as m
from casemgmt.org.models import Unit
from casemgmt.org.selectors import units_visible_to

from .forms import DateInput


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "案件编号、案由、当事人"})
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + list(m.CaseStatus.choices))
    procedure = forms.ChoiceField(label="程序", required=False, choices=[("", "全部")] + list(m.ProcedureType.choices))
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=Unit.objects.none(), empty_label="全部")
    filed_from = forms.DateField(label="立案日期自", required=False, widget=DateInput())
    filed_to = forms.DateField(label="至", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user=user)

    def apply(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            party = m.Party.objects.filter(case=OuterRef("pk"), name__icontains=text)
            qs = qs.filter(Q(number__icontains=text) | Q(cause__icontains=text) | Exists(party))
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["procedure"]:
            qs = qs.filter(procedure=data["procedure"])
        if data["unit"]:
            unit = data["unit"]
            qs = qs.filter(Q(handling_unit=unit) | Q(enforcement_subject=unit))
        if data["filed_from"]:
            qs = qs.filter(filed_on__gte=data["filed_from"])
        if data["filed_to"]:
            qs = qs.filter(filed_on__lte=data["filed_to"])
        return qs
