"""Reading stored files back with their recorded SHA-256 checked first.

The bytes are never handed out before the whole file has been hashed: a download that streamed the file while
hashing it would already have served altered bytes when the mismatch shows at the end. So the file is copied
into a private temporary file while it is hashed (kept in memory up to ``SPOOL_BYTES``, on local disk above),
and that copy, which nobody else can change, is what the caller reads or streams. django-storages' S3 backend
already downloads an object into such a private temporary file when it is opened; that copy is used as is.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from typing import IO

from django.core.files.storage import Storage, default_storage

logger = logging.getLogger("casemgmt.files")

CHUNK_BYTES = 1024 * 1024
SPOOL_BYTES = 1024 * 1024  # a verified copy stays in memory up to this size, on local temporary disk above it


class StoredFileError(Exception):
    """A stored file that cannot be handed out; the message is Chinese and names the file for the user."""

    code = "FILE_UNVERIFIABLE"

    def __init__(self, message: str, *, name: str = "", label: str = ""):
        self.name = name
        self.label = label
        super().__init__(message)


class FileMissing(StoredFileError):
    code = "FILE_MISSING"


class FileTampered(StoredFileError):
    code = "FILE_TAMPERED"


def _is_private_copy(fh) -> bool:
    """django-storages' S3File downloads the object into its own temporary file on first read."""
    try:
        from storages.backends.s3 import S3File
    except ImportError:  # pragma: no cover - django-storages is a dependency
        return False
    return isinstance(fh, S3File)


def _open(storage: Storage, name: str, label: str):
    try:
        return storage.open(name, "rb")
    except FileNotFoundError:
        logger.error("stored file missing: %s (%s)", name, label, extra={"storage_name": name})
        raise FileMissing(f"{label}的文件缺失，无法提供。请联系系统管理员核查。", name=name, label=label) from None


def open_verified(name: str, sha256: str, *, label: str = "该文件", storage: Storage | None = None) -> IO[bytes]:
    """The stored file ``name`` as a binary file positioned at its start, once its SHA-256 equals ``sha256``.

    Raises ``FileMissing`` when there is no such file and ``FileTampered`` when its content differs from the
    recorded hash (logged as an error: a file was replaced or altered in the storage). The caller closes the
    returned file (``FileResponse`` does so when the download ends)."""
    storage = storage or default_storage
    if not name:
        raise FileMissing(f"{label}没有存储的文件。", name=name, label=label)
    if not sha256:
        raise StoredFileError(f"{label}没有登记SHA-256，无法核验其内容，系统不提供该文件。", name=name, label=label)
    source = _open(storage, name, label)
    digest = hashlib.sha256()
    try:
        if _is_private_copy(source):
            copy = source
            for chunk in iter(lambda: copy.read(CHUNK_BYTES), b""):
                digest.update(chunk)
        else:
            copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - handed to the caller
            with source:
                for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
                    digest.update(chunk)
                    copy.write(chunk)
    except BaseException:
        source.close()
        raise
    actual = digest.hexdigest()
    if actual != sha256:
        copy.close()
        logger.error(
            "stored file does not match its recorded SHA-256: %s (%s) recorded %s, stored %s",
            name,
            label,
            sha256,
            actual,
            extra={"storage_name": name, "recorded_sha256": sha256, "actual_sha256": actual},
        )
        raise FileTampered(
            f"{label}的文件内容与登记的SHA-256不符：文件已被替换或改动，系统拒绝提供。请联系系统管理员核查。"
            f"（登记{sha256[:12]}…，实际{actual[:12]}…）",
            name=name,
            label=label,
        )
    copy.seek(0)
    return copy


def read_verified(name: str, sha256: str, *, label: str = "该文件", storage: Storage | None = None) -> bytes:
    """The bytes of a stored file whose SHA-256 equals ``sha256`` (for parsers that need the whole file)."""
    with open_verified(name, sha256, label=label, storage=storage) as fh:
        return fh.read()


def stored_sha256(name: str, *, storage: Storage | None = None) -> str | None:
    """The SHA-256 of the stored file ``name`` (read in chunks), or ``None`` when there is no such file."""
    storage = storage or default_storage
    if not name:
        return None
    try:
        fh = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    digest = hashlib.sha256()
    with fh:
        for chunk in iter(lambda: fh.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()
