"""Stored files (evidence, issued PDFs, signed receipts, case files) and their SHA-256.

Every file an act stores has its SHA-256 recorded in its row and in the case's event log. Whatever reads a file
back to hand it to a person or to put it into a case file reads it through ``open_verified``: the bytes are
copied to a private temporary file while they are hashed, and only when the hash matches is that copy handed
out. A replaced or altered object in the storage (a local folder or an S3 bucket) is refused, never served.
"""

from .verified import (
    FileMissing,
    FileTampered,
    StoredFileError,
    open_verified,
    read_verified,
    stored_sha256,
)

__all__ = [
    "FileMissing",
    "FileTampered",
    "StoredFileError",
    "open_verified",
    "read_verified",
    "stored_sha256",
]
