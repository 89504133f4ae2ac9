"""API tokens for devices and integrators: only a hash is stored, no password hashing per request, 401 for a
token that is wrong, revoked, expired or whose user is inactive."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from casemgmt.api.models import ApiToken, token_digest
from casemgmt.api.tokens import api_token_create, api_token_revoke
from casemgmt.cases.services.base import InputError
from tests import builders as b
from tests.api.conftest import detail_url

ME = reverse("api:me")


def token_client(key: str, scheme: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")
    return client


@pytest.mark.django_db
def test_a_token_authenticates_its_user_and_only_its_hash_is_stored(world):
    case = b.clue(world)
    token, key = api_token_create(user=world.officer.user, name="执法记录仪 3 号")
    row = ApiToken.objects.get(pk=token.pk)
    assert key.startswith("cm_") and len(key) > 40
    assert row.digest == token_digest(key) and key not in (row.digest, row.prefix)
    assert row.prefix == key[:10]
    assert token_client(key).get(detail_url(case)).json()["id"] == case.pk
    assert token_client(key, "Bearer").get(ME).status_code == 200


@pytest.mark.django_db
def test_token_requests_never_call_the_password_hasher(world):
    _token, key = api_token_create(user=world.officer.user, name="对接系统")
    with (
        mock.patch("django.contrib.auth.base_user.check_password", wraps=check_password) as hasher,
        mock.patch("django.contrib.auth.hashers.check_password", wraps=check_password) as module_hasher,
    ):
        for _ in range(3):
            assert token_client(key).get(ME).status_code == 200
    assert hasher.call_count == 0 and module_hasher.call_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda token, key: key[:-2] + "xx", id="wrong"),
        pytest.param(lambda token, key: api_token_revoke(token=token) and key, id="revoked"),
        pytest.param(
            lambda token, key: (
                ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1)) and key
            ),
            id="expired",
        ),
        pytest.param(
            lambda token, key: type(token.user).objects.filter(pk=token.user_id).update(is_active=False) and key,
            id="inactive-user",
        ),
    ],
)
def test_unusable_tokens_get_401_without_data(world, spoil):
    case = b.clue(world)
    token, key = api_token_create(user=world.officer.user, name="执法记录仪")
    response = token_client(spoil(token, key)).get(detail_url(case))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json() == {
        "errors": [{"rule": "AUTHENTICATION_FAILED", "message": "接口令牌无效、已过期或已被吊销"}]
    }


@pytest.mark.django_db
def test_a_token_still_valid_until_its_expiry(world):
    _token, key = api_token_create(
        user=world.officer.user, name="临时对接", expires_at=timezone.now() + dt.timedelta(minutes=5)
    )
    assert token_client(key).get(ME).status_code == 200


@pytest.mark.django_db
def test_malformed_authorization_header_gets_401(world):
    assert token_client("a b").get(ME).status_code == 401
    assert token_client("").get(ME).status_code == 401


@pytest.mark.django_db
def test_last_used_is_written_at_most_once_a_minute(world):
    token, key = api_token_create(user=world.officer.user, name="执法记录仪")
    client = token_client(key)
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        client.get(ME)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == start
    with (
        mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(seconds=30)),
        CaptureQueriesContext(connection) as queries,
    ):
        client.get(ME)
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "api_apitoken" in q["sql"]]
    assert ApiToken.objects.get(pk=token.pk).last_used_at == start
    later = start + dt.timedelta(seconds=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        client.get(ME)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == later


@pytest.mark.django_db
def test_outsider_token_still_gets_404_on_another_townships_case(world):
    case = b.clue(world)
    _token, key = api_token_create(user=world.outsider.user, name="河西镇设备")
    assert token_client(key).get(detail_url(case)).status_code == 404


@pytest.mark.django_db
def test_token_name_is_required_and_expiry_in_the_future(world):
    with pytest.raises(InputError):
        api_token_create(user=world.officer.user, name="  ")
    with pytest.raises(InputError):
        api_token_create(user=world.officer.user, name="过期", expires_at=timezone.now() - dt.timedelta(days=1))
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_management_command_prints_the_token_once_and_it_works(world):
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token", world.officer.user.username, name="执法记录仪 5 号", days=30, stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.digest == token_digest(key) and token.expires_at > timezone.now() + dt.timedelta(days=29)
    assert "只显示这一次" in err.getvalue()
    assert token_client(key).get(ME).status_code == 200
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", name="x", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_admin_creates_a_token_shows_it_once_and_revokes_it(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-Root-123456")
    client.force_login(admin)
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"user": world.officer.user.pk, "name": "政务平台对接", "expires_at_0": "", "expires_at_1": ""},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    key = next(m.rsplit("：", 1)[1] for m in shown if "只显示这一次" in m)
    assert token.digest == token_digest(key)
    assert key not in client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert ApiToken.objects.get().revoked
    assert token_client(key).get(ME).status_code == 401


@pytest.mark.django_db
def test_openapi_documents_the_token_scheme_and_no_basic_auth(world, client_for):
    schema = client_for(world.officer).get(reverse("api:schema"), {"format": "json"}).json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "apiKey" and schemes["tokenAuth"]["name"] == "Authorization"
    assert "Token" in schemes["tokenAuth"]["description"]
    assert "basicAuth" not in schemes
    assert {"tokenAuth": []} in schema["paths"]["/api/me/"]["get"]["security"]
