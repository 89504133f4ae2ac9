"""Penalty types of APL Art. 9 and helpers to compare penalties (APL Art. 45 heavier-penalty ban)."""

from decimal import Decimal

from django.db import models


class PenaltyType(models.TextChoices):
    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_INCOME = "confiscate_income", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"


# Penalties that a summary procedure may impose (APL Art. 51).
SUMMARY_PENALTIES = frozenset({PenaltyType.WARNING, PenaltyType.FINE})
SUMMARY_PENALTY_CHOICES = [(value, label) for value, label in PenaltyType.choices if value in SUMMARY_PENALTIES]

# Penalties that by themselves open the right to a hearing (APL Art. 63 items other than large fines).
HEARING_PENALTIES = frozenset(
    {
        PenaltyType.LOWER_QUALIFICATION,
        PenaltyType.REVOKE_LICENCE,
        PenaltyType.SUSPEND_BUSINESS,
        PenaltyType.CLOSE,
        PenaltyType.RESTRICT_BUSINESS,
        PenaltyType.RESTRICT_PRACTICE,
    }
)


def penalty_labels(types) -> str:
    labels = dict(PenaltyType.choices)
    return "、".join(labels.get(t, t) for t in types)


def is_heavier(*, types, fine, confiscation, than_types, than_fine, than_confiscation) -> bool:
    """True when a penalty is heavier than another one: a new penalty type, or a larger amount."""
    if set(types) - set(than_types):
        return True
    return Decimal(fine or 0) > Decimal(than_fine or 0) or Decimal(confiscation or 0) > Decimal(than_confiscation or 0)
