"""Real services for the Celery path: the local Redis (helper database 1) and worker subprocesses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

import tests.jobs.sample_jobs  # noqa: F401 - registers the test jobs for every test here

REDIS_URL = os.getenv("JOBS_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
ROOT = Path(__file__).resolve().parents[2]


def redis_or_skip() -> None:
    """Skip when no Redis listens locally; with REQUIRE_REDIS=1 (.ci/run) that is a failure instead."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"Redis is not reachable at {REDIS_URL} ({exc}); start redis-server to run the Celery worker tests"
        if os.getenv("REQUIRE_REDIS"):
            pytest.fail(reason)
        pytest.skip(reason)


def postgres_or_skip() -> None:
    # The worker is another process: it must see the test database, which an in-memory SQLite one is not.
    if connection.vendor != "postgresql":
        pytest.skip(f"the worker subprocess needs a shared database; this run uses {connection.vendor} in memory")


@pytest.fixture
def redis_broker(settings):
    redis_or_skip()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # no task left over from an earlier run
    settings.CELERY_BROKER_URL = REDIS_URL
    return REDIS_URL


class Worker:
    def __init__(self, *, stale_after: int, log: Path):
        postgres_or_skip()
        db = connection.settings_dict
        env = os.environ | {
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": REDIS_URL,
            "JOBS_STALE_AFTER": str(stale_after),
            "DEBUG": "true",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tests.jobs.worker"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # kill() takes the whole process group, as an OOM kill or a lost container
        )

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(redis_broker, tmp_path):
    workers: list[Worker] = []

    def start(*, stale_after: int = 180) -> Worker:
        worker = Worker(stale_after=stale_after, log=tmp_path / f"worker{len(workers)}.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(predicate, *, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{tail}")
