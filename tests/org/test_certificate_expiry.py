"""The certificate expiry report: the boundary days of the notice period, expired and suspended certificates,
renewed ones left out, scoping by unit, the page with its downloads, and the command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casemgmt.org.expiry import EXPIRED, EXPIRING, SUSPENDED, certificate_expiry
from casemgmt.org.models import CERTIFICATE_EXPIRY_NOTICE_DAYS, Certificate, CertificateStatus
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


def ending_in(officer, days: int, **kwargs) -> Certificate:
    officer.certificates.all().delete()
    return CertificateFactory(officer=officer, valid_to=TODAY + dt.timedelta(days=days), **kwargs)


def numbers(rows):
    return {r.certificate.number for r in rows}


def test_notice_period_is_sixty_days():
    assert CERTIFICATE_EXPIRY_NOTICE_DAYS == 60


@pytest.mark.parametrize(("days", "listed"), [(59, True), (60, True), (61, False), (0, True)])
def test_boundary_days_of_the_notice_period(world, days, listed):
    certificate = ending_in(world.officer, days)
    rows = certificate_expiry(today=TODAY, unit=world.brigade)
    assert (certificate.number in numbers(rows)) is listed
    if listed:
        [row] = [r for r in rows if r.certificate == certificate]
        assert (row.state, row.days_left) == (EXPIRING, days)


def test_expired_and_suspended_are_listed_revoked_is_not(world):
    expired = ending_in(world.officer, -1)
    suspended = ending_in(world.colleague, 400, status=CertificateStatus.SUSPENDED)
    revoked = ending_in(world.third, -5, status=CertificateStatus.REVOKED)
    rows = {r.certificate: r for r in certificate_expiry(today=TODAY, unit=world.brigade)}
    assert rows[expired].state == EXPIRED and rows[expired].hint == "已过期1天，不得从事执法活动，请尽快换证"
    assert rows[suspended].state == SUSPENDED
    assert revoked not in rows


def test_a_renewed_certificate_is_not_listed(world):
    old = ending_in(world.officer, 10)
    CertificateFactory(officer=world.officer, valid_from=TODAY, valid_to=TODAY + dt.timedelta(days=5 * 365))
    assert old.number not in numbers(certificate_expiry(today=TODAY))


def test_a_renewal_itself_ending_soon_does_not_hide_the_old_one(world):
    old = ending_in(world.officer, -3)
    CertificateFactory(officer=world.officer, valid_to=TODAY + dt.timedelta(days=30))
    assert old.number in numbers(certificate_expiry(today=TODAY))


def test_summary_counts_by_unit(world):
    from casemgmt.org.expiry import expiry_summary

    ending_in(world.officer, 5)
    ending_in(world.colleague, -5)
    ending_in(world.outsider, 400, status=CertificateStatus.SUSPENDED)
    summary = dict(expiry_summary(certificate_expiry(today=TODAY)))
    assert summary["城关镇综合行政执法大队"] == {EXPIRING: 1, EXPIRED: 1, SUSPENDED: 0}
    assert summary["河西镇综合行政执法大队"] == {EXPIRING: 0, EXPIRED: 0, SUSPENDED: 1}


def test_days_can_be_chosen(world):
    certificate = ending_in(world.officer, 61)
    assert certificate.number in numbers(certificate_expiry(today=TODAY, days=90))


def test_people_with_a_disabled_account_are_left_out(world):
    certificate = ending_in(world.officer, 3)
    world.officer.user.is_active = False
    world.officer.user.save()
    assert certificate.number not in numbers(certificate_expiry(today=TODAY))


# --- who sees what ----------------------------------------------------------------------------------------------


def unit_admin(officer):
    officer.user.is_staff = True
    officer.user.save()
    officer.user.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    return officer.user


def test_unit_administrator_sees_their_units_people_only(world):
    mine = ending_in(world.officer, 5)
    other = ending_in(world.outsider, 5)
    user = unit_admin(world.head)
    rows = certificate_expiry(today=TODAY, user=user)
    assert mine.number in numbers(rows)
    assert other.number not in numbers(rows)


def test_justice_bureau_sees_the_county(world):
    mine = ending_in(world.officer, 5)
    other = ending_in(world.outsider, 5)
    rows = certificate_expiry(today=TODAY, user=world.evaluator.user)
    assert {mine.number, other.number} <= numbers(rows)


def test_page_scoped_and_downloads(world, client):
    mine = ending_in(world.officer, 5)
    other = ending_in(world.outsider, 5)
    client.force_login(unit_admin(world.head))
    url = reverse("org:certificate_expiry")
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.number in text and other.number not in text
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert body.startswith("所属单位,姓名,登录名,证号") and mine.number in body and other.number not in body
    xlsx = client.get(url, {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:4] == ["所属单位", "姓名", "登录名", "证号"]
    assert mine.number in {c.value for c in sheet["D"]}
    # A unit outside the administrator's scope is not found.
    assert client.get(url, {"unit": world.other_brigade.pk}).status_code == 404


def test_page_refused_to_officers_and_bad_days_explained(world, client):
    client.force_login(world.officer.user)
    assert client.get(reverse("org:certificate_expiry")).status_code == 404
    client.force_login(world.evaluator.user)
    response = client.get(reverse("org:certificate_expiry"), {"days": "abc"})
    assert response.status_code == 400
    assert "提前天数应为0到3660之间的整数" in response.content.decode()


def test_page_uses_the_local_date(world, client, settings):
    certificate = ending_in(world.officer, 0)
    certificate.valid_to = timezone.localdate()
    certificate.save()
    client.force_login(world.evaluator.user)
    assert "今天到期" in client.get(reverse("org:certificate_expiry")).content.decode()


def test_command_lists_and_writes_files(world, tmp_path):
    today = timezone.localdate()
    world.officer.certificates.all().delete()
    world.outsider.certificates.all().delete()
    CertificateFactory(officer=world.officer, number="ZF-SOON", valid_to=today + dt.timedelta(days=60))
    CertificateFactory(officer=world.outsider, number="ZF-OTHER", valid_to=today + dt.timedelta(days=61))
    out = io.StringIO()
    call_command("certificate_expiry", "--unit", "城关镇综合行政执法大队", stdout=out)
    assert "ZF-SOON" in out.getvalue() and "ZF-OTHER" not in out.getvalue()
    out = io.StringIO()
    call_command("certificate_expiry", "--days", "61", stdout=out)
    assert "ZF-OTHER" in out.getvalue()
    target = tmp_path / "expiry.csv"
    call_command("certificate_expiry", "--output", str(target), stdout=io.StringIO())
    assert "ZF-SOON" in target.read_bytes().decode("utf-8-sig")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="单位不存在"):
        call_command("certificate_expiry", "--unit", "没有这个单位")
