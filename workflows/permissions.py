"""Who may take a flow task: the role permissions django-guardian grants on *unit* objects.

A task names a unit permission (``org.handle_case``, ``org.review_case``, ...). The user holds it for a case when
one of their per-unit role groups has it on a unit the case belongs to: the handling unit, the enforcement
subject, an assisting unit, or a unit above them (the township's reviewer or head acts on its brigade's cases).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission, UserObjectPermission

from casemgmt.org.models import Unit
from casemgmt.org.tree import unit_tree


def case_unit_ids(case) -> set[int]:
    """The case's units and every unit above them."""
    tree = unit_tree()
    ids: set[int] = set()
    assisting = [assist.unit_id for assist in case.caseassist_set.all()]
    for unit_id in (case.handling_unit_id, case.enforcement_subject_id, *assisting):
        ids.update(tree.chain(unit_id))
    return ids


def unit_permissions(user) -> dict[int, set[str]]:
    """unit id -> unit permissions ("org.handle_case") the user holds through groups or directly."""
    cache = getattr(user, "_unit_perm_cache", None)
    if cache is None:
        ct = ContentType.objects.get_for_model(Unit)
        rows = list(
            GroupObjectPermission.objects.filter(group__user=user, content_type=ct).values_list(
                "object_pk", "permission__codename"
            )
        )
        rows += list(
            UserObjectPermission.objects.filter(user=user, content_type=ct).values_list(
                "object_pk", "permission__codename"
            )
        )
        cache = {}
        for pk, codename in rows:
            cache.setdefault(int(pk), set()).add(f"org.{codename}")
        user._unit_perm_cache = cache
    return cache


def holds(user, perm: str, case) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    perms = unit_permissions(user)
    return any(perm in perms.get(unit_id, ()) for unit_id in case_unit_ids(case))
