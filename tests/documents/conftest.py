"""Fixtures of the documents tests: a private media folder and units with seals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.powers.models import GrantMode, Law, LawVersion, Matter, PowerGrant


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sealed(world):
    """The world with seals on the enforcement subjects (rule 14 needs the seal)."""
    for unit in (world.township, world.county_dept, world.other_township):
        unit.seal_name = unit.name
        unit.address = f"{unit.name}办公楼"
        unit.save()
    return world


@pytest.fixture
def matter(sealed):
    """占道经营 with its law version, handed to the township: cases on it cite its provisions."""
    law = Law.objects.create(name="《城市道路管理条例》", issuer="国务院")
    version = LawVersion.objects.create(law=law, label="2019年修订", effective_from=dt.date(2019, 3, 24))
    matter = Matter.objects.create(
        code="CG-001",
        name="擅自占用城市道路从事经营活动",
        field="城市管理",
        source_department=sealed.county_dept,
        violated_clause="第二十七条第（六）项",
        violated_law=version,
        penalty_clause="第四十二条",
        penalty_law=version,
        penalty_types=["warning", "fine"],
        min_amount=Decimal("0"),
        max_amount=Decimal("20000"),
    )
    PowerGrant.objects.create(
        matter=matter,
        township=sealed.township,
        mode=GrantMode.EMPOWER,
        document_number="示政〔2025〕1号",
        published_on=dt.date(2025, 12, 20),
        effective_from=dt.date(2026, 1, 1),
    )
    return matter
