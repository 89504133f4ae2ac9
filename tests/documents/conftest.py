"""Fixtures of the documents tests: a private media folder and units with seals."""

from __future__ import annotations

import pytest


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
