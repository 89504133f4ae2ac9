"""Who sees which case: the one selector every list, detail, API and download uses."""

import pytest
from django.http import Http404
from guardian.shortcuts import get_perms

from casemgmt.cases.selectors import case_get_for_user, cases_visible_to
from casemgmt.cases.services.assist import case_assist_add, case_assist_remove
from tests import builders as b


@pytest.mark.django_db
def test_township_officers_see_own_cases_and_outsider_gets_404(world):
    case = b.filed(world)
    for person in (world.officer, world.colleague, world.head, world.mayor, world.reviewer):
        assert case in cases_visible_to(user=person.user)
    assert case not in cases_visible_to(user=world.outsider.user)
    assert case not in cases_visible_to(user=world.county_officer.user)
    with pytest.raises(Http404):
        case_get_for_user(user=world.outsider.user, pk=case.pk)


@pytest.mark.django_db
def test_justice_bureau_sees_every_case(world):
    case = b.filed(world)
    assert case_get_for_user(user=world.evaluator.user, pk=case.pk) == case


@pytest.mark.django_db
def test_anonymous_and_unit_less_users_see_nothing(world, django_user_model):
    b.filed(world)
    from django.contrib.auth.models import AnonymousUser

    assert not cases_visible_to(user=AnonymousUser()).exists()
    assert not cases_visible_to(user=django_user_model.objects.create_user("nobody")).exists()


@pytest.mark.django_db
def test_assisting_unit_sees_case_and_gets_object_grant_until_removed(world):
    import datetime as dt

    case = b.filed(world)
    case_assist_add(case=case, actor=world.head.user, unit=world.county_dept, on=dt.date(2026, 3, 5))
    assert case_get_for_user(user=world.county_officer.user, pk=case.pk) == case
    assert "assist_case" in get_perms(world.county_officer.user, case)
    assert case.events.filter(action="assist_add").exists()
    case_assist_remove(case=case, actor=world.head.user, unit=world.county_dept)
    assert case not in cases_visible_to(user=world.county_officer.user)


@pytest.mark.django_db
def test_malformed_case_id_is_404_not_500(world):
    with pytest.raises(Http404):
        case_get_for_user(user=world.officer.user, pk="abc")
