"""How long the free texts an officer types may be (characters), in one place.

A 2 MB 线索内容 was accepted once and then printed into every document that quotes it. The limits fit Chinese
enforcement documents: a 线索 of a few paragraphs, the facts and reasons of a decision of several pages. Every
input schema (the API and the web form, which is validated by the same schema) applies them to each text field
that has no tighter limit of its own, with a Chinese message.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from rest_framework import serializers

from casemgmt.cases.services.base import InputError

CLUE_SUMMARY_MAX = 5_000
FACTS_MAX = 20_000
TEXT_MAX = 5_000  # any other free text (opinions, notes, reasons, descriptions)

# Fields (by name) that hold the long narrative of a case.
LIMITS: dict[str, int] = {
    "summary": CLUE_SUMMARY_MAX,
    "facts": FACTS_MAX,
    "facts_summary": FACTS_MAX,
    "facts_and_reasons": FACTS_MAX,
    "evidence_summary": FACTS_MAX,
    "content": FACTS_MAX,
    "items": FACTS_MAX,
    "legal_basis": FACTS_MAX,
}


def too_long(label: str, limit: int) -> str:
    return f"{label}不能超过{limit}个字"


def limit_texts(fields) -> None:
    """Give every text field in ``fields`` (a serializer's fields, nested ones included) its limit and a Chinese
    message; a field declared with a tighter ``max_length`` keeps it."""
    for name, field in fields.items():
        if isinstance(field, serializers.Serializer):
            limit_texts(field.fields)
            continue
        if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.CharField):
            field = field.child
        if not isinstance(field, serializers.CharField) or isinstance(field, serializers.ChoiceField):
            continue
        limit = field.max_length or LIMITS.get(name, TEXT_MAX)
        field.max_length = limit
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxLengthValidator(limit, message=too_long(field.label or name, limit)))


def check_text(value: str, *, field: str, label: str, limit: int = TEXT_MAX) -> str:
    """Refuse a free text longer than ``limit`` with the codebase's 400 (``InputError`` naming ``field``); returns
    the text. For texts that reach a service without passing through an input schema."""
    if value is not None and len(str(value)) > limit:
        raise InputError(too_long(label, limit), field=field)
    return value
