"""API endpoints. Thin: fetch the case through the access helper, parse the body, call a service or selector.

Every case endpoint starts from ``cases_visible_to`` / ``case_get_for_user``, so an outsider gets 404 before
anything else is looked at (the body is not even parsed).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from casemgmt.acts.inputs import ClueInput
from casemgmt.cases import models as m
from casemgmt.cases.actions import Action, allowed_actions
from casemgmt.cases.clocks import case_clocks
from casemgmt.cases.rulebook import case_facts, case_findings
from casemgmt.cases.selectors import (
    case_get_for_user,
    cases_visible_to,
    evidence_download,
    evidence_file_get_for_user,
)
from casemgmt.cases.services.act import perform_act
from casemgmt.files.http import verified_file_response
from casemgmt.ops.errorpages import error_json
from casemgmt.org.models import Role
from casemgmt.org.selectors import (
    COUNTY_WIDE_ROLES,
    officer_of,
    officers_visible_to,
    roles_of,
)

from .filters import CaseFilter
from .pagination import StrictPageNumberPagination
from .schema import ErrorsAutoSchema
from .serializers import (
    ActionResultSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    ErrorSerializer,
    OfficerSerializer,
)

ACTING_ROLES = frozenset(Role.values) - set(COUNTY_WIDE_ROLES)


def _errors(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


ACTION_ERRORS = {
    400: _errors("输入错误（含字段名）"),
    403: _errors("无权办理：只读用户（司法局）或角色不符"),
    404: _errors("案件不存在或无权查看"),
    409: _errors("状态或版本冲突"),
    422: _errors("被法律规则拒绝：每条违反的规则及其法律依据"),
}


@csrf_exempt  # refuses every method alike; a POST without a CSRF token must get this 404 too, not the HTML 403
def not_found(request, *args, **kwargs) -> JsonResponse:
    return error_json(404)


def require_acting_role(user) -> None:
    """Read-only viewers (justice bureau, administrators) see every case but act on none. Whether this user may
    take this action on this case is still decided by the service."""
    if not roles_of(user) & ACTING_ROLES:
        raise PermissionDenied("司法局监督评查等只读用户不能办理案件")


def action_result(case: m.Case, result, request) -> dict:
    case.refresh_from_db()
    created = None
    if result is not None and not isinstance(result, m.Case):
        created = {"type": result._meta.model_name, "id": result.pk}
    return {
        "case": case.pk,
        "url": reverse("api:case-detail", kwargs={"pk": case.pk}, request=request),
        "number": case.number,
        "status": case.status,
        "status_display": case.get_status_display(),
        "version": case.version,
        "created": created,
    }


class CasePagination(StrictPageNumberPagination):
    page_size = 50


@extend_schema(tags=["people"], summary="当前用户：人员信息与任职单位")
class MeView(APIView):
    @extend_schema(responses={200: OfficerSerializer, 404: _errors("当前用户不是登记人员")})
    def get(self, request):
        officer = officer_of(request.user)
        if officer is None:
            raise Http404
        officer = officers_visible_to(user=request.user).filter(pk=officer.pk).first() or officer
        return Response(OfficerSerializer(officer, context={"today": timezone.localdate()}).data)


@extend_schema(tags=["people"], summary="可在操作中引用的人员（本单位、下级和上级单位）")
class OfficerListView(ListAPIView):
    serializer_class = OfficerSerializer
    pagination_class = None

    def get_queryset(self):
        return officers_visible_to(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema(tags=["cases"], summary="案件列表（本人可见范围内）")
class CaseListView(ListAPIView):
    serializer_class = CaseListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    pagination_class = CasePagination

    def get_queryset(self):
        # No ORDER BY: with one, PostgreSQL walks the party primary key instead of the case_id index (30 ms at 100k).
        parties = Prefetch("parties", queryset=m.Party.objects.only("id", "case_id", "name"))
        return (
            cases_visible_to(user=self.request.user)
            .select_related("enforcement_subject", "handling_unit")
            .prefetch_related(parties)
            .order_by("-id")
        )


@extend_schema(tags=["cases"], summary="案件详情：当事人、承办人员、各阶段记录、期限、自查结果、可办操作、全过程记录")
class CaseDetailView(APIView):
    serializer_class = CaseDetailSerializer

    @extend_schema(responses={200: CaseDetailSerializer, 404: _errors("案件不存在或无权查看")})
    def get(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        facts = case_facts(case, today=timezone.localdate())
        context = {
            "request": request,
            "facts": facts,
            "evidence": list(case.evidenceitems.order_by("collected_at", "id")),
            "events": list(case.events.select_related("actor__officer").order_by("seq")),
            "clocks": case_clocks(facts),
            "findings": case_findings(case, today=facts.today),
            "actions": allowed_actions(case=case, user=request.user),
        }
        return Response(CaseDetailSerializer(case, context=context).data)


class EvidenceFileView(APIView):
    @extend_schema(
        tags=["cases"],
        summary="下载证据文件（核验SHA-256后提供）",
        responses={
            (200, "application/octet-stream"): bytes,
            404: _errors("案件或证据文件不存在，或文件缺失"),
            409: _errors("文件内容与登记的SHA-256不符，拒绝提供"),
        },
    )
    def get(self, request, pk: int, item_pk: int):
        item = evidence_file_get_for_user(user=request.user, case_pk=pk, pk=item_pk)
        return verified_file_response(item.file.name, item.sha256, **evidence_download(item))


@extend_schema(tags=["cases"], summary="登记案件线索（开启案件）")
class ClueRegisterView(GenericAPIView):
    serializer_class = ClueInput

    @extend_schema(responses={201: ActionResultSerializer, **{k: v for k, v in ACTION_ERRORS.items() if k != 422}})
    def post(self, request):
        require_acting_role(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = serializer.perform(actor=request.user)
        data = action_result(case, None, request)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})


class ActionSchema(ErrorsAutoSchema):
    def get_summary(self):
        return self.view.action.label

    def get_description(self):
        action = self.view.action
        return action.help or f"{action.label}（{action.code}）"

    def get_operation_id(self):
        return f"case_action_{self.view.action.code}"


class CaseActionView(GenericAPIView):
    """POST one action on a case. Mounted once per registry action (see urls.py); the body is the action's input
    schema, the same one the web form is rendered from and validated by."""

    action: Action | None = None
    schema = ActionSchema()

    def get_serializer_class(self):
        return self.action.input_schema

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "case": getattr(self, "case", None)}

    @extend_schema(tags=["actions"], responses={200: ActionResultSerializer, **ACTION_ERRORS})
    def post(self, request, pk: int):
        self.case = case_get_for_user(user=request.user, pk=pk)
        require_acting_role(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        # The same act skeleton as the web UI: flow lock, version check under the case lock, the service, the flow.
        result = perform_act(
            self.action.code,
            case=self.case,
            actor=request.user,
            expected_version=serializer.validated_data.get("expected_version"),
            call=lambda: serializer.perform(service=self.action.service_fn, case=self.case, actor=request.user),
        )
        return Response(action_result(self.case, result, request))
