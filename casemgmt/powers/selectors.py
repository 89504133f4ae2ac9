"""Reads of the powers app. Catalogue and power lists are public inside the county; transfers, referrals and
assistance requests are seen by the units on either side (and the county-wide roles)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from casemgmt.cases.selectors import cases_visible_to
from casemgmt.org.selectors import scope_unit_ids, sees_everything

from .holders import catalogue_snapshot
from .models import AssistanceRequest, CriminalReferral, Matter, PowerGrant, Transfer


def matters_visible_to(*, user) -> QuerySet[Matter]:
    if not getattr(user, "is_authenticated", False):
        return Matter.objects.none()
    return Matter.objects.select_related("source_department", "violated_law__law", "penalty_law__law")


def grants_visible_to(*, user) -> QuerySet[PowerGrant]:
    if not getattr(user, "is_authenticated", False):
        return PowerGrant.objects.none()
    return PowerGrant.objects.select_related("matter", "township", "transition_lead")


def transfers_visible_to(*, user) -> QuerySet[Transfer]:
    """Both sides of a transfer see it, and the superior asked to designate; the case itself only once received."""
    if not getattr(user, "is_authenticated", False):
        return Transfer.objects.none()
    qs = Transfer.objects.select_related("case", "from_unit", "to_unit", "designated_unit", "superior")
    if sees_everything(user):
        return qs
    units = scope_unit_ids(user)
    return qs.filter(
        Q(from_unit_id__in=units)
        | Q(to_unit_id__in=units)
        | Q(superior_id__in=units)
        | Q(designated_unit_id__in=units)
        | Q(case__in=cases_visible_to(user=user))
    )


def transfer_get_for_user(*, user, pk) -> Transfer:
    try:
        return transfers_visible_to(user=user).get(pk=pk)
    except (Transfer.DoesNotExist, ValueError, TypeError):
        raise Http404("移送记录不存在") from None


def assistance_visible_to(*, user) -> QuerySet[AssistanceRequest]:
    if not getattr(user, "is_authenticated", False):
        return AssistanceRequest.objects.none()
    qs = AssistanceRequest.objects.select_related("case", "from_unit", "to_unit")
    if sees_everything(user):
        return qs
    units = scope_unit_ids(user)
    return qs.filter(Q(from_unit_id__in=units) | Q(to_unit_id__in=units) | Q(case__in=cases_visible_to(user=user)))


def assistance_get_for_user(*, user, pk) -> AssistanceRequest:
    try:
        return assistance_visible_to(user=user).get(pk=pk)
    except (AssistanceRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("协助调查请求不存在") from None


def referrals_visible_to(*, user) -> QuerySet[CriminalReferral]:
    if not getattr(user, "is_authenticated", False):
        return CriminalReferral.objects.none()
    return CriminalReferral.objects.filter(case__in=cases_visible_to(user=user)).select_related("case")


def holder_on(*, matter: Matter, township, on: dt.date) -> dict:
    """Who holds ``matter`` for ``township`` on ``on`` (the API's "who holds matter X for township Y on date D")."""
    snapshot = catalogue_snapshot()
    holding = snapshot.holder(matter.pk, township.pk if township is not None else None, on)
    grant = holding.grant
    return {
        "matter": matter.code,
        "township": township.pk if township is not None else None,
        "on": on,
        "subject": holding.subject_id,
        "subject_name": snapshot.unit_name(holding.subject_id),
        "basis": holding.basis,
        "description": snapshot.describe(holding),
        "assisting_township": holding.assisting_township_id,
        "grant": grant.pk if grant is not None else None,
        "document_number": grant.document_number if grant is not None else "",
    }
