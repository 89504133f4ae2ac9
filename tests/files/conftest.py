"""Fixtures of the storage tests. The S3 server, its client and the ``s3_storage`` fixture are shared with the
backup tests: ``tests/s3server.py``, registered in ``tests/conftest.py``."""

from __future__ import annotations

import pytest

from tests.s3server import BUCKET, get_object, object_keys, overwrite_object

__all__ = ["BUCKET", "get_object", "object_keys", "overwrite_object"]


@pytest.fixture
def sealed(world):
    """The world with seals on the enforcement subjects (documents can be issued)."""
    for unit in (world.township, world.county_dept, world.other_township):
        unit.seal_name = unit.name
        unit.address = f"{unit.name}办公楼"
        unit.save()
    return world
