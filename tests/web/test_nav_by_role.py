"""The top navigation by role (issue 16): each persona is offered only the items it can use, and every item it is
offered opens (200). A justice-bureau evaluator is not offered 登记线索; staff links only for staff."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')

COMMON = {"案件列表", "案卷检索", "案卷评查", "信息公示", "后台任务"}
STAFF = {"系统管理", "登录记录", "人员导入", "执法证到期"}


def nav_of(client) -> dict[str, str]:
    page = client.get(reverse("jobs:mine"))
    assert page.status_code == 200
    return {label: href for href, label in LINK.findall(NAV.search(page.content.decode()).group(1))}


def expected(persona: str) -> set[str]:
    return {
        "officer": COMMON | {"我的待办", "登记线索"},
        "head": COMMON | {"我的待办", "登记线索", "监督看板"},
        "reviewer": COMMON | {"我的待办", "监督看板"},
        "mayor": COMMON | {"我的待办", "监督看板"},
        "county_officer": COMMON | {"我的待办", "登记线索"},
        "evaluator": COMMON | {"监督看板"},
    }[persona]


@pytest.mark.parametrize("persona", ["officer", "head", "reviewer", "mayor", "county_officer", "evaluator"])
def test_each_persona_is_offered_exactly_the_items_it_can_use(world, client, persona):
    client.force_login(getattr(world, persona).user)
    items = nav_of(client)
    assert set(items) == expected(persona)
    for label, href in items.items():
        assert client.get(href).status_code == 200, label


def test_justice_bureau_is_not_offered_clue_registration_which_it_may_not_use(world, client):
    client.force_login(world.evaluator.user)
    assert "登记线索" not in nav_of(client)
    assert client.get(reverse("web:clue_new")).status_code == 403


def test_an_officer_is_not_offered_staff_links_even_when_staff(world, client):
    world.officer.user.is_staff = True
    world.officer.user.save(update_fields=["is_staff"])
    client.force_login(world.officer.user)
    items = nav_of(client)
    assert "系统管理" in items and not {"登录记录", "人员导入", "执法证到期"} & set(items)  # no permissions granted


def test_administrator_is_offered_the_staff_links_and_reading_items_not_clue_registration(world, client):
    admin = get_user_model().objects.create_superuser("admin1", "admin1@example.cn", "x")
    client.force_login(admin)
    items = nav_of(client)
    assert set(items) == COMMON | {"监督看板"} | STAFF
    for label, href in items.items():
        assert client.get(href).status_code == 200, label


def test_the_navigation_costs_no_query_per_item(world, client, django_assert_max_num_queries):
    from casemgmt.web.nav import nav_items

    user = get_user_model().objects.get(pk=world.head.user.pk)
    with django_assert_max_num_queries(2):  # the officer and their memberships, read once
        first = nav_items(user)
    with django_assert_max_num_queries(0):
        assert nav_items(user) == first
