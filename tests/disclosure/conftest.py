"""Fixtures of the 双公示 export tests: enforcement subjects with credit codes and seals, decided cases with their
issued 行政处罚决定书 (the 文号 a record carries)."""

from __future__ import annotations

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.org.identity import uscc_check_character
from tests import builders as b
from tests.documents.support import DISCRETION, issue


def credit_code(first17: str) -> str:
    return first17 + uscc_check_character(first17)


TOWNSHIP_CODE = credit_code("11330100000000001")
OTHER_CODE = credit_code("11330100000000002")
CITIZEN_ID = "110101199003077571"  # the builders' 陈某
ADDRESS = "城关镇人民路1号"
PHONE = "13905710001"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pub(world):
    """The world with seals and credit codes on the enforcement subjects."""
    for unit, code in ((world.township, TOWNSHIP_CODE), (world.other_township, OTHER_CODE), (world.county_dept, "")):
        unit.seal_name = unit.name
        unit.address = f"{unit.name}办公楼"
        unit.credit_code = code
        unit.save()
    return world


def with_phone(case: m.Case, phone: str = PHONE) -> None:
    m.Party.objects.filter(case=case).update(phone=phone)


def decided_case(world, *, issue_document=True, decide_on=dt.date(2026, 3, 20), **kw) -> m.Case:
    """A decided case (fine 500 元 on 陈某 by default) with its 行政处罚决定书 issued."""
    case = b.decided(world, decide_on=decide_on, **kw)
    with_phone(case)
    if issue_document:
        issue(world, case, "xzcf_jds", DISCRETION, actor=world.head.user, on=decide_on)
    case.refresh_from_db()
    return case


def publish(world, case, on=dt.date(2026, 3, 25), late_reason="") -> m.Disclosure:
    return s.disclosure_publish(
        case=case,
        actor=world.officer.user,
        on=on,
        channel="信用中国（浙江）",
        content="行政处罚决定书全文",
        late_reason=late_reason,
    )


def withdraw(world, disclosure, *, changed_on=dt.date(2026, 5, 6), on=dt.date(2026, 5, 7)) -> m.Disclosure:
    return s.disclosure_withdraw(
        disclosure=disclosure, actor=world.officer.user, change_recorded_on=changed_on, on=on, reason="复议决定变更罚款"
    )
