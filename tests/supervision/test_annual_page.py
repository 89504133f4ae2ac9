"""The page under the dashboard and its downloads: each user gets their own figures, 404 for anyone else's."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from casemgmt.org.models import Role
from tests.factories import make_officer
from tests.supervision.annual_world import travel

pytestmark = pytest.mark.django_db

PAGE = reverse("dashboard:annual")
DOWNLOAD = reverse("dashboard:annual_download")


@pytest.fixture(autouse=True)
def _today():
    with travel(2026, 7, 2, 10):
        yield


def client_of(officer) -> Client:
    client = Client()
    client.force_login(officer.user)
    return client


def test_a_township_officer_downloads_the_township_tables(world):
    response = client_of(world.officer).get(DOWNLOAD, {"year": "2026", "unit": world.township.pk, "format": "json"})

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="annual-statistics-2026-unit{world.township.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["schema"] == "casemgmt.annual-statistics/1"
    assert [u["name"] for u in data["units"]] == ["城关镇人民政府"]


def test_a_township_officer_gets_404_for_another_township_and_the_county(world):
    client = client_of(world.officer)
    for unit in (world.other_township.pk, "county", world.county_dept.pk, 999999):
        assert client.get(DOWNLOAD, {"year": "2026", "unit": unit}).status_code == 404, unit


def test_the_justice_bureau_downloads_the_county_xlsx(world):
    response = client_of(world.evaluator).get(DOWNLOAD, {"year": "2026", "unit": "county", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_the_page_offers_the_county_only_to_the_justice_bureau(world):
    officer_page = client_of(world.officer).get(PAGE)
    bureau_page = client_of(world.evaluator).get(PAGE)

    assert officer_page.status_code == bureau_page.status_code == 200
    assert "全县（各执法主体及合计）" not in officer_page.content.decode()
    assert "河西镇人民政府" not in officer_page.content.decode()
    assert "全县（各执法主体及合计）" in bureau_page.content.decode()
    assert "河西镇人民政府" in bureau_page.content.decode()


def test_someone_without_a_subject_gets_404(world):
    person = make_officer(world.county, Role.AGENCY_HEAD, name="褚县长", username="chu", certified=False)
    client = client_of(person)
    assert client.get(PAGE).status_code == 404
    assert client.get(DOWNLOAD, {"year": "2026", "unit": world.township.pk}).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "2027", "unit": "county"}, "统计年度须在2000年至2026年之间"),
        ({"year": "abc", "unit": "county"}, "统计年度须为四位数字年份"),
        ({"year": "2026", "unit": "county", "format": "pdf"}, "格式须为 xlsx 或 json"),
        ({"year": "2026", "unit": "x1"}, "执法主体不正确"),
    ],
)
def test_bad_input_is_a_400_with_the_reason(world, params, message):
    response = client_of(world.evaluator).get(DOWNLOAD, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_dashboard_links_to_the_page(world):
    assert PAGE in client_of(world.officer).get(reverse("dashboard:board")).content.decode()


def test_anonymous_is_sent_to_login(world):
    assert Client().get(DOWNLOAD, {"year": "2026"}).status_code == 302
