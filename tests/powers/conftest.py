"""Fixtures for the powers tests: a small catalogue, county-side personas and frozen time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from casemgmt.org.models import Role
from casemgmt.powers.models import GrantMode, Law, LawVersion, Matter, PowerGrant
from tests.factories import make_officer
from tests.rules.support import SHANGHAI

NOW = dt.datetime(2026, 12, 15, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class County:
    dept_head: object  # 县城管局 approver
    dept_chief: object  # 县城管局 agency head (局长)
    county_head: object  # 县人民政府 agency head (common superior)
    admin: object  # administrator
    law: object
    version: object
    matter: object


@pytest.fixture
def county(world) -> County:
    law = Law.objects.create(name="《城市道路管理条例》", issuer="国务院")
    version = LawVersion.objects.create(law=law, label="2019年修订", effective_from=dt.date(2019, 3, 24))
    matter = Matter.objects.create(
        code="CG-001",
        name="擅自占用城市道路经营",
        field="城市管理",
        source_department=world.county_dept,
        violated_clause="第二十七条第（七）项",
        violated_law=version,
        penalty_clause="第四十二条",
        penalty_law=version,
        penalty_types=["warning", "fine"],
        min_amount=Decimal("0"),
        max_amount=Decimal("20000"),
    )
    return County(
        dept_head=make_officer(world.county_dept, Role.APPROVER, name="冯科长", username="feng"),
        dept_chief=make_officer(world.county_dept, Role.AGENCY_HEAD, name="陈局长", username="chen", certified=False),
        county_head=make_officer(world.county, Role.AGENCY_HEAD, name="褚县长", username="chu", certified=False),
        admin=make_officer(world.county, Role.ADMINISTRATOR, name="卫管理", username="wei", certified=False),
        law=law,
        version=version,
        matter=matter,
    )


def grant(world, matter, **kw) -> PowerGrant:
    fields = {
        "township": world.township,
        "mode": GrantMode.EMPOWER,
        "document_number": "示政〔2026〕1号",
        "published_on": dt.date(2025, 12, 20),
        "effective_from": dt.date(2026, 1, 1),
    }
    fields.update(kw)
    return PowerGrant.objects.create(matter=matter, **fields)
