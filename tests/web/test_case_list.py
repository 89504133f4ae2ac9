import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemgmt.cases import models as m

from .conftest import register

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_case_list_query_count_does_not_grow_with_the_cases(world, login):
    client = login(world.officer)
    url = reverse("web:case_list") + "?q=占道"
    register(world, cause="占道经营一")
    count_queries(client, url)  # warms the per-process caches (legal calendar, next-year schedule notice)
    few = count_queries(client, url)
    for n in range(5):
        register(world, cause=f"占道经营{n}", party=f"当事人{n}")
    assert count_queries(client, url) == few


def test_case_list_filters_by_text_on_party_and_by_status(world, login):
    register(world, cause="占道经营", party="陈某")
    register(world, cause="噪声扰民", party="赵某")
    client = login(world.officer)

    by_party = client.get(reverse("web:case_list"), {"q": "赵某"}).content.decode()
    assert "噪声扰民" in by_party and "占道经营" not in by_party

    filed = client.get(reverse("web:case_list"), {"status": m.CaseStatus.INVESTIGATION}).content.decode()
    assert "没有符合条件的案件" in filed


def test_case_list_paginates(world, login):
    for n in range(23):
        register(world, cause=f"案由{n:02d}", party="")
    client = login(world.officer)
    first = client.get(reverse("web:case_list")).content.decode()
    second = client.get(reverse("web:case_list"), {"page": 2}).content.decode()
    assert "共 23 件" in first and "案由22" in first and "案由00" not in first
    assert "案由00" in second
