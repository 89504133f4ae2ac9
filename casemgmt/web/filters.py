"""The case list's filters. They narrow the queryset from ``cases_visible_to``; they never widen it."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from casemgmt.archive.casesearch import cases_matching
from casemgmt.archive.query import QueryError, Term, parse_query
from casemgmt.cases import models as m
from casemgmt.org.models import Unit
from casemgmt.org.selectors import units_visible_to

from .forms import DateInput


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="关键词",
        required=False,
        help_text="多个词用空格分开，须同时命中；引号内为短语；文号写法不限（括号、第、补零均可）",
        widget=forms.TextInput(attrs={"placeholder": "案件编号、文号、当事人、案由、地点"}),
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + list(m.CaseStatus.choices))
    procedure = forms.ChoiceField(label="程序", required=False, choices=[("", "全部")] + list(m.ProcedureType.choices))
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=Unit.objects.none(), empty_label="全部")
    filed_from = forms.DateField(label="立案日期自", required=False, widget=DateInput())
    filed_to = forms.DateField(label="至", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user=user)
        self.terms: list[Term] = []  # the parsed q, set by clean_q

    def clean_q(self) -> str:
        try:
            self.terms = parse_query(self.cleaned_data["q"])
        except QueryError as exc:
            raise forms.ValidationError(str(exc), code="query") from None
        return self.cleaned_data["q"]

    def apply(self, qs):
        """The cases matching the filters; none when a filter is unusable (the form shows why)."""
        if self.is_bound and not self.is_valid():
            return qs.none()
        if not self.is_bound:
            return qs
        data = self.cleaned_data
        if self.terms:
            qs = cases_matching(qs, self.terms)
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
