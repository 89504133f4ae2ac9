"""Filters of the case list. They narrow ``cases_visible_to``; they never widen it.

A bad filter is a 400 in Chinese, never ignored: an unknown parameter, an empty value (``?filed_on_after=``), an
invalid date, an unknown choice or an id that is not an integer of the database's range.
"""

from __future__ import annotations

import django_filters
from django import forms

from casemgmt.archive.casesearch import cases_matching
from casemgmt.archive.query import QueryError, parse_query
from casemgmt.cases import models as m

MAX_ID = 2**63 - 1  # bigint: a larger id would overflow the query (PostgreSQL) instead of matching nothing
PAGING = frozenset({"page", "page_size"})
DATE_MESSAGE = "日期格式应为 YYYY-MM-DD"


class IdFilter(django_filters.NumberFilter):
    """An integer key (not django-filter's decimal NumberFilter) in the range of a bigint primary key."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class QueryField(forms.CharField):
    """The text search: a query the parser cannot search is refused with its Chinese message."""

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_query(value)
        except QueryError as exc:
            raise forms.ValidationError(str(exc), code="query") from None
        return value


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose form also refuses parameters it does not know and parameters given empty."""

    free_text = frozenset({"q"})

    def _filter_of(self, key: str) -> str | None:
        for name, field in self.form.fields.items():
            suffixes = getattr(field.widget, "suffixes", None)
            if key == name or (suffixes and key in {f"{name}_{s}" for s in suffixes}):
                return name
        return None

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for key in self.data:
            name = self._filter_of(key)
            if name is None:
                if key not in PAGING:
                    self.form.add_error(None, forms.ValidationError(f"不支持的查询参数：{key[:40]}", code="unknown"))
                continue
            if name in self.free_text or any(v.strip() for v in self.data.getlist(key)):
                continue
            is_date = isinstance(self.filters[name], django_filters.DateFromToRangeFilter | django_filters.DateFilter)
            self.form.add_error(name, forms.ValidationError(DATE_MESSAGE if is_date else "参数不能为空", code="blank"))
        return valid and not self.form.errors


class CaseFilter(StrictFilterSet):
    # distinct=False: a filter on the case row itself cannot duplicate rows, and DISTINCT costs a sort at scale.
    status = django_filters.MultipleChoiceFilter(choices=m.CaseStatus.choices, distinct=False, help_text="状态，可重复")
    procedure = django_filters.ChoiceFilter(choices=m.ProcedureType.choices)
    handling_unit = IdFilter(field_name="handling_unit_id", help_text="承办单位 id")
    filed_on = django_filters.DateFromToRangeFilter(help_text="立案日期范围：filed_on_after、filed_on_before（含）")
    q = QueryFilter(
        method="search",
        help_text="检索案件编号、当事人姓名/名称、案由、违法地点和文书文号：空格分隔的词须全部命中，引号内为短语，"
        "文号写法不限（括号、第、补零、全角均可）；最多200字",
    )

    class Meta:
        model = m.Case
        fields = ["status", "procedure", "handling_unit", "filed_on", "q"]

    def search(self, queryset, name, value):
        terms = parse_query(value)  # validated by QueryField
        return cases_matching(queryset, terms) if terms else queryset
