"""The empty database a restore test restores into (``target_url``, shared by the local and the S3 backup tests),
and helpers that make the database really unreachable: a connection to a closed port (PostgreSQL) or to a file that
cannot be opened (SQLite). The driver is real; nothing is mocked."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper

from casemgmt.ops.backup import _pg_args


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


@pytest.fixture
def target_url(tmp_path):
    """The URL of an empty database to restore into, of the test run's engine."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    source = connection.settings_dict
    name = f"casemgmt_restore_{uuid.uuid4().hex[:10]}"
    args, env = _pg_args(source)
    subprocess.run(["createdb", *args, "-E", "UTF8", "-T", "template0", name], env=env, check=True)  # noqa: S603, S607
    auth = source["USER"] + (f":{source['PASSWORD']}" if source.get("PASSWORD") else "")
    yield f"postgres://{auth}@{source['HOST']}:{source['PORT'] or 5432}/{name}"
    subprocess.run(["dropdb", *args, "--if-exists", "--force", name], env=env, check=True)  # noqa: S603, S607
