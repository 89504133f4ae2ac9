"""Reads about cases. Every list, detail, search, export and download starts from ``cases_visible_to``."""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import UserObjectPermission

from casemgmt.org.selectors import scope_unit_ids, sees_everything

from .models import Case, CaseAssist


def cases_visible_to(*, user) -> QuerySet[Case]:
    """Cases ``user`` may open: own units' (as subject or handler), assisted ones; everything for the justice
    bureau and administrators. Anonymous users and people without a unit see nothing."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if sees_everything(user):
        return Case.objects.all()
    units = scope_unit_ids(user)
    # object grant to one user on one case: an evaluator on a sampled file while the evaluation round is open
    granted = Exists(
        UserObjectPermission.objects.filter(
            user=user,
            permission__codename="view_case",
            content_type__app_label="cases",
            content_type__model="case",
            object_pk=Cast(OuterRef("pk"), CharField()),
        )
    )
    if not units:
        return Case.objects.filter(granted)
    assisted = CaseAssist.objects.filter(case=OuterRef("pk"), unit_id__in=units)
    return Case.objects.filter(
        Q(enforcement_subject_id__in=units) | Q(handling_unit_id__in=units) | Exists(assisted) | granted
    )


def case_get_for_user(*, user, pk) -> Case:
    """The one access helper for a case: 404 for anyone who may not see it (never 403, which would leak)."""
    try:
        return cases_visible_to(user=user).select_related("enforcement_subject", "handling_unit").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("案件不存在") from None
