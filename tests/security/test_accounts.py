"""Accounts: login lockout per user name and per address with unlocking and a login history, the password rules,
the password change (forced for administrator-set passwords), and the session's idle and absolute lifetime."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from casemgmt import settings as conf
from casemgmt.accounts.models import PasswordChangeDue
from casemgmt.org.services import officer_create

LOGIN = "/accounts/login/"
PASSWORD = "Qiang-mima-2026"
NEW_PASSWORD = "Lvse-shanshui-88"
START = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def shipped_session_limits(settings):
    # tests/conftest.py lengthens sessions for the rest of the suite; these tests run with the shipped limits.
    settings.SESSION_IDLE_TIMEOUT = conf.SESSION_IDLE_TIMEOUT
    settings.SESSION_MAX_AGE = settings.SESSION_COOKIE_AGE = conf.SESSION_MAX_AGE


@pytest.fixture
def officer():
    return officer_create(username="chenming", name="陈明", password=PASSWORD)


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", password="Root-secret-123")
    client.force_login(admin)
    return client


def login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- lockout -------------------------------------------------------------------------------------------------


def test_login_locked_after_five_failures_of_one_user_name(officer, client):
    for n in range(4):
        assert login(client, "chenming", "wrong", ip=f"10.0.1.{n}").status_code == 200
    response = login(client, "chenming", "wrong", ip="10.0.1.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "已被暂时锁定" in page and "30 分钟" in page and "locked" not in page.lower().replace("locked-out", "")
    # Locked: even the right password from a fresh address is refused.
    assert login(client, "chenming", PASSWORD, ip="10.0.2.1").status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_locked_after_five_failures_from_one_address(officer, client):
    for n in range(5):
        login(client, f"nobody{n}", "wrong", ip="10.9.9.9")
    assert login(client, "chenming", PASSWORD, ip="10.9.9.9").status_code == 429
    # Another address is not locked.
    assert login(client, "chenming", PASSWORD, ip="10.9.9.10").status_code == 302


def test_lockout_ends_after_the_cool_off(officer, client):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            login(client, "chenming", "wrong")
        traveller.shift(dt.timedelta(minutes=29))
        assert login(client, "chenming", PASSWORD, ip="10.0.3.1").status_code == 429
        traveller.shift(dt.timedelta(minutes=32))
        assert login(client, "chenming", PASSWORD, ip="10.0.3.1").status_code == 302


def test_admin_login_is_locked_too(client):
    get_user_model().objects.create_superuser("root", password="Root-secret-123")
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "root", "password": "Root-secret-123"})
    assert response.status_code == 429 and "已被暂时锁定" in response.content.decode()


def test_administrator_unlocks_from_the_login_history(officer, client, admin_client):
    from django.test import Client

    person = Client()
    for _ in range(5):
        login(person, "chenming", "wrong")
    locked = AccessAttempt.objects.get(username="chenming")
    page = admin_client.get("/accounts/logins/").content.decode()
    assert "当前锁定" in page and "chenming" in page and "解除锁定" in page
    response = admin_client.post(f"/accounts/logins/unlock/{locked.pk}/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert login(person, "chenming", PASSWORD).status_code == 302


def test_every_attempt_is_recorded_and_listed(officer, client, admin_client):
    from django.test import Client

    person = Client(HTTP_USER_AGENT="Mozilla/5.0 测试浏览器")
    login(person, "chenming", "wrong", ip="10.1.1.1")
    login(person, "chenming", PASSWORD, ip="10.1.1.2")
    assert AccessFailureLog.objects.filter(username="chenming", ip_address="10.1.1.1").count() == 1
    assert AccessLog.objects.filter(username="chenming", ip_address="10.1.1.2").count() == 1
    page = admin_client.get("/accounts/logins/?username=chenming").content.decode()
    assert "登录成功" in page and "密码错误" in page and "10.1.1.1" in page and "测试浏览器" in page
    failures = admin_client.get("/accounts/logins/?username=chenming&outcome=failure").content.decode()
    assert "10.1.1.1" in failures and "10.1.1.2" not in failures


def test_login_history_is_for_administrators_only(officer, client):
    client.force_login(officer.user)
    assert client.get("/accounts/logins/").status_code == 404
    attempt = AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=9)
    assert client.post(f"/accounts/logins/unlock/{attempt.pk}/").status_code == 404
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# --- password rules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["chenming", "chenming2026", "Chenming-1"])
def test_password_like_the_user_name_is_refused(officer, password, chinese):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, officer.user)
    assert any("相似" in message for message in refused.value.messages), refused.value.messages


def test_short_common_and_numeric_passwords_are_refused_in_chinese(officer, chinese):
    for password, words in (("Ab-12", "太短"), ("password123", "常见"), ("2026051188", "数字")):
        with pytest.raises(ValidationError) as refused:
            validate_password(password, officer.user)
        assert any(words in message for message in refused.value.messages), refused.value.messages


def test_password_like_the_officer_name_is_refused():
    officer = officer_create(username="u1001", name="ouyangxiu", password=PASSWORD)
    with pytest.raises(ValidationError):
        validate_password("ouyangxiu1", officer.user)


# --- password change ------------------------------------------------------------------------------------------


def test_password_change_requires_the_old_password(officer, client):
    client.force_login(officer.user)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "旧密码" in page.content.decode()
    refused = client.post(
        "/accounts/password/", {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert refused.status_code == 200 and "旧密码不正确" in refused.content.decode()
    officer.user.refresh_from_db()
    assert officer.user.check_password(PASSWORD)


def test_password_change_saves_and_keeps_the_session(officer, client):
    client.force_login(officer.user)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    officer.user.refresh_from_db()
    assert officer.user.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200


def test_password_change_refuses_the_user_name(officer, client):
    client.force_login(officer.user)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "chenming12", "new_password2": "chenming12"}
    )
    assert response.status_code == 200 and "相似" in response.content.decode()


def test_user_menu_links_the_password_change(officer, client):
    client.force_login(officer.user)
    assert 'href="/accounts/password/"' in client.get("/").content.decode()


def test_account_created_by_an_administrator_must_change_its_password(admin_client, client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newuser", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="newuser")
    assert PasswordChangeDue.objects.filter(user=user).exists()

    assert login(client, "newuser", PASSWORD).status_code == 302
    assert client.get("/cases/").url == "/accounts/password/"
    api = client.get("/api/cases/")
    assert api.status_code == 403 and api.json()["errors"][0]["code"] == "password_change_required"
    assert "修改密码" in api.json()["errors"][0]["message"]
    page = client.get("/accounts/password/").content.decode()
    assert "请先修改密码" in page

    client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert not PasswordChangeDue.objects.filter(user=user).exists()
    assert client.get("/cases/").status_code == 200


def test_password_reset_by_an_administrator_forces_a_change(officer, admin_client, client):
    response = admin_client.post(
        f"/admin/auth/user/{officer.user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set_usable_password": "true"},
    )
    assert response.status_code == 302
    assert PasswordChangeDue.objects.filter(user=officer.user).exists()
    login(client, "chenming", NEW_PASSWORD)
    assert client.get("/").url == "/accounts/password/"


def test_accounts_created_by_services_are_not_forced(officer, client):
    assert login(client, "chenming", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


# --- session lifetime ----------------------------------------------------------------------------------------


def test_shipped_limits_are_thirty_minutes_idle_and_twelve_hours():
    assert (conf.SESSION_IDLE_TIMEOUT, conf.SESSION_MAX_AGE) == (30 * 60, 12 * 3600)


def test_idle_session_ends_after_thirty_minutes(officer, client):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(officer.user)
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))  # active 29 minutes ago: still in
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/cases/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=%2Fcases%2F")
        page = client.get(response.url).content.decode()
        assert "长时间未操作，已自动退出，请重新登录" in page
        assert "_auth_user_id" not in client.session


def test_session_ends_after_its_absolute_lifetime_even_when_active(officer, client):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(officer.user)
        for _ in range(11 * 4 + 3):  # every 15 minutes for 11h45
            traveller.shift(dt.timedelta(minutes=15))
            assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=16))  # 12h01 after login
        assert client.get("/").status_code == 302


def test_api_call_of_an_idle_session_gets_401(officer, client):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(officer.user)
        traveller.shift(dt.timedelta(minutes=31))
        assert client.get("/api/cases/").status_code == 401


def test_activity_is_written_at_most_once_a_minute(officer, client):
    from django.contrib.sessions.models import Session

    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(officer.user)
        stored = Session.objects.get().expire_date
        traveller.shift(dt.timedelta(seconds=30))
        client.get("/")
        assert Session.objects.get().expire_date == stored
        traveller.shift(dt.timedelta(seconds=31))
        client.get("/")
        assert Session.objects.get().expire_date > stored


def test_behind_a_proxy_the_forwarded_address_is_locked_and_forged_entries_are_ignored(officer, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        # The client forges the left entry each time; the proxy appends the address it saw.
        client.post(
            LOGIN,
            {"username": f"nobody{n}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 10.7.7.7",
        )
    assert AccessAttempt.objects.filter(ip_address="10.7.7.7").count() == 5
    other = client.post(
        LOGIN, {"username": "chenming", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.7.7.8"
    )
    assert other.status_code == 302


def test_login_history_is_linked_for_administrators(admin_client):
    assert 'href="/accounts/logins/"' in admin_client.get("/").content.decode()
    assert 'href="/accounts/logins/"' in admin_client.get("/admin/").content.decode()
