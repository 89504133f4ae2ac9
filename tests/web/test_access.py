"""Who can see and act on a case: outsiders get 404 everywhere, the justice bureau reads but never acts."""

import pytest
from django.urls import reverse

from casemgmt.cases import models as m
from casemgmt.cases.actions import BY_CODE

from .conftest import register

pytestmark = pytest.mark.django_db


def test_outsider_gets_404_on_the_case_page(world, clue_case, login):
    response = login(world.outsider).get(reverse("web:case_detail", args=[clue_case.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_outsider_gets_404_on_every_action_url(world, clue_case, login, code):
    client = login(world.outsider)
    url = reverse("web:case_action", args=[clue_case.pk, code])
    assert client.get(url).status_code == 404
    assert client.post(url, {"expected_version": clue_case.version}).status_code == 404
    clue_case.refresh_from_db()
    assert clue_case.status == m.CaseStatus.CLUE


def test_outsider_gets_404_on_the_case_task(world, clue_case, login):
    task = clue_case.process.task_set.get(flow_task_type="HUMAN")
    assert login(world.outsider).get(reverse("web:task", args=[task.pk])).status_code == 404


def test_anonymous_user_is_sent_to_login(client, clue_case):
    response = client.get(reverse("web:case_detail", args=[clue_case.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_case_list_excludes_other_townships_cases(world, clue_case, login):
    theirs = register(world, officer=world.outsider, unit=world.other_brigade, cause="河西镇乱搭乱建", party="刘某")

    own_page = login(world.officer).get(reverse("web:case_list")).content.decode()
    assert "擅自占用城市道路经营" in own_page and "河西镇乱搭乱建" not in own_page

    their_page = login(world.outsider).get(reverse("web:case_list")).content.decode()
    assert "河西镇乱搭乱建" in their_page and "擅自占用城市道路经营" not in their_page
    assert theirs.pk


def test_evaluator_sees_every_case_read_only(world, clue_case, login):
    register(world, officer=world.outsider, unit=world.other_brigade, cause="河西镇乱搭乱建", party="刘某")
    client = login(world.evaluator)

    listing = client.get(reverse("web:case_list")).content.decode()
    assert "擅自占用城市道路经营" in listing and "河西镇乱搭乱建" in listing

    detail = client.get(reverse("web:case_detail", args=[clue_case.pk]))
    assert detail.status_code == 200
    assert 'data-action="' not in detail.content.decode()


@pytest.mark.parametrize("code", ["add_party", "file", "decline_filing"])
def test_evaluator_gets_403_on_actions(world, clue_case, login, code):
    client = login(world.evaluator)
    url = reverse("web:case_action", args=[clue_case.pk, code])
    assert client.get(url).status_code == 403
    response = client.post(url, {"expected_version": clue_case.version, "kind": "citizen", "name": "某某"})
    assert response.status_code == 403
    clue_case.refresh_from_db()
    assert clue_case.parties.count() == 1


def test_evaluator_cannot_register_clues(world, login):
    assert login(world.evaluator).get(reverse("web:clue_new")).status_code == 403
