"""Archive pages: search with filters, facets, snippets and export; archive records; the case file PDF."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casemgmt.cases.models import CaseStatus
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.files.http import serve_verified
from casemgmt.jobs import JobBusy, JobUnavailable
from casemgmt.jobs.pages import start_and_follow

from . import search as sel
from .assembly import FAILED, PENDING, READY, case_file_status
from .backends.base import FACETS, SORTS
from .export import XLSX_TYPE, export_csv, export_xlsx
from .maintenance import index_state, may_rebuild, reindex_start
from .models import ArchiveRecord
from .services import archive_case, case_file_rebuild, unarchive_case


def _params_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
def search_page(request):
    context = {
        "sorts": SORTS,
        "facet_labels": {k: v[0] for k, v in FACETS.items()},
        "error": "",
        "page": None,
        "can_manage_index": may_rebuild(request.user),
    }
    try:
        req = sel.parse_request(request.GET)
    except InputError as exc:
        context["error"] = str(exc)
        return render(request, "archive/search.html", context, status=400)
    page, unavailable = sel.search_or_unavailable(user=request.user, request=req)
    if unavailable:
        context["error"] = unavailable
        return render(request, "archive/search.html", context, status=503)
    context.update(
        page=page,
        q=request.GET.get("q", ""),
        query=_params_without(request, "page"),
        export_query=_params_without(request, "page", "page_size"),
        selected={name: request.GET.getlist(name) for name in FACETS},
        get=request.GET,
    )
    return render(request, "archive/search.html", context)


def export_response(*, user, params, fmt: str = "xlsx") -> HttpResponseBase:
    """The result list of ``params`` as .xlsx or CSV: every case of the user's visible set that matches, streamed."""
    try:
        req = sel.parse_request(params)
    except InputError as exc:
        return HttpResponse(f"无法导出：{exc}", status=400, content_type="text/plain; charset=utf-8")
    try:
        docs = sel.export_docs(user=user, request=req)
    except sel.SearchUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    return export_file_response(docs, fmt=fmt)


def export_file_response(docs, *, fmt: str) -> HttpResponseBase:
    """The rows of ``docs`` (``sel.export_docs``) as an .xlsx or CSV attachment, streamed."""
    filename = f"case-search-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(export_csv(docs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(export_xlsx(docs), as_attachment=True, filename=filename, content_type=XLSX_TYPE)


@login_required
def search_export(request):
    return export_response(user=request.user, params=request.GET)


@login_required
def search_export_csv(request):
    return export_response(user=request.user, params=request.GET, fmt="csv")


@login_required
def record_detail(request, pk):
    case = case_get_for_user(user=request.user, pk=pk)
    record = ArchiveRecord.objects.filter(case=case).prefetch_related("texts").first()
    return render(
        request,
        "archive/record.html",
        {
            "case": case,
            "record": record,
            "case_file": case_file_status(record),
            "can_archive": case.status == CaseStatus.CLOSED,
            "today": timezone.localdate(),
        },
    )


@login_required
def case_file(request, pk):
    """The archived case file PDF, for whoever may open the case (404 to everyone else)."""
    case = case_get_for_user(user=request.user, pk=pk)
    record = ArchiveRecord.objects.filter(case=case, withdrawn_at__isnull=True).first()
    if record is None:
        raise Http404("该案件没有归档的案卷PDF")
    status = case_file_status(record)
    if status.state != READY:
        # 案卷生成中 (or failed, or archived without a builder): say so instead of a bare 404.
        code = 409 if status.state in (PENDING, FAILED) else 404
        return render(request, "archive/case_file_pending.html", {"case": case, "status": status}, status=code)
    return serve_verified(
        request,
        record.case_file_name,
        record.case_file_sha256,
        label=f"案卷{record.archive_number}",
        filename=f"{record.archive_number}.pdf",
    )


@login_required
@require_POST
def archive_action(request, pk):
    case = case_get_for_user(user=request.user, pk=pk)
    try:
        if request.POST.get("action") == "unarchive":
            unarchive_case(case=case, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "已撤销归档")
        elif request.POST.get("action") == "case_file":
            case_file_rebuild(case=case, actor=request.user)
            messages.success(request, "已开始重新生成案卷")
        else:
            on = dt.date.fromisoformat(request.POST.get("on") or timezone.localdate().isoformat())
            record = archive_case(
                case=case, actor=request.user, on=on, acknowledge_defects=request.POST.get("acknowledge_defects") == "1"
            )
            pending = "；案卷PDF生成中，完成后可在本页查看" if not record.has_case_file and not record.note else ""
            messages.success(request, f"已归档：档号{record.archive_number}，保管期限{record.retention_label}{pending}")
            return redirect("archive:record", pk=case.pk)
    except ValueError:
        messages.error(request, "日期格式应为 YYYY-MM-DD")
    except (InputError, ConflictError, RuleViolation, PermissionDenied, JobBusy, JobUnavailable) as exc:
        messages.error(request, str(exc))
    return redirect("archive:record", pk=case.pk)


@login_required
def index_page(request):
    """The search index for administrators: what is indexed, failed updates, rebuilds, and the rebuild button."""
    if not may_rebuild(request.user):
        raise PermissionDenied("只有系统管理员可以管理检索索引")
    return render(request, "archive/index.html", {"state": index_state()})


@login_required
@require_POST
def index_rebuild(request):
    """Start a rebuild as a background job and show its progress (a rebuild under way is shown instead)."""
    return start_and_follow(
        request,
        lambda: reindex_start(actor=request.user),
        fallback="archive:index",
        started="已开始重建检索索引；重建期间检索照常可用，完成后自动切换到新索引",
    )
