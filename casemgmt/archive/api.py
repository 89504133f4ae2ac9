"""JSON API of the archive: search with facets, export, archive records, archiving and its withdrawal."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.serializers import ErrorSerializer
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services.base import InputError
from casemgmt.files.http import verified_file_response
from casemgmt.strictinput import StrictSerializer

from . import search as sel
from .assembly import FAILED, NONE, PENDING, READY, case_file_status
from .backends.base import DATE_FIELDS, FACETS, SORTS
from .models import ArchiveRecord
from .services import archive_case, unarchive_case
from .views import export_file_response

SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="检索词（空格分隔的词须全部命中；引号内为短语），最多200字"),
    *(OpenApiParameter(name, str, many=True, description=f"筛选：{label}") for name, (label, *_r) in FACETS.items()),
    *(OpenApiParameter(f"{d}_{end}", OpenApiTypes.DATE) for d in DATE_FIELDS for end in ("from", "to")),
    OpenApiParameter("fine_min", OpenApiTypes.DECIMAL),
    OpenApiParameter("fine_max", OpenApiTypes.DECIMAL),
    OpenApiParameter("sort", str, enum=list(SORTS)),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="1–100，默认20"),
]


# The search backend (Elasticsearch) can be down while the rest of the system works: search and export answer 503
# with the API's one error shape (rule SEARCH_UNAVAILABLE) and Retry-After.
SEARCH_UNAVAILABLE = OpenApiResponse(
    ErrorSerializer, description="检索服务（Elasticsearch）暂时无法连接，请稍后再试（见 Retry-After）"
)
RETRY_AFTER_SECONDS = 30


def search_unavailable(exc: Exception) -> Response:
    return Response(
        {"errors": [{"rule": "SEARCH_UNAVAILABLE", "message": str(exc)}]},
        status=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class SnippetSerializer(serializers.Serializer):
    part = serializers.CharField(help_text="命中的部分，如 案由、处罚决定书")
    html = serializers.CharField(help_text="命中片段，检索词以 <mark> 标出（其余文字已转义）")


class SearchHitSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    number = serializers.CharField(help_text="案号，未立案时为空")
    cause = serializers.CharField()
    parties = serializers.CharField(help_text="当事人名称（以顿号分隔）")
    status = serializers.CharField()
    archived = serializers.BooleanField()
    procedure = serializers.CharField()
    outcome = serializers.CharField()
    fine_amount = serializers.CharField(help_text="罚款金额（元），十进制字符串，如 2000.00")
    filed_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    archived_on = serializers.DateField(allow_null=True)
    case_url = serializers.URLField(help_text="案件页面")
    case_file_url = serializers.URLField(allow_null=True, help_text="案卷PDF（已归档且已生成时）")
    snippets = SnippetSerializer(many=True)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="作为筛选参数传回的值")
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="当前检索结果中的案件数")


FacetsSerializer = type(
    "SearchFacetsSerializer",
    (serializers.Serializer,),
    {
        name: FacetValueSerializer(many=True, required=False, help_text=f"{label}（同名筛选参数）")
        for name, (label, *_r) in FACETS.items()
    },
)


class SearchPageSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    backend = serializers.CharField(help_text="检索引擎")
    results = SearchHitSerializer(many=True)
    facets = FacetsSerializer(help_text="分面计数：筛选名 → 取值及件数，只计本人可见的案件")
    message = serializers.CharField(required=False, help_text="页码超出范围时的提示")


def hit_json(hit, request) -> dict:
    d = hit.doc
    return {
        "case": d.pk,
        "number": d.number,
        "cause": d.cause,
        "parties": d.party_names,
        "status": d.status,
        "archived": d.archived,
        "procedure": d.procedure,
        "outcome": d.outcome,
        "fine_amount": str(d.fine_amount),
        "filed_on": d.filed_on,
        "decided_on": d.decided_on,
        "closed_on": d.closed_on,
        "archived_on": d.archived_on,
        "case_url": request.build_absolute_uri(reverse("web:case_detail", args=[d.pk])),
        "case_file_url": request.build_absolute_uri(d.case_file_url) if d.case_file_url else None,
        "snippets": [{"part": title, "html": str(snippet)} for title, snippet in hit.snippets],
    }


class SearchView(APIView):
    """全文检索 within the cases the user may open; facets count the same set."""

    @extend_schema(
        tags=["archive"],
        parameters=SEARCH_PARAMETERS,
        responses={200: SearchPageSerializer, 503: SEARCH_UNAVAILABLE},
    )
    def get(self, request):
        req = sel.parse_request(request.query_params, strict=True)
        try:
            page = sel.search(user=request.user, request=req)
        except sel.SearchUnavailable as exc:
            return search_unavailable(exc)
        body = {
            "total": page.total,
            "page": req.page,
            "pages": page.pages,
            "page_size": req.page_size,
            "backend": page.backend,
            "results": [hit_json(h, request) for h in page.hits],
            "facets": {
                name: [{"value": v, "label": label, "count": n} for v, label, n in rows]
                for name, rows in page.facets.items()
            },
        }
        if page.past_end:
            body["message"] = f"第{req.page}页超出范围：共{page.pages}页"
        return Response(body)


class ExportView(APIView):
    """Every matching case the caller may open, as .xlsx, streamed; no cap."""

    fmt = "xlsx"

    @extend_schema(
        tags=["archive"],
        parameters=SEARCH_PARAMETERS,
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            503: SEARCH_UNAVAILABLE,
        },
    )
    def get(self, request):
        req = sel.parse_request(request.query_params, strict=True)  # bad parameters: the API's JSON 400
        try:
            docs = sel.export_docs(user=request.user, request=req)
        except sel.SearchUnavailable as exc:
            return search_unavailable(exc)
        return export_file_response(docs, fmt=self.fmt)


class CsvExportView(ExportView):
    """The same rows as CSV (formulas escaped), streamed."""

    fmt = "csv"

    @extend_schema(
        tags=["archive"],
        parameters=SEARCH_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.BINARY, 503: SEARCH_UNAVAILABLE},
    )
    def get(self, request):
        return super().get(request)


class ArchiveInput(StrictSerializer):
    on = serializers.DateField(required=False, help_text="归档日期，默认今天")
    expected_version = serializers.IntegerField(required=False)
    acknowledge_defects = serializers.BooleanField(required=False, default=False, help_text="确认自查扣分项")


class UnarchiveInput(StrictSerializer):
    reason = serializers.CharField(max_length=300)
    expected_version = serializers.IntegerField(required=False)


class CaseFileSerializer(serializers.Serializer):
    sha256 = serializers.CharField(help_text="案卷PDF的SHA-256")
    pages = serializers.IntegerField()
    documents = serializers.IntegerField(help_text="案卷所含文书数")


class ArchivedTextSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField(help_text="文号，无则为空")


class ArchiveRecordSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    archive_number = serializers.CharField(help_text="档号")
    archived_on = serializers.DateField()
    retention = serializers.CharField(help_text="保管期限，如 永久、30年")
    retention_years = serializers.IntegerField(allow_null=True, help_text="保管年限，永久时为 null")
    retain_until = serializers.DateField(allow_null=True, help_text="保管至，永久时为 null")
    case_file = CaseFileSerializer(allow_null=True, help_text="案卷PDF，尚未生成时为 null")
    case_file_state = serializers.ChoiceField(
        choices=[(PENDING, "案卷生成中"), (READY, "已生成"), (FAILED, "生成失败"), (NONE, "未归档或无案卷")]
    )
    case_file_message = serializers.CharField()
    case_file_job = serializers.IntegerField(allow_null=True, help_text="生成案卷的后台任务（如有）")
    note = serializers.CharField()
    withdrawn_at = serializers.DateTimeField(allow_null=True, help_text="撤销归档时间")
    withdrawn_reason = serializers.CharField()
    texts = ArchivedTextSerializer(many=True, help_text="归档时的卷内文本目录")


def record_json(record: ArchiveRecord) -> dict:
    case_file = case_file_status(record)
    return {
        "case": record.case_id,
        "archive_number": record.archive_number,
        "archived_on": record.archived_on,
        "retention": record.retention_label,
        "retention_years": record.retention_years,
        "retain_until": record.retain_until,
        "case_file": {
            "sha256": record.case_file_sha256,
            "pages": record.case_file_pages,
            "documents": record.case_file_documents,
        }
        if record.has_case_file
        else None,
        # pending (案卷生成中) | ready | failed | none; while pending, ``case_file_job`` is the job building it.
        "case_file_state": case_file.state,
        "case_file_message": case_file.message,
        "case_file_job": case_file.job.pk if case_file.job is not None else None,
        "note": record.note,
        "withdrawn_at": record.withdrawn_at,
        "withdrawn_reason": record.withdrawn_reason,
        "texts": [{"seq": t.seq, "kind": t.kind, "title": t.title, "number": t.number} for t in record.texts.all()],
    }


class RecordView(APIView):
    @extend_schema(tags=["archive"], responses={200: ArchiveRecordSerializer})
    def get(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        record = ArchiveRecord.objects.filter(case=case).first()
        if record is None:
            return Response({"errors": [{"rule": "NOT_FOUND", "message": "案件尚未归档"}]}, status=404)
        return Response(record_json(record))

    @extend_schema(tags=["archive"], request=ArchiveInput, responses={201: ArchiveRecordSerializer})
    def post(self, request, pk: int):
        """归档 a closed case (SAMR Art. 78)."""
        case = case_get_for_user(user=request.user, pk=pk)
        data = ArchiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        on = data.validated_data.get("on") or timezone.localdate()
        record = archive_case(
            case=case,
            actor=request.user,
            on=on,
            expected_version=data.validated_data.get("expected_version"),
            acknowledge_defects=data.validated_data["acknowledge_defects"],
        )
        return Response(record_json(record), status=status.HTTP_201_CREATED)


class CaseFileView(APIView):
    @extend_schema(
        tags=["archive"],
        summary="案卷PDF（核验SHA-256后提供）",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="案件未归档、无案卷或无权查看"),
            409: OpenApiResponse(description="案卷生成中、生成失败或内容与登记的SHA-256不符"),
        },
    )
    def get(self, request, pk: int):
        """The archived case file; 409 while it is being built (案卷生成中) or when the stored PDF no longer matches
        its recorded SHA-256."""
        case = case_get_for_user(user=request.user, pk=pk)
        record = ArchiveRecord.objects.filter(case=case, withdrawn_at__isnull=True).first()
        if record is None:
            raise Http404
        status_ = case_file_status(record)
        if status_.state != READY:
            code = 409 if status_.state in (PENDING, FAILED) else 404
            rule = "CASE_FILE_PENDING" if status_.state == PENDING else "CASE_FILE_UNAVAILABLE"
            return Response({"errors": [{"rule": rule, "message": status_.message}]}, status=code)
        return verified_file_response(
            record.case_file_name,
            record.case_file_sha256,
            label=f"案卷{record.archive_number}",
            filename=f"{record.archive_number}.pdf",
        )


class UnarchiveView(APIView):
    @extend_schema(tags=["archive"], request=UnarchiveInput, responses={200: ArchiveRecordSerializer})
    def post(self, request, pk: int):
        """撤销归档, with a reason."""
        case = case_get_for_user(user=request.user, pk=pk)
        data = UnarchiveInput(data=request.data)
        if not data.is_valid():
            if set(data.errors) != {"reason"}:
                raise serializers.ValidationError(data.errors)  # unknown fields, a bad expected_version
            raise InputError("须说明撤销归档的理由", field="reason")
        record = unarchive_case(
            case=case,
            actor=request.user,
            reason=data.validated_data["reason"],
            expected_version=data.validated_data.get("expected_version"),
        )
        return Response(record_json(record))
