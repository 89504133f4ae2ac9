"""JSON API of the 双公示 export (mounted at /api/disclosure/): the same records, rules and scope as the page."""

from __future__ import annotations

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.views import APIView

from casemgmt.api.errors import error_response
from casemgmt.org.models import Unit
from casemgmt.org.selectors import units_visible_to

from . import formats
from .fields import COLUMNS
from .records import BASES, PeriodError, disclosure_batch, disclosure_cases, parse_period

INVALID = "INVALID_INPUT"
INVALID_RECORD = "DISCLOSURE_INVALID_RECORD"


DisclosureRecordSerializer = type(
    "DisclosureRecordSerializer",
    (serializers.Serializer,),
    {column: serializers.CharField(allow_blank=True) for column in COLUMNS},
)


class DisclosureExportSerializer(serializers.Serializer):
    """The JSON export: the data kind, the column names in order and one object per record (every value a string,
    empty where the standard's field does not apply)."""

    数据类别 = serializers.CharField()
    字段 = serializers.ListField(child=serializers.CharField())
    记录 = serializers.ListField(child=DisclosureRecordSerializer())


class DisclosureExportView(APIView):
    @extend_schema(
        tags=["disclosure"],
        summary="导出行政处罚信息（双公示）",
        parameters=[
            OpenApiParameter("file_format", str, enum=sorted(formats.CONTENT_TYPES), description="文件格式，默认 json"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="执法主体编号（含下级单位；默认全部可查看的）"),
            OpenApiParameter(
                "basis", str, enum=sorted(BASES), description="decided：决定日期；published：公示/撤下日期"
            ),
            OpenApiParameter("from", OpenApiTypes.DATE, description="起始日期（默认90天前）"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="截止日期（默认今天）"),
            OpenApiParameter("valid_only", OpenApiTypes.BOOL, description="有记录未通过校验时仅导出通过校验的记录"),
        ],
        responses={
            (200, "application/json"): DisclosureExportSerializer,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, formats.XLSX_TYPE): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="参数错误，或有记录未通过校验（每条错误含案件编号和字段）"),
            404: OpenApiResponse(description="执法主体不存在或无权查看"),
        },
    )
    def get(self, request):
        """The records of the user's enforcement subjects for the period as CSV, .xlsx or JSON. A record failing
        validation refuses the whole export (400, one error per record and field) unless ``valid_only``."""
        params = request.query_params
        fmt = params.get("file_format") or "json"
        if fmt not in formats.CONTENT_TYPES:
            return error_response(
                [{"rule": INVALID, "field": "file_format", "message": "文件格式应为csv、xlsx或json"}], 400
            )
        try:
            basis, start, end = parse_period(params, today=timezone.localdate())
            unit = None
            if params.get("unit"):
                try:
                    unit = units_visible_to(user=request.user).get(pk=int(params["unit"]))
                except (Unit.DoesNotExist, ValueError, OverflowError):
                    raise Http404("执法主体不存在或无权查看") from None
            batch = disclosure_batch(
                cases=disclosure_cases(user=request.user, unit=unit), basis=basis, start=start, end=end
            )
        except PeriodError as exc:
            return error_response([{"rule": INVALID, "field": "non_field_errors", "message": str(exc)}], 400)
        if batch.invalid and params.get("valid_only") not in ("1", "true", "True"):
            errors = [
                {"rule": INVALID_RECORD, "field": e.field, "message": f"{r.case_number}｜{r.party_name}：{e.message}"}
                for r in batch.invalid
                for e in r.errors
            ]
            return error_response(errors, status.HTTP_400_BAD_REQUEST)
        filename = f"xzcf-shuanggongshi-{basis}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
        if fmt == "xlsx":
            return FileResponse(
                formats.xlsx_file(batch.valid), as_attachment=True, filename=filename, content_type=formats.XLSX_TYPE
            )
        stream = formats.csv_stream(batch.valid) if fmt == "csv" else formats.json_stream(batch.valid)
        response = StreamingHttpResponse(stream, content_type=formats.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
