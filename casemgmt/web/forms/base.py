"""What every case action form shares: the case and user, the version token, and the call into the service.

A form only parses input. ``submit()`` calls the case service named by ``service`` with the cleaned values;
field names follow the service's keyword arguments so an ``InputError(field=...)`` lands on the right field.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.org.models import Officer, Role
from casemgmt.org.selectors import unit_subtree_ids


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def date_field(label: str, *, required: bool = True, today: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=timezone.localdate if (today and required) else None,
        help_text=help_text,
    )


def datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
    )


def text(
    label: str, *, required: bool = True, rows: int = 3, initial: str = "", help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        initial=initial,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def line(label: str, *, required: bool = True, initial: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, initial=initial, help_text=help_text, max_length=200)


def flag(label: str, help_text: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, help_text=help_text)


def money(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=0, max_digits=14, decimal_places=2, initial=0)


def penalty_types(
    label: str = "处罚种类", *, required: bool = False, choices=m.PenaltyType.choices
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=required, choices=choices, widget=forms.CheckboxSelectMultiple
    )


def case_unit_ids(case: m.Case) -> set[int]:
    """The case's units, the units above them and below them: where its officers and leaders sit."""
    ids: set[int] = set()
    for unit in (case.handling_unit, case.enforcement_subject):
        while unit is not None:
            ids.add(unit.pk)
            unit = unit.parent
    return unit_subtree_ids({case.handling_unit_id, case.enforcement_subject_id}) | ids


def officers_of(case: m.Case, roles=None):
    q = Q(memberships__unit_id__in=case_unit_ids(case))
    if roles:
        q &= Q(memberships__role__in=roles)
    return Officer.objects.filter(q).distinct().order_by("name")


HANDLERS = (Role.OFFICER, Role.COUNTY_OFFICER, Role.APPROVER)
LEADERS = (Role.APPROVER, Role.AGENCY_HEAD)


class ActionForm(forms.Form):
    """Base of every case action form."""

    service = None  # the case service this action calls
    title = ""
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: m.Case, user, **kwargs):
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = case.version
        self.setup()

    def setup(self) -> None:
        """Hook: narrow choices, prefill from the recorded case."""

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("expected_version", None)
        return {k: list(v) if isinstance(v, QuerySet) else v for k, v in data.items()}

    def submit(self):
        return type(self).service(case=self.case, actor=self.user, **self.service_kwargs())

    @property
    def expected(self) -> int:
        return self.cleaned_data["expected_version"]
