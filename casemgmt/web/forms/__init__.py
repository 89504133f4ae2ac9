"""The web form of a case action, rendered from the action's input schema (``casemgmt.acts.inputs``).

There is no form class per action: :class:`ActionForm` builds its fields from the schema's fields (labels,
choices, limits, help texts) and validates the posted form with the schema itself, so the page and the API
accept exactly the same input. The Django fields here only render and re-display what was posted; every error
shown comes from the schema.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from rest_framework import serializers

from casemgmt.acts.inputs import ActionInput, ClueInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


# A short text (≤ this many characters) is a one-line input; a longer or unlimited one a text area.
LINE_MAX = 200


def _choices(field) -> list[tuple[Any, str]]:
    return [(value, label) for value, label in field.choices.items()]


def _queryset(field, case):
    choices_for = getattr(field, "choices_for", None)
    return choices_for(case) if choices_for is not None else field.get_queryset()


def form_field(
    field: serializers.Field, *, case, choices: dict[str, list] | None = None, name: str = ""
) -> forms.Field:
    """The Django field that renders one schema field."""
    required = bool(field.required) and not getattr(field, "allow_blank", False)
    common = {"label": field.label, "required": required, "help_text": field.help_text or ""}
    if isinstance(field, serializers.ManyRelatedField):
        return forms.ModelMultipleChoiceField(
            queryset=_queryset(field.child_relation, case), widget=forms.CheckboxSelectMultiple, **common
        )
    if isinstance(field, serializers.SlugRelatedField):
        return forms.ModelChoiceField(queryset=field.get_queryset(), to_field_name=field.slug_field, **common)
    if isinstance(field, serializers.RelatedField):
        return forms.ModelChoiceField(queryset=_queryset(field, case), **common)
    if isinstance(field, serializers.ListField):
        options = (choices or {}).get(name)
        if options is None and isinstance(field.child, serializers.ChoiceField):
            options = _choices(field.child)
        return forms.MultipleChoiceField(choices=options or [], widget=forms.CheckboxSelectMultiple, **common)
    if isinstance(field, serializers.ChoiceField):
        options = _choices(field)
        if not field.required or field.allow_blank:
            options = [("", "—"), *[(v, label) for v, label in options if v != ""]]
        return forms.ChoiceField(choices=options, **common)
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(**{**common, "required": False})
    if isinstance(field, serializers.DateTimeField):
        return forms.DateTimeField(widget=DateTimeInput(), **common)
    if isinstance(field, serializers.DateField):
        return forms.DateField(widget=DateInput(), **common)
    if isinstance(field, serializers.DecimalField):
        return forms.DecimalField(min_value=field.min_value, decimal_places=field.decimal_places, **common)
    if isinstance(field, serializers.IntegerField):
        return forms.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    if isinstance(field, serializers.FileField):
        return forms.FileField(**common)
    if isinstance(field, serializers.CharField):
        if (choices or {}).get(name):  # a text the case's data offers to choose from (the decision's basis)
            return forms.ChoiceField(choices=choices[name], **common)
        if field.max_length is not None and field.max_length <= LINE_MAX:
            return forms.CharField(max_length=field.max_length, **common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    raise TypeError(f"no web rendering for {type(field).__name__} ({name})")


def _initial_value(field, value):
    if isinstance(field, serializers.ManyRelatedField) and value is not None:
        return [getattr(v, "pk", v) for v in value]
    return value


def _flatten_errors(detail, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else f"{prefix}{key}"
            out.extend(_flatten_errors(value, f"{name}." if name else prefix))
        return out
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten_errors(value, prefix)]
    return [(prefix.rstrip("."), str(detail))]


class SchemaForm(forms.Form):
    """A form rendered from an input schema and validated by it. After ``is_valid()`` the schema instance with
    its ``validated_data`` is ``self.schema``."""

    def __init__(self, schema_class, *, context: dict, initial: dict | None = None, data=None, files=None):
        self.schema_class = schema_class
        self.context = context
        super().__init__(data=data, files=files, initial=initial or {})
        case = context.get("case")
        extra_choices = schema_class.field_choices(case) if hasattr(schema_class, "field_choices") else {}
        self.schema = schema_class(context=context)
        for name, field in self.schema.fields.items():
            if field.read_only:
                continue
            if name == "expected_version":
                self.fields[name] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            elif isinstance(field, serializers.Serializer):
                for sub_name, sub in field.fields.items():
                    key = f"{name}.{sub_name}"
                    self.fields[key] = form_field(sub, case=case, choices=extra_choices, name=key)
                    self.fields[key].label = f"{field.label}：{sub.label}"
                    self.fields[key].required = False
            else:
                self.fields[name] = form_field(field, case=case, choices=extra_choices, name=name)
                if name not in self.initial and isinstance(field, serializers.DateField) and field.required:
                    self.initial[name] = timezone.localdate()
        for name, value in list(self.initial.items()):
            if name in self.schema.fields:
                self.initial[name] = _initial_value(self.schema.fields[name], value)

    def full_clean(self):
        # The schema validates; the Django fields only render.
        self._errors = ErrorDict()
        self.cleaned_data = {}
        if not self.is_bound:
            return
        # The schema refuses fields it does not know (casemgmt.strictinput); the page posts its CSRF token and
        # buttons besides the fields rendered from the schema: only those are handed to it.
        data = QueryDict(mutable=True)
        for posted in (self.data, self.files or {}):
            for name in posted:
                if name in self.fields:
                    data.setlist(name, posted.getlist(name) if hasattr(posted, "getlist") else [posted[name]])
        self.schema = self.schema_class(data=data, context=self.context)
        if self.schema.is_valid():
            self.cleaned_data = dict(self.schema.validated_data)
            return
        for name, message in _flatten_errors(self.schema.errors):
            self.add_error(name if name in self.fields else None, message)


class ActionForm(SchemaForm):
    """The form of one registry action on one case."""

    def __init__(self, action, *, case, request, data=None, files=None):
        schema_class: type[ActionInput] = action.input_schema
        initial = {"expected_version": case.version, **schema_class.initial(case)}
        super().__init__(
            schema_class, context={"case": case, "request": request}, initial=initial, data=data, files=files
        )
        self.action = action
        self.case = case

    @property
    def expected(self) -> int | None:
        return self.schema.validated_data.get("expected_version")

    def submit(self, actor):
        return self.schema.perform(service=self.action.service_fn, case=self.case, actor=actor)


class ClueForm(SchemaForm):
    """案件来源登记 (not a case action: the case does not exist yet)."""

    def __init__(self, *, request, data=None):
        super().__init__(
            ClueInput, context={"request": request}, initial=ClueInput.initial_for(request.user), data=data
        )
        self.fields["handling_unit"].queryset = ClueInput.handling_units(request.user)


__all__ = ["ActionForm", "ClueForm", "DateInput", "SchemaForm", "form_field"]
