"""JSON API of the discretion app: the fine calculator, the same-violation distribution, the rationale and
首违不罚 review of a case, and benchmark import/export. Thin: parse, call the service or selector, answer."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.serializers import ActionResultSerializer
from casemgmt.api.views import action_result, require_acting_role
from casemgmt.cases import models as m
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services import InputError
from casemgmt.powers.models import Matter
from casemgmt.strictinput import StrictSerializer, refuse_unknown_fields

from . import calc, imports, services
from .models import NoPenaltyItem
from .selectors import distribution
from .serializers import DiscretionInputSerializer


def _amount(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"), **kwargs)


class MatterField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Matter.objects.all(), **kwargs)


class CalculateSerializer(StrictSerializer):
    matter = MatterField(help_text="事项编码")
    violation_on = serializers.DateField(help_text="违法行为发生日期")
    party_kind = serializers.ChoiceField(choices=m.PartyKind.choices)
    circumstances = serializers.ListField(child=serializers.CharField(max_length=30), default=list)
    base_amount = _amount(required=False, allow_null=True, default=None, help_text="违法所得或货值金额（倍数罚款）")
    quantity = _amount(
        required=False, allow_null=True, default=None, help_text="计罚数量：面积、长度、天数或件数（按单位计罚）"
    )


class RationaleSerializer(DiscretionInputSerializer):
    on = serializers.DateField()
    expected_version = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class NoPenaltyReviewSerializer(StrictSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=NoPenaltyItem.objects.select_related("no_penalty_list"))
    on = serializers.DateField()
    correction_proof = serializers.CharField(allow_blank=True)
    education_measure = serializers.CharField(allow_blank=True)
    expected_version = serializers.IntegerField(required=False, allow_null=True, min_value=0)


def _money(help_text: str = "", **kwargs) -> serializers.CharField:
    """An amount in yuan as the API renders it: a decimal string such as "2000.00" (null where stated)."""
    return serializers.CharField(help_text=help_text or "金额（元），十进制字符串", **kwargs)


class DistributionResultSerializer(serializers.Serializer):
    matter = serializers.IntegerField(help_text="执法事项编号")
    tier = serializers.CharField(help_text="裁量阶次")
    count = serializers.IntegerField(help_text="全县同事项同阶次已决定的罚款案件数")
    min = _money(allow_null=True, help_text="最低罚款（元），无案件时为 null")
    median = _money(allow_null=True, help_text="罚款中位数（元），无案件时为 null")
    max = _money(allow_null=True, help_text="最高罚款（元），无案件时为 null")
    fences = serializers.ListField(
        child=_money(),
        min_length=2,
        max_length=2,
        allow_null=True,
        help_text="异常值界限 [下限, 上限]（Tukey）；案件少于5件时为 null",
    )
    amount = _money(allow_null=True, help_text="所查询的拟罚款金额")
    outlier = serializers.BooleanField(help_text="拟罚款金额是否超出异常值界限")


class CalculationSerializer(serializers.Serializer):
    tier = serializers.CharField(help_text="裁量阶次")
    tier_label = serializers.CharField()
    band_low = _money(allow_null=True, help_text="裁量幅度下限（元；按倍数时为倍数）")
    band_high = _money(allow_null=True, help_text="裁量幅度上限")
    suggested = _money(allow_null=True, help_text="建议罚款金额")
    statutory_low = _money(allow_null=True, help_text="法定幅度下限")
    statutory_high = _money(allow_null=True, help_text="法定幅度上限")
    benchmark_ref = serializers.CharField(help_text="所依据的裁量基准条目")
    version = serializers.CharField(help_text="裁量基准版本")
    clauses = serializers.CharField(help_text="处罚依据条款")
    conditions = serializers.CharField(help_text="该阶次的适用条件")
    circumstances = serializers.ListField(child=serializers.CharField(), help_text="采用的裁量情节")
    percent = serializers.CharField(allow_null=True, help_text="按因素计算时各因素百分比之和")
    notes = serializers.ListField(child=serializers.CharField())
    formula = serializers.CharField(help_text="计算过程，如 每平方米100元至200元 × 12平方米 = 1200元至2400元")
    quantity = serializers.CharField(allow_null=True, help_text="计罚数量")
    unit = serializers.CharField(help_text="计罚单位")
    benchmark = serializers.IntegerField(help_text="所用裁量基准编号")
    distribution = DistributionResultSerializer(help_text="全县同事项同阶次的罚款分布")


class RationaleResultSerializer(ActionResultSerializer):
    tier = serializers.CharField(help_text="裁量阶次")
    band = serializers.ListField(
        child=_money(), min_length=2, max_length=2, allow_null=True, help_text="裁量幅度 [下限, 上限]，无幅度时为 null"
    )
    suggested = _money(allow_null=True, help_text="建议罚款金额")
    benchmark_ref = serializers.CharField()
    formula = serializers.CharField()


class PriorRecordSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="在先案件的案号")
    unit = serializers.CharField(help_text="作出决定的执法主体")
    cause = serializers.CharField()
    violation_on = serializers.DateField()
    decided_on = serializers.DateField()


class NoPenaltyReviewResultSerializer(ActionResultSerializer):
    window_start = serializers.DateField(help_text="查询在先违法记录的起始日")
    prior_records = PriorRecordSerializer(many=True, help_text="查得的在先违法记录（首违须为空）")


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="导入的裁量基准数")
    warnings = serializers.ListField(child=serializers.CharField(), help_text="不妨碍导入的提示（逐行）")


def distribution_dict(dist, amount=None) -> dict:
    def s(v):
        return None if v is None else str(v)

    return {
        "matter": dist.matter_id,
        "tier": dist.tier,
        "count": dist.count,
        "min": s(dist.minimum),
        "median": s(dist.median),
        "max": s(dist.maximum),
        "fences": [s(x) for x in dist.fences] if dist.fences else None,
        "amount": s(amount),
        "outlier": dist.is_outlier(amount),
    }


class CalculateView(APIView):
    """The fine calculator: tier, band, suggested amount, benchmark and clauses, and how the matter and tier were
    fined across the county."""

    @extend_schema(tags=["discretion"], request=CalculateSerializer, responses=CalculationSerializer)
    def post(self, request):
        body = CalculateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        benchmark, result = services.fine_calculate(**body.validated_data)
        dist = distribution(matter_id=benchmark.matter_id, tier=result.tier)
        return Response(
            {
                **result.as_dict(),
                "benchmark": benchmark.pk,
                "distribution": distribution_dict(dist, result.suggested),
            }
        )


class DistributionView(APIView):
    """Aggregates only (no case identities): visible to every signed-in user of any unit."""

    @extend_schema(
        tags=["discretion"],
        parameters=[
            OpenApiParameter("matter", str, required=True, description="事项编码"),
            OpenApiParameter("tier", str, required=True, enum=list(calc.Level.LABELS), description="裁量阶次"),
            OpenApiParameter("amount", str, required=False, description="拟罚款金额（判定是否异常）"),
        ],
        responses=DistributionResultSerializer,
    )
    def get(self, request):
        matter = Matter.objects.filter(code=request.query_params.get("matter", "")).first()
        tier = request.query_params.get("tier", "")
        if matter is None or tier not in calc.Level.LABELS:
            raise serializers.ValidationError({"matter": "须指定事项编码（matter）和裁量阶次（tier）"})
        amount = request.query_params.get("amount") or None
        try:
            amount = Decimal(amount) if amount else None
        except ArithmeticError:
            raise serializers.ValidationError({"amount": "金额格式不正确"}) from None
        return Response(distribution_dict(distribution(matter_id=matter.pk, tier=tier), amount))


class RationaleView(APIView):
    @extend_schema(tags=["discretion"], request=RationaleSerializer, responses=RationaleResultSerializer)
    def post(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        require_acting_role(request.user)
        body = RationaleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rationale = services.rationale_record(case=case, actor=request.user, **body.validated_data)
        return Response(
            {
                **action_result(case, rationale, request),
                "tier": rationale.tier,
                "band": [str(rationale.band_low), str(rationale.band_high)] if rationale.band_low is not None else None,
                "suggested": str(rationale.suggested) if rationale.suggested is not None else None,
                "benchmark_ref": rationale.benchmark_ref,
                "formula": rationale.formula,
            }
        )


class NoPenaltyReviewView(APIView):
    @extend_schema(tags=["discretion"], request=NoPenaltyReviewSerializer, responses=NoPenaltyReviewResultSerializer)
    def post(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        require_acting_role(request.user)
        body = NoPenaltyReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.no_penalty_review(case=case, actor=request.user, **body.validated_data)
        return Response(
            {
                **action_result(case, review, request),
                "window_start": review.window_start,
                "prior_records": review.prior_records,
            }
        )


def require_staff(user) -> None:
    if not (user.is_staff or user.is_superuser):
        raise PermissionDenied("只有管理员可以导入裁量基准")


class ImportView(APIView):
    """Import a .xlsx or .csv benchmark file: all rows or none; 400 with every bad row otherwise."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=["discretion"],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "additionalProperties": False,
            }
        },
        responses=ImportResultSerializer,
    )
    def post(self, request):
        require_staff(request.user)
        refuse_unknown_fields(request.data, ("file",))
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": "须上传 .xlsx 或 .csv 文件"})
        try:
            created = imports.benchmarks_import(data=upload.read(), filename=upload.name)
        except imports.ImportRefused as refused:
            return Response(
                {"errors": [{"rule": "INVALID_INPUT", "field": "file", "message": e} for e in refused.errors]},
                status=400,
            )
        return Response({"imported": len(created), "warnings": created.warnings})


class ExportView(APIView):
    @extend_schema(
        tags=["discretion"],
        parameters=[OpenApiParameter("type", str, required=False, enum=["csv", "xlsx"], description="默认 xlsx")],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request):
        kinds = request.query_params.getlist("type") or ["xlsx"]
        kind = kinds[0]
        if len(kinds) > 1 or kind not in ("csv", "xlsx"):
            raise InputError("导出格式须为 csv 或 xlsx", field="type")
        if kind == "csv":
            return HttpResponse(
                imports.export_csv(),
                content_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": 'attachment; filename="benchmarks.csv"'},
            )
        return HttpResponse(
            imports.export_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": 'attachment; filename="benchmarks.xlsx"'},
        )
