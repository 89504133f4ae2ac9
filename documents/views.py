"""Web pages of the documents app. Thin: the access helper (404 for outsiders), a service, a template."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services import ConflictError, InputError
from casemgmt.files.http import serve_verified

from . import layout
from . import services as ds
from .models import Document, DocumentStatus
from .selectors import case_documents, case_file_get_for_user, catalogue, document_get_for_user, issue_blocked_by


def _refusal(request, exc: Exception) -> None:
    if isinstance(exc, RuleViolation):
        for f in exc.findings:
            messages.error(request, str(f))  # 【Chinese rule name】message（the article governing this case）：detail
    elif isinstance(exc, ConflictError) and exc.rule is not None:
        messages.error(request, str(exc.finding()))
    else:
        messages.error(request, str(exc) or "无权执行该操作")


@login_required
def case_documents_page(request, case_pk):
    case = case_get_for_user(user=request.user, pk=case_pk)
    if request.method == "POST":
        try:
            doc = ds.document_draft(
                case=case,
                actor=request.user,
                type_code=request.POST.get("type", ""),
                source_ref=request.POST.get("source_ref", ""),
            )
            return redirect("documents:detail", doc.pk)
        except (InputError, ConflictError, PermissionDenied, RuleViolation) as exc:
            _refusal(request, exc)
    return render(
        request,
        "documents/case_documents.html",
        {
            "case": case,
            "documents": case_documents(case),
            "catalogue": catalogue(),
            "case_files": case.case_files.all(),
            "evidence": case.evidenceitems.exclude(file="").order_by("collected_at", "id"),
        },
    )


def _form_values(request, doc: Document) -> dict:
    """The edit form as submitted: every element of the type (an emptied textarea is an emptied value)."""
    return {f["key"]: request.POST.get(f["key"], "") for f in doc.document_type.fields}


def _form_errors(doc: Document, exc: Exception) -> tuple[list[str], dict[str, str]]:
    """The refusal for the page: messages naming the elements concerned, and a message per element's field."""
    labels = {f["key"]: f["label"] for f in doc.document_type.fields}
    if isinstance(exc, ds.DocumentIncomplete):
        by_label = {label: key for key, label in labels.items()}
        missing = {by_label[label]: "必填要素，不能为空" for label in exc.missing if label in by_label}
        return [str(exc)], missing
    if isinstance(exc, InputError) and exc.field in labels:
        return [f"{labels[exc.field]}：{exc}"], {exc.field: str(exc)}
    if isinstance(exc, RuleViolation):
        # A content rule lists what is missing ("缺少：改正要求、…"): mark those elements' fields.
        by_label = {label: key for key, label in labels.items()}
        marked = {}
        for finding in exc.findings:
            for token in re.split(r"[：、，；]", finding.detail or ""):
                if token.strip() in by_label:
                    marked[by_label[token.strip()]] = f"{finding.name or finding.rule}：{finding.detail}"
        return [str(f) for f in exc.findings], marked
    if isinstance(exc, ConflictError) and exc.rule is not None:
        return [str(exc.finding())], {}
    return [str(exc) or "无权执行该操作"], {}


def _status(exc: Exception) -> int:
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, RuleViolation):
        return 422
    if isinstance(exc, ConflictError):
        return 409
    return 400


def _detail_page(request, doc: Document, *, submitted: dict | None = None, exc: Exception | None = None):
    """The document page; after a refused save, 签发 or 预览 it shows the form as submitted with the errors."""
    errors, field_errors = _form_errors(doc, exc) if exc is not None else ([], {})
    shown = submitted if submitted is not None else doc.values
    blocks, page = ds.document_preview(document=doc)
    fields = [
        {**f, "value": shown.get(f["key"], ""), "error": field_errors.get(f["key"], "")}
        for f in doc.document_type.fields
    ]
    return render(
        request,
        "documents/document_detail.html",
        {
            "doc": doc,
            "case": doc.case,
            "page": page,
            "blocks": layout.render_html(blocks),
            "fields": fields,
            "errors": errors,
            "methods": m.ServiceMethod.choices,
            "public_reasons": m.PublicServiceReason.choices,
            "today": timezone.localdate().isoformat(),
            "receipts": doc.receipts.all(),
            "issue_blocked_by": issue_blocked_by(document=doc),
        },
        status=_status(exc) if exc is not None else 200,
    )


@login_required
def document_detail(request, pk):
    doc = document_get_for_user(user=request.user, pk=pk)
    if request.method == "POST" and not doc.is_locked:
        values = _form_values(request, doc)
        try:
            ds.document_update(document=doc, actor=request.user, values=values)
            messages.success(request, "已保存草稿")
            return redirect("documents:detail", doc.pk)
        except (InputError, ConflictError, PermissionDenied) as exc:
            return _detail_page(request, doc, submitted=values, exc=exc)
    return _detail_page(request, doc)


@login_required
def document_issue_edited(request, pk):
    """签发 from the edit form: the submitted elements are saved and the document issued in one transaction; on
    any refusal nothing is saved or issued and the page shows the form as submitted with the errors."""
    if request.method != "POST":
        return redirect("documents:detail", pk)
    doc = document_get_for_user(user=request.user, pk=pk)
    values = _form_values(request, doc)
    try:
        ds.document_update_and_issue(document=doc, actor=request.user, values=values)
    except (InputError, ConflictError, PermissionDenied, RuleViolation) as exc:
        doc = document_get_for_user(user=request.user, pk=pk)
        if doc.is_locked:  # a second click after the first issued it: the issued page, with the refusal
            _refusal(request, exc)
            return redirect("documents:detail", doc.pk)
        return _detail_page(request, doc, submitted=values, exc=exc)
    messages.success(request, "文书已签发")
    return redirect("documents:detail", doc.pk)


@login_required
def document_preview_pdf(request, pk):
    """预览: the PDF of the saved values (GET) or of the edit form as submitted (POST), watermarked 预览（未签发）,
    with no 文号; nothing is saved or issued. An issued document has its own PDF."""
    doc = document_get_for_user(user=request.user, pk=pk)
    if doc.is_locked:
        return redirect("documents:pdf", doc.pk)
    values = _form_values(request, doc) if request.method == "POST" else None
    try:
        pdf = ds.preview_pdf(document=doc, actor=request.user, values=values)
    except (InputError, ConflictError, PermissionDenied) as exc:
        return _detail_page(request, doc, submitted=values, exc=exc)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def document_action(request, pk, action):
    doc = document_get_for_user(user=request.user, pk=pk)
    target = doc
    try:
        if action == "issue":
            ds.document_issue(document=doc, actor=request.user)
            messages.success(request, "文书已签发")
        elif action == "void":
            ds.document_void(document=doc, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "文书已作废")
        elif action == "correct":
            target = ds.document_correct(document=doc, actor=request.user)
        elif action == "serve":
            try:
                delivered = dt.date.fromisoformat(request.POST.get("delivered_on", ""))
            except ValueError:
                raise InputError("送达日期格式不正确", field="delivered_on") from None
            ds.document_serve(
                document=doc,
                actor=request.user,
                method=request.POST.get("method", ""),
                recipient=request.POST.get("recipient", ""),
                delivered_on=delivered,
                place=request.POST.get("place", ""),
                witness=request.POST.get("witness", ""),
                media_reference=request.POST.get("media_reference", ""),
                note=request.POST.get("note", ""),
                late_reason=request.POST.get("late_reason", ""),
                public_reason=request.POST.get("public_reason", ""),
                public_process=request.POST.get("public_process", ""),
            )
            messages.success(request, "已送达并生成送达回证")
        elif action == "scan":
            upload = request.FILES.get("file")
            if upload is None:
                raise InputError("请选择签收件文件", field="file")
            if upload.size > settings.EVIDENCE_MAX_BYTES:
                raise InputError("文件过大", field="file")
            ds.document_attach_scan(document=doc, actor=request.user, data=upload.read(), filename=upload.name or "")
            messages.success(request, "已上传签收件")
        else:
            raise Http404
    except (InputError, ConflictError, PermissionDenied, RuleViolation) as exc:
        _refusal(request, exc)
    return redirect("documents:detail", target.pk)


@login_required
def document_pdf(request, pk):
    doc = document_get_for_user(user=request.user, pk=pk)
    filename = f"{doc.document_type.name}{doc.number or '（草稿）'}.pdf"
    if doc.status == DocumentStatus.DRAFT:
        response = HttpResponse(ds.draft_pdf(document=doc), content_type="application/pdf")
        response["Content-Disposition"] = "inline"
        return response
    # Issued (or voided) documents: the stored PDF, refused if it no longer matches the SHA-256 recorded at issue.
    return serve_verified(request, doc.pdf.name, doc.sha256, label=str(doc), filename=filename)


@login_required
def case_file_pdf(request, pk):
    case_file = case_file_get_for_user(user=request.user, pk=pk)
    return serve_verified(
        request, case_file.pdf.name, case_file.sha256, label="案卷", filename=f"案卷{case_file.case.number}.pdf"
    )


def verify(request, code):
    """Public page for a printed copy's QR code: number, case number, status and hash — nothing else."""
    doc = Document.objects.select_related("document_type", "case").filter(verification_code=code).first()
    if doc is None or doc.status == DocumentStatus.DRAFT:
        raise Http404("验证码无效")
    return render(request, "documents/verify.html", {"doc": doc})
