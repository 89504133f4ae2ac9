"""Input of the discretion rationale, shared by the decision action of the case API and the discretion API."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from casemgmt.strictinput import StrictSerializer


def amount(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"), **kwargs)


class DiscretionInputSerializer(StrictSerializer):
    """The discretion rationale (裁量说明): circumstances ticked (codes of the benchmark in force), the amount
    chosen, the reasons, the reason for leaving the tier's band, for fines in multiples the base amount, and for fines per
    unit the quantity (m², metres, days, items)."""

    circumstances = serializers.ListField(label="裁量情节", child=serializers.CharField(max_length=30), default=list)
    chosen_amount = amount(label="拟罚款金额（元）", help_text="在决定上为决定的罚款金额")
    reasons = serializers.CharField(
        label="裁量理由",
        help_text="填写后按违法行为发生之日施行的裁量基准保存裁量说明，并自动填写裁量档次和适用裁量基准",
    )
    deviation_reason = serializers.CharField(label="超出阶次幅度的理由", required=False, allow_blank=True, default="")
    base_amount = amount(label="违法所得/货值金额（元，倍数罚款时填写）", required=False, allow_null=True, default=None)
    quantity = amount(
        label="计罚数量（面积、长度、天数或件数）",
        required=False,
        allow_null=True,
        default=None,
        help_text="裁量基准按每平方米、每米、每日或每件计罚时填写",
    )
