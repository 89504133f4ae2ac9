"""Reads of the documents app. Every document, PDF and case file is reached through the case access helper:
whoever may not see the case gets 404."""

from __future__ import annotations

from django.http import Http404

from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.rulebook.documents import stage_defect
from casemgmt.cases.selectors import cases_visible_to

from .models import CaseFile, Document, DocumentType


def documents_visible_to(*, user):
    return Document.objects.filter(case__in=cases_visible_to(user=user))


def document_get_for_user(*, user, pk) -> Document:
    try:
        return documents_visible_to(user=user).select_related("document_type", "case", "template_version").get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404("文书不存在") from None


def case_file_get_for_user(*, user, pk) -> CaseFile:
    try:
        return CaseFile.objects.filter(case__in=cases_visible_to(user=user)).get(pk=pk)
    except (CaseFile.DoesNotExist, ValueError, TypeError):
        raise Http404("案卷不存在") from None


def case_documents(case):
    return (
        Document.objects.filter(case=case)
        .select_related("document_type", "for_document")
        .order_by("document_type__file_order", "id")
    )


def catalogue():
    return DocumentType.objects.filter(is_active=True).order_by("file_order", "code")


def issue_blocked_by(*, document: Document) -> str | None:
    """Why a draft cannot be issued yet at the case's stage (rule APL-DOCUMENT-STAGE), for the page; the issue
    service checks it again under the case lock."""
    if document.is_locked:
        return None
    dtype = document.document_type
    receipt_for = document.for_document_id is not None and document.service_record_id is not None
    return stage_defect(load_facts(document.case), code=dtype.code, stage=dtype.stage, receipt_for=receipt_for)
