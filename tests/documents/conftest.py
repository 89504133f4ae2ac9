"""Fixtures of the documents tests: a private media folder and units with seals."""

from __future__ import annotations

import pytest

from tests import builders as b


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
    return b.road_matter(sealed)
