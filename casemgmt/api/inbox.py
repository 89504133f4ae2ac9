"""GET /api/tasks/: 我的待办 as JSON, the same rows and order as the inbox page (``workflows.inbox``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.inbox import InboxFilter, inbox_for

from .serializers import ErrorSerializer


class InboxClockSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="期限代码，如 decision、service、payment")
    label = serializers.CharField(help_text="期限名称，如 作出处理决定期限（立案之日起）")
    deadline = serializers.DateField(source="deadline.date", help_text="届满日期")
    provisional = serializers.BooleanField(help_text="该年度节假日安排尚未载入，期限为暂定")


class InboxRowSerializer(serializers.Serializer):
    task_id = serializers.IntegerField(source="task.pk")
    kind = serializers.CharField(help_text="待办类型（流程节点），如 investigate、review")
    title = serializers.CharField(help_text="待办事项，如 审核")
    status = serializers.CharField(help_text="状态：已认领，由我办理 / 待我审核 / 待我审批 / 承办案件，待办理 / 待认领")
    claimed = serializers.SerializerMethodField(help_text="是否已有人认领")
    case_id = serializers.IntegerField(source="case.pk")
    case_number = serializers.CharField(source="case.number", help_text="案件编号（立案前为空）")
    cause = serializers.CharField(source="case.cause", help_text="案由")
    parties = serializers.ListField(child=serializers.CharField(), help_text="当事人名称")
    clock = InboxClockSerializer(allow_null=True, help_text="案件下一步须赶上的法定期限；无进行中的期限时为 null")
    working_days_left = serializers.IntegerField(
        source="days_left", allow_null=True, help_text="剩余工作日（负数为已超期的工作日数）"
    )
    overdue = serializers.BooleanField()

    def get_claimed(self, row) -> bool:
        return row.task.owner_id is not None


class InboxSerializer(serializers.Serializer):
    mine = InboxRowSerializer(many=True, help_text="我的任务：我承办的案件、我认领的事项、交由我审核审批的事项")
    queue = InboxRowSerializer(many=True, help_text="本单位待认领：其他案件中无人认领、我有权办理的事项")


@extend_schema(
    tags=["tasks"],
    summary="我的待办：我的任务与本单位待认领，已超期在前，其次按剩余工作日",
    parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, description="待办类型（流程节点名），如 review"),
        OpenApiParameter("unit", OpenApiTypes.INT, description="只看本人所属的某一单位（含下级单位）的案件"),
    ],
    responses={
        200: InboxSerializer,
        400: OpenApiResponse(ErrorSerializer, description="筛选条件无效（无此待办类型或不属于该单位）"),
    },
)
class TaskInboxView(APIView):
    def get(self, request):
        filters = InboxFilter(request.query_params, user=request.user)
        if not filters.is_valid():
            raise exceptions.ValidationError(filters.errors)
        inbox = inbox_for(
            user=request.user,
            today=timezone.localdate(),
            kind=filters.cleaned_data["kind"] or None,
            unit_id=filters.cleaned_data["unit"],
        )
        return Response(InboxSerializer(inbox).data)
