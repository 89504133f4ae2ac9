"""Reads about cases. Every list, detail, search, export and download starts from ``cases_visible_to``."""

from __future__ import annotations

from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import UserObjectPermission

from casemgmt.org.selectors import scope_unit_ids, sees_everything

from .models import Case, CaseAssist, EvidenceItem


def cases_visible_to(*, user) -> QuerySet[Case]:
    """Cases ``user`` may open: own units' (as subject or handler), assisted ones; everything for the justice
    bureau and administrators. Anonymous users and people without a unit see nothing."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if sees_everything(user):
        return Case.objects.all()
    units = scope_unit_ids(user)
    # Object grants to this user on cases (an evaluator on a sampled file while the evaluation round is open) and
    # the cases the user's units assist: both small sets, computed once and hashed rather than probed per case.
    granted = Q(
        pk__in=UserObjectPermission.objects.filter(
            user=user,
            permission__codename="view_case",
            content_type__app_label="cases",
            content_type__model="case",
        ).values_list(Cast("object_pk", BigIntegerField()))
    )
    if not units:
        return Case.objects.filter(granted)
    assisted = Q(pk__in=CaseAssist.objects.filter(unit_id__in=units).values("case_id"))
    return Case.objects.filter(Q(enforcement_subject_id__in=units) | Q(handling_unit_id__in=units) | assisted | granted)


def case_get_for_user(*, user, pk) -> Case:
    """The one access helper for a case: 404 for anyone who may not see it (never 403, which would leak)."""
    try:
        # The clue by the same statement: the case page and the API detail show where it came from.
        return cases_visible_to(user=user).select_related("enforcement_subject", "handling_unit", "clue").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("案件不存在") from None


def evidence_file_get_for_user(*, user, case_pk, pk) -> EvidenceItem:
    """An evidence item with a stored file, of a case ``user`` may open (404 otherwise, like the case)."""
    case = case_get_for_user(user=user, pk=case_pk)
    try:
        return EvidenceItem.objects.exclude(file="").get(case=case, pk=pk)
    except (EvidenceItem.DoesNotExist, ValueError, TypeError):
        raise Http404("证据文件不存在") from None


def evidence_download(item: EvidenceItem) -> dict:
    """How an evidence file is handed out: as an attachment under its original name (never rendered inline, so an
    uploaded file cannot run in the application's origin), checked against the SHA-256 recorded at upload."""
    return {
        "label": f"证据“{item.title}”",
        "filename": item.original_name or item.file.name.rsplit("/", 1)[-1],
        "content_type": item.content_type or "application/octet-stream",
        "as_attachment": True,
    }
