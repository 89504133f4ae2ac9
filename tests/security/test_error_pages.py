"""Error pages: Chinese pages for 400/403/404/500 and an expired CSRF token, each with a way back to 首页; the 500
page reads nothing from the database. Under /api/ every error is the API's JSON error with a Chinese ``detail``,
even with DEBUG=true (never Django's HTML debug pages)."""

import json

import pytest
from django.test import Client, RequestFactory, override_settings

from casemgmt.ops.errorpages import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls_errors")]


def assert_chinese_page(response, status, heading):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert heading in page and '<a href="/">返回首页</a>' in page
    assert "Not Found" not in page and "Server Error" not in page and "Forbidden" not in page


def assert_api_error(response, status, rule):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.content.decode()
    assert "<" not in body
    data = json.loads(body)
    assert data["errors"][0]["rule"] == rule
    message = data["errors"][0]["message"]
    assert data.get("detail", message) == message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


@override_settings(DEBUG=False)
def test_unknown_page_is_the_chinese_404(client):
    assert_chinese_page(client.get("/no-such-page/"), 404, "页面不存在")


@override_settings(DEBUG=False)
def test_forbidden_page_is_the_chinese_403(client):
    assert_chinese_page(client.get("/forbidden/"), 403, "无权访问")


@override_settings(DEBUG=False)
def test_forbidden_page_shows_the_chinese_reason(client):
    response = client.get("/refused/")
    assert_chinese_page(response, 403, "无权访问")
    assert "只有司法局监督评查人员可以组织案卷评查" in response.content.decode()


@override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
def test_bad_host_is_the_chinese_400(client):
    assert_chinese_page(client.get("/", HTTP_HOST="evil.example"), 400, "请求无效")


@override_settings(DEBUG=False)
def test_server_error_is_the_chinese_500():
    client = Client(raise_request_exception=False)
    assert_chinese_page(client.get("/boom/"), 500, "服务器出错")


@override_settings(DEBUG=False)
def test_the_500_page_reads_nothing_from_the_database(django_assert_num_queries):
    request = RequestFactory().get("/cases/")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        with django_assert_num_queries(0):
            response = server_error(request)
    assert_chinese_page(response, 500, "服务器出错")


@override_settings(DEBUG=False)
def test_expired_csrf_token_is_the_chinese_page(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "zhang", "password": "x"})
    assert_chinese_page(response, 403, "页面已过期，请刷新后重试")
    assert "CSRF" not in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_api_unknown_url_is_json_in_chinese(client, world, debug):
    client.force_login(world.officer.user)
    with override_settings(DEBUG=debug):
        assert_api_error(client.get("/api/no-such-endpoint/"), 404, "NOT_FOUND")


@pytest.mark.parametrize("debug", [False, True])
def test_api_server_error_is_json_in_chinese(world, debug):
    client = Client(raise_request_exception=False)
    client.force_login(world.officer.user)
    with override_settings(DEBUG=debug):
        assert_api_error(client.get("/api/boom/"), 500, "SERVER_ERROR")


@override_settings(DEBUG=True)
def test_api_bad_host_is_json_with_debug(client):
    assert_api_error(client.get("/api/cases/", HTTP_HOST="evil.example"), 400, "BAD_REQUEST")
