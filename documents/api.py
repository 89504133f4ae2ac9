"""JSON API of the documents app. Thin: the access helpers (404 for outsiders), a service, a serializer; errors
take the API's one shape (casemgmt.api.errors)."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.cases import models as m
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services import InputError
from casemgmt.files.http import verified_file_response
from casemgmt.strictinput import StrictSerializer, refuse_unknown_fields

from . import services as ds
from .selectors import case_documents, document_get_for_user


@extend_schema_field(
    serializers.DictField(child=serializers.CharField(allow_blank=True), help_text="要素内容：要素代码 → 文本")
)
class ValuesField(serializers.JSONField):
    """The stored element values of a document (every value is text: see ``documents.services._clean``)."""


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    type = serializers.CharField(source="document_type.code")
    title = serializers.CharField(source="document_type.name")
    status = serializers.CharField()
    number = serializers.CharField()
    values = ValuesField()
    sha256 = serializers.CharField()
    page_count = serializers.IntegerField()
    issued_at = serializers.DateTimeField(allow_null=True)
    template_version = serializers.IntegerField(source="template_version.version", allow_null=True, default=None)
    corrects = serializers.IntegerField(source="corrects_id", allow_null=True)
    for_document = serializers.IntegerField(source="for_document_id", allow_null=True)


class DraftSerializer(StrictSerializer):
    case = serializers.IntegerField()
    type = serializers.CharField()
    source_ref = serializers.CharField(required=False, allow_blank=True, default="")
    values = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)


class DraftUpdateSerializer(StrictSerializer):
    values = serializers.DictField(help_text="要修改的文书字段值（字段键 → 值）")


class ServeSerializer(StrictSerializer):
    method = serializers.ChoiceField(choices=m.ServiceMethod.choices)
    recipient = serializers.CharField()
    delivered_on = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    witness = serializers.CharField(required=False, allow_blank=True, default="")
    media_reference = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    public_reason = serializers.ChoiceField(
        choices=m.PublicServiceReason.choices, required=False, allow_blank=True, default=""
    )
    public_process = serializers.CharField(required=False, allow_blank=True, default="")


ACTIONS = ("issue", "void", "correct", "serve")
# The body fields each action reads; any other is refused (casemgmt.strictinput).
ACTION_FIELDS = {"issue": (), "void": ("reason",), "correct": ("values",)}  # serve: ServeSerializer


def _out(doc, code=status.HTTP_200_OK) -> Response:
    return Response(DocumentSerializer(doc).data, status=code)


class CaseQuery(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="案件ID")


class DocumentListView(APIView):
    @extend_schema(
        parameters=[CaseQuery],
        responses=DocumentSerializer(many=True),
        summary="案件的执法文书",
        operation_id="documents_list",
    )
    def get(self, request):
        query = CaseQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        case = case_get_for_user(user=request.user, pk=query.validated_data["case"])
        return Response(DocumentSerializer(case_documents(case), many=True).data)

    @extend_schema(
        request=DraftSerializer,
        responses={201: DocumentSerializer},
        summary="起草文书",
        operation_id="documents_draft",
    )
    def post(self, request):
        body = DraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = case_get_for_user(user=request.user, pk=body.validated_data["case"])
        doc = ds.document_draft(
            case=case,
            actor=request.user,
            type_code=body.validated_data["type"],
            source_ref=body.validated_data["source_ref"],
            values=body.validated_data["values"],
        )
        return _out(doc, status.HTTP_201_CREATED)


class DocumentDetailView(APIView):
    @extend_schema(responses=DocumentSerializer, summary="文书", operation_id="documents_retrieve")
    def get(self, request, pk):
        return _out(document_get_for_user(user=request.user, pk=pk))

    @extend_schema(
        request=DraftUpdateSerializer,
        responses=DocumentSerializer,
        summary="修改草稿",
        operation_id="documents_update_draft",
    )
    def patch(self, request, pk):
        doc = document_get_for_user(user=request.user, pk=pk)
        refuse_unknown_fields(request.data, ("values",))
        values = request.data.get("values")
        if not isinstance(values, dict):
            raise InputError("values 须为对象", field="values")
        return _out(ds.document_update(document=doc, actor=request.user, values=values))


class DocumentActionView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS))],
        request=OpenApiTypes.OBJECT,
        responses={200: DocumentSerializer, 201: DocumentSerializer},
        summary="签发 / 作废 / 更正（201，新文书）/ 送达（201，送达后的文书）",
        description="请求体：issue 无字段；void 需 reason；correct 需 values；serve 见 ServeSerializer 各字段。其他字段一律拒绝（400，未知字段）。",
        operation_id="documents_action",
    )
    def post(self, request, pk, action):
        doc = document_get_for_user(user=request.user, pk=pk)
        if action in ACTION_FIELDS:
            refuse_unknown_fields(request.data, ACTION_FIELDS[action])
        if action == "issue":
            return _out(ds.document_issue(document=doc, actor=request.user))
        if action == "void":
            return _out(ds.document_void(document=doc, actor=request.user, reason=str(request.data.get("reason", ""))))
        if action == "correct":
            return _out(
                ds.document_correct(document=doc, actor=request.user, values=request.data.get("values") or {}),
                status.HTTP_201_CREATED,
            )
        if action == "serve":
            body = ServeSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data: dict = dict(body.validated_data)
            delivered: dt.date = data.pop("delivered_on")
            return _out(
                ds.document_serve(document=doc, actor=request.user, delivered_on=delivered, **data),
                status.HTTP_201_CREATED,
            )
        return Response({"errors": [{"rule": "NOT_FOUND", "message": "操作不存在"}]}, status=status.HTTP_404_NOT_FOUND)


class DocumentPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes}, summary="文书PDF", operation_id="documents_pdf")
    def get(self, request, pk):
        from django.http import HttpResponse

        doc = document_get_for_user(user=request.user, pk=pk)
        if not doc.pdf:
            return HttpResponse(ds.draft_pdf(document=doc), content_type="application/pdf")
        filename = f"{doc.document_type.name}{doc.number}.pdf"
        return verified_file_response(doc.pdf.name, doc.sha256, label=str(doc), filename=filename)
