"""Importing: all or nothing, or exactly the good rows; updates of existing rows; history; new accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from casemgmt.accounts.models import PasswordChangeDue
from casemgmt.org.imports import (
    CERTIFICATES,
    OFFICERS,
    UNITS,
    ImportRefused,
    people_import_apply,
    people_import_plan,
)
from casemgmt.org.models import Certificate, CertificateStatus, Membership, Officer, Role, Unit, UnitKind

from .people_support import cert_row, certs_csv, officer_row, officers_csv, unit_row, units_csv

pytestmark = pytest.mark.django_db
User = get_user_model()


def good_and_bad():
    """A good squadron, a bad one (unknown kind); a person in each; a certificate of each."""
    return [
        units_csv(unit_row("城关镇第二中队", "执法中队", "城关镇综合行政执法大队"), unit_row("城关镇第三中队", "中队")),
        officers_csv(
            officer_row("陈二", "chener", unit="城关镇第二中队", phone="13800000001"),
            officer_row("陈三", "chensan", unit="城关镇第三中队"),
        ),
        certs_csv(cert_row("ZF-2", "chener", holder="陈二"), cert_row("ZF-3", "chensan", holder="陈三")),
    ]


def test_nothing_is_written_when_a_row_is_bad(world):
    admin = User.objects.create_superuser("boss")
    counts = (Unit.objects.count(), Officer.objects.count(), Certificate.objects.count(), User.objects.count())
    with pytest.raises(ImportRefused):
        people_import_apply(sources=good_and_bad(), actor=admin)
    assert (Unit.objects.count(), Officer.objects.count(), Certificate.objects.count(), User.objects.count()) == counts


def test_rows_depending_on_a_bad_row_are_bad(world):
    plan = people_import_plan(sources=good_and_bad())
    assert [r.bad for r in plan.rows[UNITS]] == [False, True]
    assert [r.bad for r in plan.rows[OFFICERS]] == [False, True]
    assert [r.bad for r in plan.rows[CERTIFICATES]] == [False, True]
    assert plan.rows[OFFICERS][1].problems[0].message == "所属单位“城关镇第三中队”所在的单位表第3行有错误"
    assert plan.rows[CERTIFICATES][1].problems[0].message == "持证人“chensan”所在的人员表第3行有错误"


def test_good_rows_only_imports_exactly_the_good_rows(world):
    admin = User.objects.create_superuser("boss")
    plan, result = people_import_apply(sources=good_and_bad(), actor=admin, good_rows_only=True)
    squadron = Unit.objects.get(name="城关镇第二中队")
    assert (squadron.kind, squadron.parent) == (UnitKind.SQUADRON, world.brigade)
    assert not Unit.objects.filter(name="城关镇第三中队").exists()
    officer = Officer.objects.get(user__username="chener")
    assert (officer.name, officer.phone) == ("陈二", "13800000001")
    assert [(m.unit, m.role) for m in officer.memberships.all()] == [(squadron, Role.OFFICER)]
    assert officer.user.groups.filter(name=f"unit:{squadron.pk}:officer").exists()  # the role group follows
    assert not User.objects.filter(username="chensan").exists()
    assert list(Certificate.objects.filter(number__in=["ZF-2", "ZF-3"]).values_list("number", flat=True)) == ["ZF-2"]
    assert result.created == {UNITS: 1, OFFICERS: 1, CERTIFICATES: 1}
    assert result.skipped_rows == 3


def test_new_account_gets_a_one_time_password_to_change_at_first_login(world):
    admin = User.objects.create_superuser("boss")
    _plan, result = people_import_apply(sources=[officers_csv(officer_row("陈二", "chener"))], actor=admin)
    [(username, name, password)] = result.initial_passwords
    assert (username, name) == ("chener", "陈二")
    assert len(password) >= 12
    user = User.objects.get(username="chener")
    assert user.check_password(password)
    assert PasswordChangeDue.objects.get(user=user).set_by == admin


def test_existing_people_keep_their_password_and_are_updated(world):
    admin = User.objects.create_superuser("boss")
    old_hash = world.officer.user.password
    sources = [
        officers_csv(
            officer_row("张执法", "zhang", phone="13912345678"),  # the phone changes
            officer_row(
                "张执法", "zhang", unit="城关镇人民政府", role="法制审核人员", phone="13912345678"
            ),  # a new post
        )
    ]
    plan = people_import_plan(sources=sources)
    first, second = plan.rows[OFFICERS]
    assert first.action == "修改"
    assert [(d.label, d.old, d.new) for d in first.diffs] == [("电话", "", "13912345678")]
    assert second.action == "新增任职"
    assert plan.counts()[OFFICERS] == {"rows": 2, "bad": 0, "created": 1, "updated": 1, "unchanged": 0}
    assert [(d.label, d.old, d.new) for d in second.diffs] == [("任职", "", "城关镇人民政府·法制审核人员")]
    _plan, result = people_import_apply(sources=sources, actor=admin)
    world.officer.refresh_from_db()
    assert world.officer.phone == "13912345678"
    assert world.officer.user.password == old_hash
    assert result.initial_passwords == []
    assert Membership.objects.filter(officer=world.officer, unit=world.township, role=Role.LEGAL_REVIEWER).exists()
    assert not PasswordChangeDue.objects.filter(user=world.officer.user).exists()


def test_certificate_update_is_shown_old_to_new_and_recorded_with_the_import_as_reason(world):
    admin = User.objects.create_superuser("boss")
    certificate = world.officer.certificates.get()
    row = cert_row(
        certificate.number, "zhang", end="2031-06-30", status="暂扣", body=certificate.issuing_body, fields=""
    )
    row[5] = certificate.valid_from.isoformat()
    plan = people_import_plan(sources=[certs_csv(row)])
    diffs = [(d.label, d.old, d.new) for d in plan.rows[CERTIFICATES][0].diffs]
    assert diffs == [("有效期至", str(certificate.valid_to), "2031-06-30"), ("状态", "有效", "暂扣")]
    people_import_apply(sources=[certs_csv(row)], actor=admin)
    certificate.refresh_from_db()
    assert (certificate.valid_to, certificate.status) == (dt.date(2031, 6, 30), CertificateStatus.SUSPENDED)
    record = certificate.history.latest()
    assert record.history_change_reason == "批量导入人员和执法证（certificates.csv）"
    assert record.history_user == admin


def test_unit_update_and_history(world):
    admin = User.objects.create_superuser("boss")
    row = unit_row("城关镇综合行政执法大队", short="城关镇综执", address="城关镇人民路1号")
    plan = people_import_plan(sources=[units_csv(row)])
    assert [(d.label, d.old, d.new) for d in plan.rows[UNITS][0].diffs] == [("地址", "", "城关镇人民路1号")]
    people_import_apply(sources=[units_csv(row)], actor=admin)
    world.brigade.refresh_from_db()
    assert world.brigade.address == "城关镇人民路1号"
    assert world.brigade.history.latest().history_change_reason.startswith("批量导入人员和执法证")


def test_new_membership_history_names_the_import(world):
    admin = User.objects.create_superuser("boss")
    people_import_apply(sources=[officers_csv(officer_row("陈二", "chener"))], actor=admin)
    membership = Membership.objects.get(officer__user__username="chener")
    assert membership.history.latest().history_change_reason.startswith("批量导入人员和执法证")


def test_a_second_import_of_the_same_file_changes_nothing(world):
    admin = User.objects.create_superuser("boss")
    sources = [units_csv(unit_row("城关镇第二中队", "执法中队", "城关镇综合行政执法大队"))]
    people_import_apply(sources=sources, actor=admin)
    plan = people_import_plan(sources=sources)
    assert [r.action for r in plan.all_rows()] == ["无变化"]


def test_a_new_unit_and_its_parent_in_any_order(world):
    admin = User.objects.create_superuser("boss")
    sources = [
        units_csv(
            unit_row("新镇综合行政执法大队", "综合行政执法大队", "新镇人民政府"),
            unit_row("新镇人民政府", "乡镇人民政府", "示范县人民政府", credit="11330000MB0012345C"),
        )
    ]
    people_import_apply(sources=sources, actor=admin)
    assert Unit.objects.get(name="新镇综合行政执法大队").parent.name == "新镇人民政府"


def test_confirmation_is_refused_when_the_data_changed_since_the_dry_run(world):
    admin = User.objects.create_superuser("boss")
    sources = [officers_csv(officer_row("陈二", "chener"))]
    digest = people_import_plan(sources=sources).digest()
    people_import_apply(sources=[units_csv(unit_row("新中队", "执法中队"))], actor=admin)  # another import meanwhile
    assert people_import_plan(sources=sources).digest() == digest  # unrelated: still the same plan
    User.objects.create_user(username="chener")  # the login was taken meanwhile
    with pytest.raises(ImportRefused) as refused:
        people_import_apply(sources=sources, actor=admin, expected_digest=digest)
    assert "发生了变化" in refused.value.errors[0]
    assert not Officer.objects.filter(user__username="chener").exists()


def test_a_login_taken_while_importing_rolls_everything_back(world, monkeypatch):
    from casemgmt.org import imports

    admin = User.objects.create_superuser("boss")
    real = imports.people_import_plan

    def plan_then_race(*, sources):
        plan = real(sources=sources)
        User.objects.create_user(username="chener")  # another administrator, between the check and the write
        return plan

    monkeypatch.setattr(imports, "people_import_plan", plan_then_race)
    sources = [units_csv(unit_row("城关镇第二中队", "执法中队", "城关镇综合行政执法大队")),
               officers_csv(officer_row("陈二", "chener"))]  # fmt: skip
    with pytest.raises(ImportRefused, match="同时修改"):
        people_import_apply(sources=sources, actor=admin)
    assert not Unit.objects.filter(name="城关镇第二中队").exists()
