"""A bad year or month is a clear error (400 with the reason in Chinese), never a 500, on every surface."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BAD = [
    ({"year": "abc"}, "year", "不是有效的年份"),
    ({"year": "1999"}, "year", "年份应在 2000 至 2027 之间"),
    ({"year": "2028"}, "year", "年份应在 2000 至 2027 之间"),
    ({"year": "2026", "month": "13"}, "month", "应为 1 至 12"),
    ({"year": "2026", "month": "0"}, "month", "应为 1 至 12"),
    ({"month": "三月"}, "month", "应为 1 至 12"),
    ({"year": "1e3"}, "year", "不是有效的年份"),
]


@pytest.mark.parametrize(("params", "field", "message"), BAD)
def test_page_and_api_refuse_bad_period(world, client_for, params, field, message):
    page = client_for(world.evaluator).get(reverse("dashboard:board"), params)
    assert page.status_code == 400
    assert message in page.content.decode()
    api = client_for(world.evaluator).get(reverse("api:dashboard:board"), params)
    assert api.status_code == 400
    error = api.json()["errors"][0]
    assert error["field"] == field and message in error["message"]


@pytest.mark.parametrize("year", ["abc", "1999", "", "２０２６x"])
def test_export_refuses_a_bad_year(world, client_for, year):
    response = client_for(world.evaluator).get(reverse("dashboard:export"), {"year": year} if year else {})
    if year == "":
        assert response.status_code == 200  # no year: this year
        return
    assert response.status_code == 400
    assert "无法导出" in response.content.decode()
    api = client_for(world.evaluator).get(reverse("api:dashboard:export"), {"year": year})
    assert api.status_code == 400


def test_good_period_next_year_is_accepted_and_empty(world, client_for):
    data = client_for(world.evaluator).get(reverse("api:dashboard:board"), {"year": "2027", "month": "1"}).json()
    assert data["statistics"]["total"]["filed"] == 0 and data["statistics"]["month"] == 1
