"""Unknown input fields are refused, never silently dropped.

DRF ignores a body field it does not know: an integrator who misspells ``decided_on`` gets the default, which
here can mean a legal date silently lost. Every input serializer of the API (the case actions' schemas, which the
web forms share, and the other apps' request bodies) derives from :class:`StrictInputMixin`; the few endpoints
that read a body without a serializer call :func:`refuse_unknown_fields` with the names they read. Either way the
request is answered 400 with one item per unknown field ("未知字段：decide_on") before anything is looked up or
written, together with the other field errors of the body.

JSON bodies and multipart/form bodies alike: in form data a nested field is posted as ``discretion.reasons`` and a
list item as ``circumstances[0]``, so the name before the first ``.`` or ``[`` is what must be known (the nested
schema then checks its own part). Query parameters are validated by their own serializers and are not concerned.
The OpenAPI schema states it as ``additionalProperties: false`` on these request bodies
(``casemgmt.api.schema.ErrorsAutoSchema``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils import html

UNKNOWN_FIELD = "未知字段：{name}"
CODE = "unknown_field"
# A field name is echoed in the message; a pathological one is shortened.
NAME_MAX = 80
FORM_PART = re.compile(r"[.\[]")


def _shown(name: str) -> str:
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1] + "…"


def unknown_fields(data, known: Iterable[str]) -> list[str]:
    """The names in ``data`` (a body object or form data) that are not among ``known``, in their order."""
    if not isinstance(data, Mapping) and not html.is_html_input(data):
        return []  # not an object: the parser or the serializer refuses it with its own message
    known = set(known)
    form = html.is_html_input(data)
    names = []
    for key in data:
        name = str(key)
        base = FORM_PART.split(name, maxsplit=1)[0] if form else name
        if base not in known:
            names.append(name)
    return names


def unknown_field_errors(names: Iterable[str]) -> dict[str, list[ErrorDetail]]:
    return {_shown(name): [ErrorDetail(UNKNOWN_FIELD.format(name=_shown(name)), code=CODE)] for name in names}


def refuse_unknown_fields(data, known: Iterable[str]) -> None:
    """For an endpoint that reads its body without a serializer: 400 naming every field it does not read."""
    names = unknown_fields(data, known)
    if names:
        raise serializers.ValidationError(unknown_field_errors(names))


class StrictInputMixin:
    """A serializer that refuses the fields it does not declare (read-only fields are not input either)."""

    def input_field_names(self) -> set[str]:
        return {name for name, field in self.fields.items() if not field.read_only}

    def to_internal_value(self, data):
        unknown = unknown_fields(data, self.input_field_names())
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown_field_errors(unknown)}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown_field_errors(unknown))
        return value


class StrictSerializer(StrictInputMixin, serializers.Serializer):
    """Base of an input serializer that is not derived from another one."""
