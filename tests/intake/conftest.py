import copy
import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from casemgmt.intake.models import PlatformKind
from casemgmt.intake.services import platform_create, platform_issue_token

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "intake"
URL = "/api/intake/clues/"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def hotline(world):
    return platform_create(name="示范县12345政务服务便民热线", kind=PlatformKind.HOTLINE, units=[world.brigade])


@pytest.fixture
def hotline_client(hotline):
    _token, key = platform_issue_token(platform=hotline)
    return token_client(key)


@pytest.fixture
def grid(world):
    return platform_create(name="城关镇网格化管理平台", kind=PlatformKind.GRID, units=[world.brigade])


@pytest.fixture
def grid_client(grid):
    _token, key = platform_issue_token(platform=grid)
    return token_client(key)


@pytest.fixture
def work_order():
    """A fresh copy of the 12345 sample for each test to change."""
    return copy.deepcopy(sample("hotline-work-order.json"))


def post(client, payload, **kw):
    return client.post(URL, payload, format="json", **kw)


def errors_by_field(response) -> dict:
    return {e.get("field"): e["message"] for e in response.json()["errors"]}
