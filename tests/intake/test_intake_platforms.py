"""An administrator registers a platform and issues its token (shown once): in the admin and by command."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casemgmt.api.models import ApiToken
from casemgmt.intake.models import Platform

from .conftest import post, token_client

pytestmark = pytest.mark.django_db


def test_the_command_creates_a_platform_and_prints_a_working_token(world, work_order):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "intake_platform",
        "create",
        "--name",
        "示范县12345热线",
        "--kind",
        "hotline",
        "--unit",
        world.brigade.name,
        stdout=out,
        stderr=err,
    )
    key = out.getvalue().strip()
    platform = Platform.objects.get(name="示范县12345热线")
    assert "只显示这一次" in err.getvalue()
    assert not platform.service_user.has_usable_password()
    assert ApiToken.objects.get(user=platform.service_user).scope == "intake"
    assert post(token_client(key), work_order).status_code == 201
    out = io.StringIO()
    call_command("intake_platform", "token", "示范县12345热线", "--days", "30", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() != key
    assert ApiToken.objects.filter(user=platform.service_user).count() == 2


def test_the_command_refuses_an_unknown_unit(world):
    with pytest.raises(CommandError, match="没有名为"):
        call_command("intake_platform", "create", "--name", "x", "--kind", "grid", "--unit", "不存在的大队")
    assert not Platform.objects.exists()


def test_the_admin_creates_a_platform_and_shows_its_token_once(world, client, work_order):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-unused-123")
    client.force_login(admin)
    response = client.post(
        "/admin/intake/platform/add/",
        {"name": "城关镇网格化管理平台", "kind": "hotline", "units": [world.brigade.pk], "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(msg) for msg in response.context["messages"]]
    key = next(msg.rsplit("：", 1)[1] for msg in messages if "只显示这一次" in msg)
    platform = Platform.objects.get(name="城关镇网格化管理平台")
    assert list(platform.units.all()) == [world.brigade]
    assert post(token_client(key), work_order).status_code == 201
    listing = client.get("/admin/intake/platform/").content.decode()
    assert key not in listing
