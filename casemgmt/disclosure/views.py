"""信息公示 (双公示) pages: the records of a period with their deadline, status and errors, and the downloads.

A download holding records that fail validation is refused (400, the errors named) unless the officer chooses
``valid_only`` — then only the valid records go out and the page keeps listing the others to correct.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from casemgmt.org.models import Unit
from casemgmt.org.selectors import units_visible_to

from . import formats
from .records import BASES, PeriodError, disclosure_batch, disclosure_cases, parse_period


def _batch(request):
    today = timezone.localdate()
    basis, start, end = parse_period(request.GET, today=today)
    unit = None
    if request.GET.get("unit"):
        try:
            unit = units_visible_to(user=request.user).get(pk=int(request.GET["unit"]))
        except (Unit.DoesNotExist, ValueError):
            raise PeriodError("执法主体不存在或无权查看") from None
    cases = disclosure_cases(user=request.user, unit=unit)
    return disclosure_batch(cases=cases, basis=basis, start=start, end=end, today=today), (basis, start, end, unit)


@login_required
def index(request):
    context = {"bases": BASES, "units": units_visible_to(user=request.user).order_by("name"), "get": request.GET}
    try:
        batch, (basis, start, end, unit) = _batch(request)
    except PeriodError as exc:
        context["error"] = str(exc)
        return render(request, "disclosure/index.html", context, status=400)
    query = request.GET.copy()
    query.update({"basis": basis, "from": start.isoformat(), "to": end.isoformat()})
    context.update(
        batch=batch,
        basis=basis,
        start=start,
        end=end,
        unit=unit,
        query=query.urlencode(),
        today=timezone.localdate(),
    )
    return render(request, "disclosure/index.html", context)


@login_required
def export(request, fmt: str):
    if fmt not in formats.CONTENT_TYPES:
        raise Http404("不支持的导出格式")
    try:
        batch, (basis, start, end, _unit) = _batch(request)
    except PeriodError as exc:
        return HttpResponse(f"无法导出：{exc}", status=400, content_type="text/plain; charset=utf-8")
    if batch.invalid and request.GET.get("valid_only") != "1":
        lines = [f"{len(batch.invalid)}条记录未通过校验，未导出（改正后再导出，或选择“仅导出校验通过的记录”）："]
        lines += [f"{r.case_number}｜{r.party_name}｜{e.field}：{e.message}" for r in batch.invalid for e in r.errors]
        return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
    records = batch.valid
    filename = f"xzcf-shuanggongshi-{basis}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            formats.xlsx_file(records), as_attachment=True, filename=filename, content_type=formats.XLSX_TYPE
        )
    stream = formats.csv_stream(records) if fmt == "csv" else formats.json_stream(records)
    response = StreamingHttpResponse(stream, content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
