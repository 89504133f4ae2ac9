"""A real local S3 endpoint for the tests of files on S3 and of backup/restore through S3: moto's server mode in a
subprocess (HTTP on 127.0.0.1), a bucket, and a fixture that points ``STORAGES["default"]`` at it. The application talks to it through
django-storages and boto3 exactly as it would to MinIO or AWS: nothing in the client is mocked.

moto[server] is a dev dependency (requirements-dev.txt); when its server cannot start the tests fail with the
reason, they are not skipped.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

PORTS = range(18300, 18400)
BUCKET = "casemgmt-test"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def _free_port() -> int:
    for port in PORTS:
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"S3 tests: no free port in {PORTS.start}–{PORTS.stop - 1} for moto's S3 server")


def _wait_until_up(proc: subprocess.Popen, port: int, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"S3 tests: moto's S3 server exited with code {proc.returncode} "
                f"(`{sys.executable} -m moto.server`; install requirements-dev.txt):\n{log.read_text()[-2000:]}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail(f"S3 tests: moto's S3 server did not answer on port {port} within {timeout:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """The URL of a moto S3 server started for this test session (stopped at its end)."""
    try:
        import moto.server  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"S3 tests need moto[server] (requirements-dev.txt): {exc}")
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("moto") / "server.log"
    env = {**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"}
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        _wait_until_up(proc, port, log)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_client(s3_endpoint):
    """A boto3 client of the test server, for what the tests do behind the application's back (inspect or
    alter an object in the bucket)."""
    import boto3

    client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    return client


@pytest.fixture
def s3_storage(settings, s3_endpoint, s3_client):
    """``STORAGES["default"]`` on the test bucket, under a key prefix of this test's own; yields the prefix."""
    prefix = f"t-{uuid.uuid4().hex[:12]}"
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "access_key": CREDENTIALS["aws_access_key_id"],
        "secret_key": CREDENTIALS["aws_secret_access_key"],
        "region_name": CREDENTIALS["region_name"],
        "addressing_style": "path",
        "signature_version": "s3v4",
        "location": prefix,
        "default_acl": None,
        "file_overwrite": True,
        "max_memory_size": 1024 * 1024,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    settings.MEDIA_ROOT = "/nonexistent-media-root"  # anything still written to local disk fails loudly
    return prefix


def object_keys(client, prefix: str) -> list[str]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/")
    return sorted(o["Key"] for o in listed.get("Contents", []))


def overwrite_object(client, prefix: str, name: str, data: bytes) -> None:
    """Replace a stored file's bytes directly in the bucket (as someone with bucket access could)."""
    client.put_object(Bucket=BUCKET, Key=f"{prefix}/{name}", Body=data)


def get_object(client, prefix: str, name: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=f"{prefix}/{name}")["Body"].read()


def make_bucket(client) -> str:
    """A new, empty bucket of its own (a restore target)."""
    name = f"casemgmt-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return name
