"""The import pages (upload → dry run → confirm, the file kept on the server in between), the export, who may
use them, and the import_people command."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from casemgmt.org.imports import OFFICERS
from casemgmt.org.models import Certificate, Officer, Unit
from casemgmt.org.views import SESSION_KEY

from .people_support import cert_row, certs_csv, officer_row, officers_csv, unit_row, units_csv

pytestmark = pytest.mark.django_db
User = get_user_model()
IMPORT = reverse("org:people_import")


@pytest.fixture
def admin(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return User.objects.create_superuser("boss")


def upload(*sources):
    return [SimpleUploadedFile(s.name, s.data) for s in sources]


def dry_run(client, *sources):
    response = client.post(IMPORT, {"files": upload(*sources)})
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def digest_of(page: str) -> str:
    return re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)


def test_upload_dry_run_confirm(client, admin):
    client.force_login(admin)
    sources = [
        units_csv(unit_row("城关镇第二中队", "执法中队", "城关镇综合行政执法大队")),
        officers_csv(officer_row("陈二", "chener", unit="城关镇第二中队"), encoding="gb18030"),
        certs_csv(cert_row("ZF-2", "chener", holder="陈二")),
    ]
    location = dry_run(client, *sources)
    page = client.get(location).content.decode()
    assert "试导入结果" in page and "确认导入（3行）" in page
    assert not Unit.objects.filter(name="城关镇第二中队").exists()  # the dry run wrote nothing
    # Confirming reads the files kept on the server: nothing is uploaded again.
    response = client.post(location, {"action": "commit", "digest": digest_of(page)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    done = response.content.decode()
    password = re.search(r"<td>chener</td><td>陈二</td><td><code>([^<]+)</code>", done).group(1)
    assert User.objects.get(username="chener").check_password(password)
    assert Certificate.objects.get(number="ZF-2").officer.name == "陈二"
    assert SESSION_KEY not in client.session
    # The stored files are gone: the same confirmation cannot be replayed.
    assert client.post(location, {"action": "commit", "digest": digest_of(page)}).status_code == 404


def test_errors_listed_and_good_rows_only(client, admin):
    client.force_login(admin)
    location = dry_run(client, officers_csv(officer_row("陈二", "chener"), officer_row("陈三", "chensan", role="队员")))
    page = client.get(location).content.decode()
    assert "错误（共1处）" in page
    assert "角色“队员”应为" in page and "<td>3</td><td>E（角色）</td>" in page
    assert "确认导入" not in page and "只导入无错误的1行" in page
    # A plain confirmation is refused: nothing written.
    response = client.post(location, {"action": "commit", "digest": digest_of(page)}, follow=True)
    assert "未导入任何数据" in response.content.decode()
    assert not User.objects.filter(username="chener").exists()
    response = client.post(location, {"action": "good_rows", "digest": digest_of(page)})
    assert response.status_code == 200
    assert Officer.objects.filter(user__username="chener").exists()
    assert not User.objects.filter(username="chensan").exists()


def test_confirmation_of_a_stale_dry_run_is_refused(client, admin):
    client.force_login(admin)
    location = dry_run(client, officers_csv(officer_row("陈二", "chener")))
    page = client.get(location).content.decode()
    User.objects.create_user(username="chener")
    response = client.post(location, {"action": "commit", "digest": digest_of(page)}, follow=True)
    assert "发生了变化" in response.content.decode()
    assert not Officer.objects.filter(user__username="chener").exists()


def test_cancel_deletes_the_upload(client, admin):
    client.force_login(admin)
    location = dry_run(client, officers_csv(officer_row("陈二", "chener")))
    stored = client.session[SESSION_KEY]["files"][0][1]
    from django.core.files.storage import default_storage

    assert default_storage.exists(stored)
    client.post(location, {"action": "cancel"})
    assert not default_storage.exists(stored)
    assert client.get(location).status_code == 404


def test_upload_refusals(client, admin):
    client.force_login(admin)
    response = client.post(IMPORT, {"files": [SimpleUploadedFile("a.pdf", b"%PDF")]})
    assert response.status_code == 400
    assert "a.pdf：只能导入 .xlsx 或 .csv 文件" in response.content.decode()
    response = client.post(IMPORT, {})
    assert response.status_code == 400
    assert "请选择要导入的文件" in response.content.decode()
    too_big = SimpleUploadedFile("big.csv", b"x" * (5 * 1024 * 1024 + 1))
    response = client.post(IMPORT, {"files": [too_big]})
    assert "big.csv：文件超过5MB上限，请分批导入" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_another_sessions_token_is_not_found(client, admin, world):
    client.force_login(admin)
    location = dry_run(client, officers_csv(officer_row("陈二", "chener")))
    other = User.objects.create_superuser("boss2")
    client.force_login(other)
    assert client.get(location).status_code == 404


def test_who_may_import(client, world):
    client.force_login(world.officer.user)
    assert client.get(IMPORT).status_code == 404
    assert client.get(reverse("org:people_export")).status_code == 404
    staff = world.head.user
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(IMPORT).status_code == 403
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_officer", "change_officer"]))
    staff = User.objects.get(pk=staff.pk)
    client.force_login(staff)
    assert client.get(IMPORT).status_code == 403  # not every right the import uses
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_user", "add_unit", "change_unit", "add_membership", "change_membership",
                          "add_certificate", "change_certificate"]
        )
    )  # fmt: skip
    client.force_login(User.objects.get(pk=staff.pk))
    assert client.get(IMPORT).status_code == 200


def test_nav_link_for_administrators_only(client, admin, world):
    client.force_login(admin)
    assert reverse("org:people_import") in client.get(reverse("web:home")).content.decode()
    client.force_login(world.officer.user)
    assert reverse("org:people_import") not in client.get(reverse("web:home")).content.decode()


def test_export_round_trips_through_the_pages(client, admin):
    client.force_login(admin)
    xlsx = client.get(reverse("org:people_export"), {"format": "xlsx"})
    assert xlsx["Content-Disposition"].startswith('attachment; filename="people-')
    csv = client.get(reverse("org:people_export"), {"format": "csv", "table": OFFICERS})
    assert csv.content.decode("utf-8-sig").startswith("姓名,登录名,电话,所属单位,角色")
    location = client.post(IMPORT, {"files": [SimpleUploadedFile("people.xlsx", xlsx.content)]})["Location"]
    page = client.get(location).content.decode()
    assert "没有需要导入的变化" in page


# --- the command -------------------------------------------------------------------------------------------------


def write(tmp_path, source):
    path = tmp_path / source.name
    path.write_bytes(source.data)
    return str(path)


def test_command_dry_run_then_commit(world, tmp_path):
    path = write(tmp_path, officers_csv(officer_row("陈二", "chener")))
    out = io.StringIO()
    call_command("import_people", path, stdout=out)
    assert "人员 第2行 新增人员 chener" in out.getvalue() and "未写入任何数据" in out.getvalue()
    assert not User.objects.filter(username="chener").exists()
    out = io.StringIO()
    call_command("import_people", path, "--commit", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.strip().startswith("chener"))
    assert User.objects.get(username="chener").check_password(line.split("\t")[2])


def test_command_errors_and_good_rows_only(world, tmp_path):
    path = write(tmp_path, officers_csv(officer_row("陈二", "chener"), officer_row("陈三", "chensan", role="队员")))
    out = io.StringIO()
    with pytest.raises(CommandError, match="共1处错误"):
        call_command("import_people", path, stdout=out)
    assert "错误：人员 officers.csv 第3行 E列（角色）：角色“队员”应为" in out.getvalue()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_people", path, "--commit", stdout=io.StringIO())
    assert not User.objects.filter(username="chener").exists()
    call_command("import_people", path, "--commit", "--good-rows-only", stdout=io.StringIO())
    assert User.objects.filter(username="chener").exists()
    assert not User.objects.filter(username="chensan").exists()
