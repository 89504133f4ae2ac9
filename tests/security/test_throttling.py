"""API rates: each signed-in user and each API token has its own budget; over it the API answers 429 in Chinese
with Retry-After, and other users and tokens are not affected."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from casemgmt.api.throttles import AnonThrottle, TokenThrottle, UserThrottle
from casemgmt.api.tokens import api_token_create

ME = reverse("api:me")

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(monkeypatch):
    # The classes read the rates when imported; three a minute keeps the tests short.
    rates = {"user": "3/min", "token": "3/min", "anon": "3/min"}
    for throttle in (UserThrottle, TokenThrottle, AnonThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)


def token_client(user, name="执法记录仪 1 号") -> APIClient:
    _, key = api_token_create(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    error = response.json()["errors"][0]
    assert error["rule"] == "THROTTLED"
    assert error["message"].startswith("请求过于频繁") and f"{response['Retry-After']} 秒" in error["message"]


def test_defaults_are_generous_for_people_and_lower_for_anonymous_calls():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"user": "120/min", "token": "120/min", "anon": "30/min"}


def test_a_user_over_the_rate_gets_429_with_retry_after(world, three_a_minute):
    client = APIClient()
    client.force_login(world.officer.user)
    for _ in range(3):
        assert client.get(ME).status_code == 200
    assert_throttled(client.get(ME))
    colleague = APIClient()
    colleague.force_login(world.colleague.user)
    assert colleague.get(ME).status_code == 200


def test_each_token_has_its_own_rate(world, three_a_minute):
    first = token_client(world.officer.user)
    second = token_client(world.officer.user, name="执法记录仪 2 号")
    for _ in range(3):
        assert first.get(ME).status_code == 200
    assert_throttled(first.get(ME))
    assert second.get(ME).status_code == 200
    # The web session of the token's owner is counted apart from the device.
    person = APIClient()
    person.force_login(world.officer.user)
    assert person.get(ME).status_code == 200


def test_the_rate_window_passes(world, three_a_minute):
    client = token_client(world.officer.user)
    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for _ in range(3):
            client.get(ME)
        assert client.get(ME).status_code == 429
        traveller.shift(dt.timedelta(seconds=61))
        assert client.get(ME).status_code == 200


class _OpenView(APIView):
    """Every API operation (the schema included) needs a login, so 401 comes before any rate; a view open to
    anonymous callers, should one be added, is rated per address."""

    permission_classes = [AllowAny]

    def get(self, request):
        return Response({})


def test_anonymous_calls_are_rated_by_address(three_a_minute):
    view, factory = _OpenView.as_view(), APIRequestFactory()
    for _ in range(3):
        assert view(factory.get("/open/")).status_code == 200
    throttled = view(factory.get("/open/"))
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) >= 1
    assert view(factory.get("/open/", REMOTE_ADDR="10.2.2.2")).status_code == 200


def test_anonymous_api_calls_are_refused_before_any_rate(three_a_minute):
    client = APIClient()
    for _ in range(5):
        response = client.get(ME)
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")
