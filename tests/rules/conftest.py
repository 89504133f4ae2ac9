"""Fixtures for the rulebook tests."""

import datetime as dt

import pytest
import time_machine

from .support import SHANGHAI

#: "Now" for every rule test, unless a test travels elsewhere: after every 2026 date the tests use, so that
#: decision_make (which refuses a decision dated after today) accepts them whatever the real date is.
NOW = dt.datetime(2026, 12, 15, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The personas' passwords are irrelevant here; PBKDF2 would cost ~0.3 s per persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield
