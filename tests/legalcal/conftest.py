"""Fixtures local to the legal-calendar tests."""

import pytest

from casemgmt.legalcal import calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Each test starts and ends with an empty year-table cache (rolled-back rows must not leak)."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()
