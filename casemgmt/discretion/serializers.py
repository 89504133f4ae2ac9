"""Input of the discretion rationale, shared by the decision action of the case API and the discretion API."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers


def amount(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"), **kwargs)


class DiscretionInputSerializer(serializers.Serializer):
    """The discretion rationale (裁量说明): circumstances ticked (codes of the benchmark in force), the amount
    chosen, the reasons, the reason for leaving the tier's band and, for fines in multiples, the base amount."""

    circumstances = serializers.ListField(child=serializers.CharField(max_length=30), default=list)
    chosen_amount = amount()
    reasons = serializers.CharField()
    deviation_reason = serializers.CharField(required=False, allow_blank=True, default="")
    base_amount = amount(required=False, allow_null=True, default=None)
