"""Officers, memberships and the per-unit role groups that carry django-guardian permissions."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from .models import HANDLER_ROLES, ROLE_PERMISSIONS, Membership, Officer, Unit

User = get_user_model()


def role_group(*, unit: Unit, role: str) -> Group:
    """The group holding ``role``'s permissions on ``unit`` (one guardian row per unit × role × permission)."""
    group, created = Group.objects.get_or_create(name=f"unit:{unit.pk}:{role}")
    if created:
        for perm in ROLE_PERMISSIONS[role]:
            assign_perm(f"org.{perm}", group, unit)
    return group


@transaction.atomic
def officer_create(
    *, username: str, name: str, password: str | None = None, phone: str = "", legal_qualification_no: str = ""
) -> Officer:
    user = User.objects.create_user(username=username, password=password)
    return Officer.objects.create(user=user, name=name, phone=phone, legal_qualification_no=legal_qualification_no)


@transaction.atomic
def membership_add(
    *, officer: Officer, unit: Unit, role: str, acts_for_head: bool | None = None, designation_ref: str | None = None
) -> Membership:
    membership, _ = Membership.objects.get_or_create(officer=officer, unit=unit, role=role)
    if acts_for_head is not None or designation_ref is not None:
        if acts_for_head is not None:
            membership.acts_for_head = acts_for_head
        if designation_ref is not None:
            membership.designation_ref = designation_ref
        membership.save(update_fields=["acts_for_head", "designation_ref"])
    officer.user.groups.add(role_group(unit=unit, role=role))
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    group = role_group(unit=membership.unit, role=membership.role)
    membership.officer.user.groups.remove(group)
    membership.delete()


def grant_assist(*, case, unit: Unit) -> None:
    """Object grant for an assisting unit's officers on one case (scoping by unit cannot express it)."""
    for role in HANDLER_ROLES:
        assign_perm("cases.assist_case", role_group(unit=unit, role=role), case)


def revoke_assist(*, case, unit: Unit) -> None:
    for role in HANDLER_ROLES:
        remove_perm("cases.assist_case", role_group(unit=unit, role=role), case)
