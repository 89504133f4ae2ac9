"""JSON API of the powers app (thin: parse, call a selector or service, render)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.serializers import PenaltyTypesField
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.org.models import Unit
from casemgmt.strictinput import StrictSerializer

from . import services
from .models import AssistanceRequest, Matter, PowerGrant, Transfer
from .selectors import (
    assistance_get_for_user,
    grants_visible_to,
    holder_on,
    matters_visible_to,
    transfer_get_for_user,
    transfers_visible_to,
)


class MatterSerializer(serializers.ModelSerializer):
    source_department = serializers.StringRelatedField()
    penalty_types = PenaltyTypesField(read_only=True)

    class Meta:
        model = Matter
        fields = ["id", "code", "name", "field", "source_department", "violated_clause", "penalty_clause",
                  "penalty_types", "range_kind", "min_amount", "max_amount", "base_kind", "min_multiple",
                  "max_multiple", "is_active"]  # fmt: skip


class GrantSerializer(serializers.ModelSerializer):
    matter = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township = serializers.StringRelatedField()
    transition_lead = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = PowerGrant
        fields = ["id", "matter", "township", "mode", "document_number", "published_on", "effective_from",
                  "effective_to", "transition_until", "transition_lead", "lead_finishes_open_cases"]  # fmt: skip


class MaterialSerializer(serializers.Serializer):
    evidence = serializers.IntegerField(required=False, help_text="本案证据编号（按名称列入的材料没有）")
    title = serializers.CharField()
    sha256 = serializers.CharField(help_text="证据文件的SHA-256；按名称列入的材料为空")


@extend_schema_field(MaterialSerializer(many=True))
class MaterialsField(serializers.JSONField):
    """The stored list of materials (移送材料清单), rendered as stored."""


class TransferSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    materials = MaterialsField(read_only=True)
    from_unit = serializers.StringRelatedField()
    to_unit = serializers.StringRelatedField()
    designated_unit = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Transfer
        fields = ["id", "case", "case_number", "from_unit", "to_unit", "reason", "materials", "is_major", "found_at",
                  "due_at", "sent_at", "status", "received_on", "receipt_number", "designation_reason",
                  "designation_requested_on", "designation_due_on", "designated_unit", "designated_on",
                  "designation_document"]  # fmt: skip


class MatterListView(APIView):
    @extend_schema(tags=["powers"], responses=MatterSerializer(many=True))
    def get(self, request):
        qs = matters_visible_to(user=request.user)
        if field := request.query_params.get("field"):
            qs = qs.filter(field=field)
        return Response(MatterSerializer(qs, many=True).data)


class GrantListView(APIView):
    @extend_schema(tags=["powers"], responses=GrantSerializer(many=True))
    def get(self, request):
        qs = grants_visible_to(user=request.user)
        if township := request.query_params.get("township"):
            qs = qs.filter(township_id=township) if township.isdigit() else qs.none()
        if matter := request.query_params.get("matter"):
            qs = qs.filter(matter__code=matter)
        return Response(GrantSerializer(qs, many=True).data)


class HolderQuery(serializers.Serializer):
    matter = serializers.SlugRelatedField(slug_field="code", queryset=Matter.objects.all(), label="事项编码")
    township = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind="township"), required=False, allow_null=True, label="乡镇"
    )
    on = serializers.DateField(label="日期")


class HolderSerializer(serializers.Serializer):
    matter = serializers.CharField(help_text="事项编码")
    township = serializers.IntegerField(allow_null=True, help_text="乡镇（未指定时为 null）")
    on = serializers.DateField()
    subject = serializers.IntegerField(allow_null=True, help_text="当日行使该职权的执法主体")
    subject_name = serializers.CharField()
    basis = serializers.CharField(help_text="依据：赋权、过渡期或原部门")
    description = serializers.CharField()
    assisting_township = serializers.IntegerField(allow_null=True, help_text="配合的乡镇（如有）")
    grant = serializers.IntegerField(allow_null=True, help_text="所依据的赋权（如有）")
    document_number = serializers.CharField(help_text="赋权文号，无赋权时为空")


class HolderView(APIView):
    """Who holds matter X for township Y on date D."""

    @extend_schema(tags=["powers"], parameters=[HolderQuery], responses=HolderSerializer)
    def get(self, request):
        query = HolderQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return Response(holder_on(matter=data["matter"], township=data.get("township"), on=data["on"]))


class TransferListView(APIView):
    @extend_schema(tags=["powers"], responses=TransferSerializer(many=True))
    def get(self, request):
        return Response(TransferSerializer(transfers_visible_to(user=request.user)[:200], many=True).data)


class SendInput(StrictSerializer):
    to_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label="接收单位")
    reason = serializers.CharField(label="移送理由")
    found_at = serializers.DateTimeField(label="发现不属本单位管辖时间")
    sent_at = serializers.DateTimeField(required=False, label="移送时间")
    is_major = serializers.BooleanField(default=False)
    materials = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True)
    expected_version = serializers.IntegerField(required=False, allow_null=True)


class CaseTransferView(APIView):
    @extend_schema(tags=["powers"], request=SendInput, responses={201: TransferSerializer})
    def post(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        data = SendInput(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = services.transfer_send(case=case, actor=request.user, **data.validated_data)
        return Response(TransferSerializer(transfer).data, status=201)


class AcceptInput(StrictSerializer):
    on = serializers.DateField(label="接收日期")
    receipt_number = serializers.CharField(required=False, allow_blank=True, default="")
    matter = serializers.SlugRelatedField(slug_field="code", queryset=Matter.objects.all(), required=False)


class DesignationInput(StrictSerializer):
    on = serializers.DateField()
    reason = serializers.CharField()


class DesignateInput(StrictSerializer):
    on = serializers.DateField()
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    document_number = serializers.CharField()


TRANSFER_ACTIONS = {
    "accept": (AcceptInput, services.transfer_accept),
    "request-designation": (DesignationInput, services.transfer_request_designation),
    "designate": (DesignateInput, services.transfer_designate),
}


class TransferActionView(APIView):
    @extend_schema(
        tags=["powers"],
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(TRANSFER_ACTIONS))],
        request=AcceptInput,
        responses=TransferSerializer,
    )
    def post(self, request, pk: int, action: str):
        if action not in TRANSFER_ACTIONS:
            raise Http404("操作不存在")
        transfer = transfer_get_for_user(user=request.user, pk=pk)
        input_class, service = TRANSFER_ACTIONS[action]
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = service(transfer=transfer, actor=request.user, **data.validated_data)
        return Response(TransferSerializer(transfer).data)


class ReferralInput(StrictSerializer):
    organ = serializers.CharField(label="接收的司法机关")
    reason = serializers.CharField(label="涉嫌犯罪的事实和理由")
    on = serializers.DateField()


class SeizedItemSerializer(serializers.Serializer):
    measure = serializers.IntegerField(help_text="行政强制措施编号")
    kind = serializers.CharField(help_text="措施种类，如 查封、扣押")
    items = serializers.CharField(help_text="物品清单")
    started_on = serializers.DateField()
    disposal = serializers.CharField(help_text="处理结果，未处理为空")


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    seized_items = SeizedItemSerializer(many=True, help_text="随案移送的涉案物品清单")


class CaseReferralView(APIView):
    @extend_schema(tags=["powers"], request=ReferralInput, responses={201: ReferralSerializer})
    def post(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = services.referral_send(case=case, actor=request.user, **data.validated_data)
        return Response({"id": referral.pk, "seized_items": referral.seized_items}, status=201)


class AssistanceInput(StrictSerializer):
    to_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    request = serializers.CharField()
    on = serializers.DateField()


class AssistanceSentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    due_on = serializers.DateField(help_text="协助单位应答复的日期")


class CaseAssistanceView(APIView):
    @extend_schema(tags=["powers"], request=AssistanceInput, responses={201: AssistanceSentSerializer})
    def post(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        data = AssistanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.assistance_request(case=case, actor=request.user, **data.validated_data)
        return Response({"id": req.pk, "due_on": req.due_on}, status=201)


class ReplyInput(StrictSerializer):
    on = serializers.DateField()
    reply = serializers.CharField()
    delay_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssistanceReplySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    replied_on = serializers.DateField()


class AssistanceReplyView(APIView):
    @extend_schema(tags=["powers"], request=ReplyInput, responses=AssistanceReplySerializer)
    def post(self, request, pk: int):
        req: AssistanceRequest = assistance_get_for_user(user=request.user, pk=pk)
        data = ReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.assistance_reply(request=req, actor=request.user, **data.validated_data)
        return Response({"id": req.pk, "replied_on": req.replied_on})
