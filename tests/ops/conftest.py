"""Helpers that make the database really unreachable: a connection to a closed port (PostgreSQL) or to a file
that cannot be opened (SQLite). The driver is real; nothing is mocked."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again on leaving: connecting there is refused


@contextlib.contextmanager
def database_down():
    """Swap the request thread's default connection for one to a closed PostgreSQL port."""
    original = connections["default"]
    broken = PostgresWrapper(
        {
            **original.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "casemgmt_unreachable",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(closed_port()),
            "OPTIONS": {"connect_timeout": 3},
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
        },
        "default",
    )
    connections["default"] = broken
    try:
        yield broken
    finally:
        connections["default"] = original


@pytest.fixture
def unreachable_settings(monkeypatch, tmp_path):
    """Point new connections of the default alias (other threads, the health check's) at nothing."""
    settings_dict = connections.settings["default"]
    if settings_dict["ENGINE"].endswith("postgresql"):
        monkeypatch.setitem(settings_dict, "PORT", str(closed_port()))
        monkeypatch.setitem(settings_dict, "OPTIONS", {**settings_dict.get("OPTIONS", {}), "connect_timeout": 3})
    else:
        monkeypatch.setitem(settings_dict, "NAME", str(Path(tmp_path) / "missing-dir" / "db.sqlite3"))
    return settings_dict
