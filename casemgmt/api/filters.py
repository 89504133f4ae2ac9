"""Filters of the case list. They narrow ``cases_visible_to``; they never widen it."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from casemgmt.cases import models as m


class CaseFilter(django_filters.FilterSet):
    # distinct=False: a filter on the case row itself cannot duplicate rows, and DISTINCT costs a sort at scale.
    status = django_filters.MultipleChoiceFilter(choices=m.CaseStatus.choices, distinct=False, help_text="状态，可重复")
    procedure = django_filters.ChoiceFilter(choices=m.ProcedureType.choices)
    handling_unit = django_filters.NumberFilter(field_name="handling_unit_id", help_text="承办单位 id")
    filed_on = django_filters.DateFromToRangeFilter(help_text="立案日期范围：filed_on_after、filed_on_before（含）")
    q = django_filters.CharFilter(method="search", help_text="案件编号、案由或当事人姓名/名称")

    class Meta:
        model = m.Case
        fields = ["status", "procedure", "handling_unit", "filed_on", "q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        party = m.Party.objects.filter(case=OuterRef("pk"), name__icontains=value)
        return queryset.filter(Q(number__icontains=value) | Q(cause__icontains=value) | Exists(party))
