"""Reading a stored file back: only when its bytes match the recorded SHA-256, from a private copy."""

from __future__ import annotations

import hashlib
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from casemgmt.files import FileMissing, FileTampered, StoredFileError, open_verified, read_verified, stored_sha256
from casemgmt.files.verified import SPOOL_BYTES

DATA = b"%PDF-1.7\n" + b"x" * 1000


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def stored():
    return default_storage.save("documents/1/a.pdf", ContentFile(DATA)), hashlib.sha256(DATA).hexdigest()


def test_matching_bytes_are_handed_out(stored):
    name, sha = stored
    assert read_verified(name, sha) == DATA
    assert stored_sha256(name) == sha


def test_altered_bytes_are_refused_and_logged(stored, caplog):
    name, sha = stored
    with open(default_storage.path(name), "wb") as fh:
        fh.write(DATA.replace(b"x", b"y", 1))
    with caplog.at_level(logging.ERROR, logger="casemgmt.files"), pytest.raises(FileTampered) as refused:
        open_verified(name, sha, label="行政处罚决定书")
    assert str(refused.value).startswith("行政处罚决定书的文件内容与登记的SHA-256不符")
    assert [r.levelno for r in caplog.records] == [logging.ERROR] and name in caplog.records[0].getMessage()


def test_a_change_after_the_check_does_not_reach_the_reader(stored):
    """The reader gets the private copy that was hashed, not the live file."""
    name, sha = stored
    with open_verified(name, sha) as fh:
        with open(default_storage.path(name), "wb") as live:
            live.write(b"replaced")
        assert fh.read() == DATA


def test_a_missing_file_or_a_missing_hash_is_refused(stored):
    name, sha = stored
    with pytest.raises(StoredFileError, match="没有登记SHA-256"):
        open_verified(name, "")
    default_storage.delete(name)
    with pytest.raises(FileMissing, match="文件缺失"):
        open_verified(name, sha)
    assert stored_sha256(name) is None


def test_a_large_file_is_copied_to_disk_not_memory():
    data = b"0" * (SPOOL_BYTES * 3)
    name = default_storage.save("evidence/big.bin", ContentFile(data))
    with open_verified(name, hashlib.sha256(data).hexdigest()) as fh:
        assert fh._rolled
