"""Bad requests measured as 500s, English or silently ignored (issue 15): each is a 4xx with a Chinese message now,
and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from viewflow.workflow.models import Task

from documents import services as ds
from tests.security.test_api_fuzz import CJK, Ids, table_counts

NOT_OBJECTS = ["[]", '"文本"', "1", "null", "true"]


@pytest.fixture
def officer(world):
    client = APIClient(raise_request_exception=False)
    client.force_login(world.officer.user)
    return client


@pytest.fixture
def ids(world):
    return Ids(world)


def errors(response, status=400) -> list[dict]:
    assert response.status_code == status, response.content.decode()[:500]
    items = response.json()["errors"]
    assert items and all(CJK.search(item["message"]) and "<" not in item["message"] for item in items), items
    return items


@pytest.mark.django_db
def test_a_json_body_that_is_not_an_object_is_refused_everywhere(world, officer, ids):
    doc, file = ids.document, ids.file
    targets = [
        ("POST", reverse("api:documents:list")),
        ("PATCH", reverse("api:documents:detail", args=[doc.pk])),
        ("POST", reverse("api:documents:action", args=[doc.pk, "void"])),
        ("POST", reverse("api:documents:action", args=[doc.pk, "correct"])),
        ("POST", f"/api/supervision/rounds/{ids.round.pk}/files/{file.pk}/self-score/"),
        ("POST", reverse("api:case-action-add_party", args=[ids.open_case.pk])),
        ("POST", reverse("api:clue-register")),
    ]
    before = table_counts()
    for method, url in targets:
        for body in NOT_OBJECTS:
            response = officer.generic(method, url, body, content_type="application/json")
            assert errors(response)[0]["message"] == "请求体必须是 JSON 对象", (url, body)
    assert table_counts() == before


@pytest.mark.django_db
def test_malformed_json_is_refused_in_chinese(world, officer):
    response = officer.generic("POST", reverse("api:clue-register"), "{bad", content_type="application/json")
    assert errors(response)[0]["message"] == "请求体不是有效的 JSON"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [
        ("handling_unit=99999999999999999999", "handling_unit"),
        ("handling_unit=abc", "handling_unit"),
        ("handling_unit=1.5", "handling_unit"),
        ("filed_on_after=", "filed_on"),
        ("filed_on_after=2026-02-30", "filed_on"),
        ("filed_on_before=2026-13-01", "filed_on"),
        ("decided_after=2026-01-01", "non_field_errors"),
        ("status=nonsense", "status"),
        ("procedure=", "procedure"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=AAA", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
    ],
)
def test_case_list_refuses_a_bad_query_parameter(officer, query, field):
    items = errors(officer.get(f"{reverse('api:case-list')}?{query}"))
    assert items[0]["field"] == field


@pytest.mark.django_db
def test_an_empty_case_list_date_says_the_format(officer):
    items = errors(officer.get(f"{reverse('api:case-list')}?filed_on_after="))
    assert items[0]["message"] == "日期格式应为 YYYY-MM-DD"


@pytest.mark.django_db
def test_case_list_still_filters_with_good_parameters(officer):
    response = officer.get(f"{reverse('api:case-list')}?filed_on_after=2026-01-01&page_size=10&page=1&q=")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_api_exports_refuse_bad_parameters_with_the_json_error_shape(world, officer):
    for url in (
        "/api/archive/search/export.xlsx?filed_on_from=2026-02-30",
        "/api/dashboard/statistics.xlsx?year=abc",
    ):
        response = officer.get(url)
        assert response["Content-Type"].startswith("application/json"), url
        errors(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"kind": "fine", "amount": 10**30, "paid_on": "2026-03-30"},
        {"kind": "fine", "amount": "1e309", "paid_on": "2026-03-30"},
        {"kind": "fine", "amount": "100", "paid_on": "2026-13-01"},
        {"kind": "fine", "amount": "100", "paid_on": "2026-02-29"},
        {"kind": ["fine"], "amount": {"a": 1}, "paid_on": []},
    ],
)
def test_huge_numbers_and_impossible_dates_are_a_400(world, officer, body):
    from tests import builders as b

    case = b.served(world)
    before = table_counts()
    errors(officer.post(reverse("api:case-action-record_payment", args=[case.pk]), body, format="json"))
    assert table_counts() == before


@pytest.mark.django_db
def test_api_messages_are_chinese_for_an_english_browser_and_a_token(world):
    client = APIClient()
    client.force_login(world.officer.user)
    response = client.post(reverse("api:clue-register"), {}, format="json", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "该字段是必填项。" in [item["message"] for item in errors(response)]


@pytest.mark.django_db
def test_issuing_an_issued_document_says_so_once(world):
    from documents.models import Document
    from tests.archive.conftest import closed_case

    doc = Document.objects.filter(case=closed_case(world), status="issued").first()
    assert doc.status == "issued"
    with pytest.raises(Exception) as refused:
        ds.document_issue(document=doc, actor=world.officer.user)
    assert "已已" not in str(refused.value)
    assert str(refused.value).startswith("文书已签发")


@pytest.mark.django_db
def test_task_link_of_a_start_task_leads_to_the_case_page(world, client):
    api = APIClient()
    api.force_login(world.officer.user)
    created = api.post(
        reverse("api:clue-register"),
        {
            "handling_unit": world.brigade.pk,
            "source": "inspection",
            "summary": "巡查发现占道经营",
            "discovered_on": "2026-03-02",
            "cause": "擅自占用城市道路经营",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    start = Task.objects.get(flow_task_type="START")
    client.force_login(world.officer.user)
    response = client.get(reverse("web:task", args=[start.pk]))
    assert response.status_code == 302
    assert response.url == reverse("web:case_detail", args=[created.json()["case"]])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, message",
    [
        ("/api/archive/search/?filed_on_from=", "日期格式应为 YYYY-MM-DD"),
        ("/api/archive/search/?page_size=", "参数不能为空"),
        ("/api/archive/search/?fine_max=1e309", "金额超出范围"),
        ("/api/dashboard/?year=", "年份不能为空"),
        ("/api/dashboard/statistics.xlsx?year=", "年份不能为空"),
    ],
)
def test_api_search_and_dashboard_refuse_empty_parameters(officer, url, message):
    assert errors(officer.get(url))[0]["message"] == message
