"""Reads about units and people."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import COUNTY_WIDE_ROLES, Membership, Officer, Unit
from .tree import unit_tree


def officer_of(user) -> Officer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.officer
    except Officer.DoesNotExist:
        return None


def memberships_of(user) -> list[Membership]:
    officer = officer_of(user)
    if officer is None:
        return []
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = list(Membership.objects.filter(officer=officer).select_related("unit"))
        user._membership_cache = cache
    return cache


def roles_of(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def sees_everything(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(roles_of(user) & set(COUNTY_WIDE_ROLES))


def unit_subtree_ids(unit_ids: set[int]) -> set[int]:
    """The units and all their descendants (a township member sees its brigade's and squadrons' cases)."""
    return unit_tree().subtree(unit_ids)


def scope_unit_ids(user) -> set[int]:
    cache = getattr(user, "_scope_cache", None)
    if cache is None:
        cache = unit_subtree_ids({m.unit_id for m in memberships_of(user)})
        user._scope_cache = cache
    return cache


def role_unit_ids(user, roles) -> set[int]:
    """Units (with descendants) where ``user`` holds one of ``roles``."""
    return unit_subtree_ids({m.unit_id for m in memberships_of(user) if m.role in roles})


def units_visible_to(*, user) -> QuerySet[Unit]:
    if sees_everything(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=scope_unit_ids(user))


def officers_visible_to(*, user):
    """People the user can name in an action: those of the user's units, their sub-units and the units above
    them (a brigade officer names the township's agency head and legal reviewer). Everyone for county-wide roles."""
    officers = Officer.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit").order_by("id")), "certificates"
    ).order_by("id")
    if sees_everything(user):
        return officers
    tree = unit_tree()
    units = set(scope_unit_ids(user))
    for membership in memberships_of(user):
        units.update(tree.ancestors(membership.unit_id))
    return officers.filter(pk__in=Membership.objects.filter(unit_id__in=units).values("officer_id"))
