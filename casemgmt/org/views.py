"""Administrators' pages for people: the bulk import (upload → dry run → confirm), the export in the import layout,
and the certificate expiry report. Thin: parse, call ``casemgmt.org.imports`` / ``casemgmt.org.expiry``, render.

Between the dry run and the confirmation the uploaded files stay on the server (the file storage, under
``imports/people/``, with their SHA-256 in the session): the administrator confirms what was checked, without
uploading again, and a file changed in between is refused.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casemgmt.files.tabular import csv_bytes
from casemgmt.files.verified import StoredFileError, read_verified

from . import imports
from .expiry import certificate_expiry, expiry_summary, expiry_table, expiry_xlsx, may_view_expiry
from .models import CERTIFICATE_EXPIRY_NOTICE_DAYS
from .selectors import units_visible_to

IMPORT_PERMS = (
    "auth.add_user",
    "org.add_unit",
    "org.change_unit",
    "org.add_officer",
    "org.change_officer",
    "org.add_membership",
    "org.change_membership",
    "org.add_certificate",
    "org.change_certificate",
)
EXPORT_PERMS = ("org.view_unit", "org.view_officer", "org.view_membership", "org.view_certificate")
SESSION_KEY = "org_people_import"
STORAGE_DIR = "imports/people"
PENDING_SECONDS = 24 * 3600  # an upload never confirmed nor cancelled is removed after a day
MAX_DAYS = 3660
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(user, perms) -> None:
    """Outsiders (not staff) do not learn that the page exists; staff without the permissions are refused."""
    if not user.is_staff:
        raise Http404
    if not user.has_perms(perms):
        raise PermissionDenied


# --- the uploaded files between the dry run and the confirmation --------------------------------------------------


def _pending(request, token: str) -> dict:
    pending = request.session.get(SESSION_KEY)
    if not pending or not secrets.compare_digest(pending.get("token", ""), token):
        raise Http404
    return pending


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    for _name, stored, _sha in (pending or {}).get("files", []):
        default_storage.delete(stored)


def _sweep() -> None:
    """Remove uploads left behind (a dry run neither confirmed nor cancelled) after PENDING_SECONDS."""
    try:
        folders, _files = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    limit = time.time() - PENDING_SECONDS
    for folder in folders:
        stamp = folder.split("-", 1)[0]
        if stamp.isdigit() and int(stamp) < limit:
            for name in default_storage.listdir(f"{STORAGE_DIR}/{folder}")[1]:
                default_storage.delete(f"{STORAGE_DIR}/{folder}/{name}")


def _sources(pending: dict) -> list[imports.Source]:
    return [imports.Source(name, read_verified(stored, sha, label=name)) for name, stored, sha in pending["files"]]


@login_required
@require_http_methods(["GET", "POST"])
def people_import(request):
    _require(request.user, IMPORT_PERMS)
    errors: list[str] = []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            errors.append("请选择要导入的文件")
        if len(uploads) > imports.MAX_FILES:
            errors.append(f"一次最多导入{imports.MAX_FILES}个文件")
        for upload in uploads:
            if not upload.name.lower().endswith((".xlsx", ".csv")):
                errors.append(f"{upload.name}：只能导入 .xlsx 或 .csv 文件")
            elif upload.size > imports.MAX_FILE_BYTES:
                errors.append(f"{upload.name}：文件超过{imports.MAX_FILE_BYTES // (1024 * 1024)}MB上限，请分批导入")
        if not errors:
            _discard(request)
            _sweep()
            token = f"{int(time.time())}-{secrets.token_hex(16)}"
            files = []
            for index, upload in enumerate(uploads):
                data = upload.read()
                ext = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
                stored = default_storage.save(f"{STORAGE_DIR}/{token}/{index}{ext}", ContentFile(data))
                files.append([upload.name[-200:], stored, hashlib.sha256(data).hexdigest()])
            request.session[SESSION_KEY] = {"token": token, "files": files}
            return redirect("org:people_import_plan", token=token)
    return render(
        request,
        "org/people_import.html",
        {
            "errors": errors,
            "headers": imports.HEADERS,
            "max_files": imports.MAX_FILES,
            "max_mb": imports.MAX_FILE_BYTES // (1024 * 1024),
            "max_rows": imports.MAX_ROWS,
            "can_export": request.user.has_perms(EXPORT_PERMS),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def people_import_plan(request, token: str):
    _require(request.user, IMPORT_PERMS)
    pending = _pending(request, token)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _discard(request)
        messages.info(request, "已取消导入，上传的文件已删除")
        return redirect("org:people_import")
    try:
        sources = _sources(pending)
    except StoredFileError as exc:
        _discard(request)
        messages.error(request, str(exc))
        return redirect("org:people_import")
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("commit", "good_rows"):
            return HttpResponse("未知的操作", status=400, content_type="text/plain; charset=utf-8")
        try:
            plan, result = imports.people_import_apply(
                sources=sources,
                actor=request.user,
                good_rows_only=action == "good_rows",
                expected_digest=request.POST.get("digest", ""),
            )
        except imports.ImportRefused as refused:
            for error in refused.errors:
                messages.error(request, error)
            return redirect("org:people_import_plan", token=token)
        _discard(request)
        response = render(
            request,
            "org/people_import_done.html",
            {"result": result, "counts": plan.counts(), "files": pending["files"]},
        )
        response["Cache-Control"] = "no-store"  # the initial passwords are shown once and never cached
        return response
    plan = imports.people_import_plan(sources=sources)
    return render(
        request,
        "org/people_import_plan.html",
        {
            "plan": plan,
            "token": token,
            "files": pending["files"],
            "problems": plan.problems,
            "changed": [r for r in plan.all_rows() if r.changes or r.bad],
            "counts": plan.counts(),
            "digest": plan.digest(),
        },
    )


@login_required
def people_export(request):
    _require(request.user, EXPORT_PERMS)
    stamp = timezone.localdate().strftime("%Y%m%d")
    table = request.GET.get("table", "")
    if request.GET.get("format") == "csv":
        if table not in imports.TABLE_ORDER:
            raise Http404
        names = {imports.UNITS: "units", imports.OFFICERS: "officers", imports.CERTIFICATES: "certificates"}
        return HttpResponse(
            imports.export_csv(table),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{names[table]}-{stamp}.csv"'},
        )
    return HttpResponse(
        imports.export_xlsx(),
        content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="people-{stamp}.xlsx"'},
    )


@login_required
def certificate_expiry_report(request):
    if not may_view_expiry(request.user):
        raise Http404
    units = units_visible_to(user=request.user).order_by("name")
    unit = None
    if request.GET.get("unit"):
        try:
            unit = units.get(pk=int(request.GET["unit"]))
        except (ValueError, units.model.DoesNotExist):
            raise Http404 from None
    error = ""
    days = CERTIFICATE_EXPIRY_NOTICE_DAYS
    if request.GET.get("days"):
        try:
            days = int(request.GET["days"])
        except ValueError:
            days = -1
        if not 0 <= days <= MAX_DAYS:
            error = f"提前天数应为0到{MAX_DAYS}之间的整数，已按{CERTIFICATE_EXPIRY_NOTICE_DAYS}天显示"
            days = CERTIFICATE_EXPIRY_NOTICE_DAYS
    today = timezone.localdate()
    rows = certificate_expiry(today=today, user=request.user, unit=unit, days=days)
    fmt = request.GET.get("format")
    stamp = today.strftime("%Y%m%d")
    if fmt == "csv":
        return HttpResponse(
            csv_bytes(expiry_table(rows)),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="certificate-expiry-{stamp}.csv"'},
        )
    if fmt == "xlsx":
        return HttpResponse(
            expiry_xlsx(rows),
            content_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="certificate-expiry-{stamp}.xlsx"'},
        )
    status = 400 if error else 200
    return render(
        request,
        "org/certificate_expiry.html",
        {
            "rows": rows,
            "summary": expiry_summary(rows),
            "units": units,
            "unit": unit,
            "days": days,
            "default_days": CERTIFICATE_EXPIRY_NOTICE_DAYS,
            "today": today,
            "error": error,
            "query": f"unit={unit.pk if unit else ''}&days={days}",
        },
        status=status,
    )
