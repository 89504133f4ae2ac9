"""Each figure of the annual statistics on a small county year with hand-computed expectations."""

from __future__ import annotations

import pytest

from casemgmt.supervision.annual import annual_statistics
from tests.supervision.annual_world import build, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(world):
    return build(world)


def test_smoke(world, county):
    with travel(2026, 7, 2, 10):
        a = annual_statistics(year=2026, unit=world.township)
    print(a.units[0].figures)
    assert 0
