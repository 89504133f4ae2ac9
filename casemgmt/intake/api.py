"""The intake API for 对接平台: deliver a clue, read back what became of it.

Only a platform's own token (scope ``intake``) reaches these operations, and it reaches nothing else
(``casemgmt.api.tokens``). A platform sees only the clues it delivered, by its own id for them.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ParseError, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from casemgmt.api.serializers import ErrorSerializer
from casemgmt.strictinput import refuse_unknown_fields

from .inputs import ClueDeliveryInput
from .models import IntakeClue, Platform
from .outcome import LABELS, outcome
from .services import TOKEN_SCOPE, clue_deliver

SAMPLES = Path(settings.BASE_DIR) / "samples" / "intake"
NOT_A_PLATFORM = "该接口只接受对接平台的接口令牌"
PLATFORM_INACTIVE = "对接平台已停用，请联系管理员"


def _sample(name: str) -> dict:
    try:
        return json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    except OSError:
        return {}


def platform_of(request) -> Platform:
    token = request.auth
    if getattr(token, "scope", None) != TOKEN_SCOPE:
        raise PermissionDenied(NOT_A_PLATFORM)
    platform = Platform.objects.filter(service_user_id=request.user.pk).prefetch_related("units").first()
    if platform is None:
        raise PermissionDenied(NOT_A_PLATFORM)
    if not platform.is_active:
        raise PermissionDenied(PLATFORM_INACTIVE)
    return platform


class IsPlatform(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        view.platform = platform_of(request)
        return True


class OutcomeSerializer(serializers.Serializer):
    source_id = serializers.CharField(help_text="平台自己的编号（工单号、事件编号、移送函文号）")
    received_at = serializers.DateTimeField(help_text="平台受理时间")
    registered_at = serializers.DateTimeField(help_text="本系统登记时间")
    status = serializers.ChoiceField(choices=list(LABELS.items()), help_text="办理结果")
    status_label = serializers.CharField(help_text="办理结果（中文）")
    case_number = serializers.CharField(help_text="案件编号（已立案时）", allow_blank=True)
    filed_on = serializers.DateField(allow_null=True, help_text="立案日期")
    not_filed_reason = serializers.CharField(allow_blank=True, help_text="不予立案理由")
    transferred_to = serializers.CharField(allow_blank=True, help_text="移送机关")
    transferred_on = serializers.DateField(allow_null=True, help_text="移送日期")
    closed_on = serializers.DateField(allow_null=True, help_text="结案或不予立案日期")
    updated_on = serializers.DateField(help_text="最近办理日期")


class DeliveryResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="true：本次新登记；false：该编号已推送过，返回原线索")
    clue = OutcomeSerializer()
    url = serializers.URLField(help_text="查询办理结果的地址")


def _errors(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


_PENDING = {
    "source_id": "SFX12345-20261207-000318",
    "received_at": "2026-12-07T09:12:00+08:00",
    "registered_at": "2026-12-07T09:12:04+08:00",
    "status": "pending",
    "status_label": "待核查",
    "case_number": "",
    "filed_on": None,
    "not_filed_reason": "",
    "transferred_to": "",
    "transferred_on": None,
    "closed_on": None,
    "updated_on": "2026-12-07",
}
_URL = "https://zf.example.gov.cn/api/intake/clues/SFX12345-20261207-000318/"


def _delivery_result(request, intake: IntakeClue, created: bool) -> dict:
    url = reverse("api:intake:clue-detail", kwargs={"source_id": intake.source_id}, request=request)
    return {"created": created, "clue": OutcomeSerializer(outcome(intake)).data, "url": url}


def _multipart_data(request) -> dict:
    """A multipart delivery: the JSON in the ``data`` field, the files as ``attachments`` (checked like Base64)."""
    refuse_unknown_fields(request.data, ("data", "attachments"))
    try:
        data = json.loads(request.data.get("data") or "")
    except (TypeError, ValueError):
        raise ValidationError({"data": "multipart 请求须在 data 字段中提供 JSON 格式的线索内容"}) from None
    if not isinstance(data, dict):
        raise ValidationError({"data": "data 字段须为 JSON 对象"})
    files = request.FILES.getlist("attachments")
    if files:
        if data.get("attachments"):
            raise ValidationError({"attachments": "附件请只用一种方式提供（Base64 或 multipart 文件）"})
        limit = int(settings.INTAKE_ATTACHMENT_MAX_COUNT)
        if len(files) > limit:
            raise ValidationError({"attachments": f"附件不能超过{limit}个（现有{len(files)}个）"})
        cap = int(settings.INTAKE_ATTACHMENT_MAX_BYTES)
        items = []
        for index, upload in enumerate(files):
            if upload.size > cap:
                raise ValidationError({f"attachments.{index}": f"附件“{upload.name}”超过{cap // (1024 * 1024)}MB上限"})
            items.append({"name": upload.name or "", "content_base64": base64.b64encode(upload.read()).decode()})
        data["attachments"] = items
    return data


class IntakeClueView(APIView):
    token_scope = TOKEN_SCOPE
    permission_classes = [permissions.IsAuthenticated, IsPlatform]

    @extend_schema(
        tags=["intake"],
        operation_id="intake_clue_deliver",
        summary="对接平台推送线索（12345工单、网格事件、移送函）",
        description=(
            "对接平台（12345政务服务便民热线、网格化管理系统、其他机关）推送一条线索，系统登记为“线索核查”状态的案件线索，"
            "无需人工重复录入。须使用平台的接口令牌（`Authorization: Token <令牌>`），该令牌只能调用 /api/intake/ 接口。\n\n"
            "幂等：同一平台、同一来源编号重复推送相同内容，返回 200 和原线索（`created: false`）；同一编号推送不同内容返回 409，"
            "不作任何改动。所有字段先全部校验，任何一项不符合即返回 400（指明字段），不登记任何内容。\n\n"
            "坐标：经纬度须为 CGCS2000（天地图）或 WGS-84（GPS）坐标，GCJ-02、BD-09 等加偏坐标须先转换。附件：照片（JPG、PNG、HEIC）"
            "或 PDF，Base64 编码放在 JSON 中，或以 multipart/form-data 提交（JSON 放在 data 字段，文件放在 attachments 字段）。"
        ),
        request={"application/json": ClueDeliveryInput, "multipart/form-data": ClueDeliveryInput},
        responses={
            201: OpenApiResponse(DeliveryResultSerializer, description="已登记为新线索"),
            200: OpenApiResponse(DeliveryResultSerializer, description="该编号已推送过且内容相同，返回原线索"),
            400: _errors("字段不符合要求（含字段名），未登记任何内容"),
            401: _errors("未提供令牌或令牌无效"),
            403: _errors("不是对接平台的令牌、平台已停用，或无权向该单位推送"),
            409: _errors("同一来源编号已推送过不同内容，未作改动"),
        },
        examples=[
            OpenApiExample("12345热线工单", value=_sample("hotline-work-order.json"), request_only=True),
            OpenApiExample("网格事件（含坐标和照片）", value=_sample("grid-event.json"), request_only=True),
            OpenApiExample("移送函", value=_sample("transfer-letter.json"), request_only=True),
            OpenApiExample(
                "已登记",
                value={"created": True, "clue": _PENDING, "url": _URL},
                response_only=True,
                status_codes=["201"],
            ),
            OpenApiExample(
                "重复推送",
                value={"created": False, "clue": _PENDING, "url": _URL},
                response_only=True,
                status_codes=["200"],
            ),
            OpenApiExample(
                "身份证号错误",
                value={
                    "errors": [
                        {
                            "rule": "INVALID_INPUT",
                            "field": "party.id_number",
                            "message": "“110101199003071234”不正确：公民身份号码校验位应为 X，填写的是 4",
                            "code": "invalid",
                        }
                    ]
                },
                response_only=True,
                status_codes=["400"],
            ),
            OpenApiExample(
                "同一编号内容不同",
                value={
                    "errors": [
                        {
                            "rule": "CONFLICT",
                            "message": "12345工单号“SFX12345-20261207-000318”已推送过，内容与本次不同；同一编号不能改推其他内容，"
                            "已推送的线索未作改动",
                        }
                    ]
                },
                response_only=True,
                status_codes=["409"],
            ),
        ],
    )
    def post(self, request):
        if request.content_type.startswith("multipart/"):
            data = _multipart_data(request)
        else:
            data = request.data
            if not isinstance(data, dict):
                raise ParseError("请求体必须是 JSON 对象")
        serializer = ClueDeliveryInput(data=data, context={"platform": self.platform, "request": request})
        serializer.is_valid(raise_exception=True)
        intake, created = clue_deliver(platform=self.platform, data=serializer.validated_data)
        body = _delivery_result(request, intake, created)
        if created:
            return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})
        return Response(body, status=status.HTTP_200_OK)


class IntakeClueDetailView(APIView):
    token_scope = TOKEN_SCOPE
    permission_classes = [permissions.IsAuthenticated, IsPlatform]

    @extend_schema(
        tags=["intake"],
        operation_id="intake_clue_outcome",
        summary="查询推送线索的办理结果",
        description=(
            "按平台自己的编号（工单号、事件编号、移送函文号）查询该平台推送的线索办理到哪一步，供热线回复群众："
            "待核查、已立案（案件编号、立案日期）、不予立案（理由）、已移送（移送机关）、已结案，以及相应日期。"
            "只能查询本平台推送的线索；不提供办案人员、其他当事人等内部信息。"
        ),
        parameters=[
            OpenApiParameter("source_id", str, OpenApiParameter.PATH, description="平台自己的编号（URL 编码）")
        ],
        responses={
            200: OutcomeSerializer,
            404: _errors("本平台没有推送过该编号的线索"),
            403: _errors("不是对接平台的令牌或平台已停用"),
        },
        examples=[
            OpenApiExample("待核查", value=_PENDING, response_only=True, status_codes=["200"]),
            OpenApiExample(
                "已立案",
                value={
                    **_PENDING,
                    "status": "filed",
                    "status_label": "已立案",
                    "case_number": "城关镇立〔2026〕42号",
                    "filed_on": "2026-12-09",
                    "updated_on": "2026-12-09",
                },
                response_only=True,
                status_codes=["200"],
            ),
            OpenApiExample(
                "不予立案",
                value={
                    **_PENDING,
                    "status": "not_filed",
                    "status_label": "不予立案",
                    "not_filed_reason": "经现场核查，反映的占道经营行为已自行改正，违法行为轻微并及时改正，没有造成危害后果",
                    "closed_on": "2026-12-08",
                    "updated_on": "2026-12-08",
                },
                response_only=True,
                status_codes=["200"],
            ),
        ],
    )
    def get(self, request, source_id: str):
        intake = (
            IntakeClue.objects.select_related("case")
            .filter(platform=self.platform, source_id=source_id, case__isnull=False)
            .first()
        )
        if intake is None:
            raise Http404("本平台没有推送过该编号的线索")
        return Response(OutcomeSerializer(outcome(intake)).data)
