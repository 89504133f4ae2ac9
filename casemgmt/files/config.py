"""``STORAGES`` from the environment: the local media folder by default, an S3-compatible bucket on request.

Read by ``casemgmt.settings``; imports nothing from Django's storage machinery, so settings stay cheap to load.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .verified import SPOOL_BYTES

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # MEDIA_ROOT, read when the storage is used
STATICFILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
ADDRESSING_STYLES = ("path", "virtual", "auto")


def _env(*names: str, default: str = "") -> str:
    """The first of ``names`` set in the environment (our S3_* names first, then boto's AWS_* ones)."""
    for name in names:
        value = os.getenv(name, "").strip()
        if value:
            return value
    return default


def file_storage_kind() -> str:
    """``local`` or ``s3``: FILE_STORAGE when set, else ``s3`` as soon as a bucket is named."""
    kind = os.getenv("FILE_STORAGE", "").strip().lower()
    if not kind:
        return "s3" if _env("S3_BUCKET", "AWS_STORAGE_BUCKET_NAME") else "local"
    if kind not in ("local", "s3"):
        raise ImproperlyConfigured(f"FILE_STORAGE must be local or s3, got {kind!r}")
    return kind


def s3_options() -> dict:
    """django-storages ``S3Storage`` options. Credentials left unset fall back to boto's own chain (environment,
    instance profile); objects are private (no ACL, no public URLs: every download goes through a view that
    checks access and the file's SHA-256)."""
    bucket = _env("S3_BUCKET", "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET (the bucket holding the files)")
    endpoint = _env("S3_ENDPOINT_URL", "AWS_S3_ENDPOINT_URL") or None
    style = _env("S3_ADDRESSING_STYLE", "AWS_S3_ADDRESSING_STYLE", default="path" if endpoint else "auto").lower()
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}, got {style!r}")
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "access_key": _env("S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID") or None,
        "secret_key": _env("S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY") or None,
        "region_name": _env("S3_REGION", "AWS_S3_REGION_NAME", "AWS_DEFAULT_REGION", default="us-east-1"),
        "addressing_style": style,
        "signature_version": "s3v4",
        "location": _env("S3_PREFIX").strip("/"),
        "verify": _env("S3_CA_BUNDLE") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": True,  # names are content-addressed: the same name always holds the same bytes
        "max_memory_size": SPOOL_BYTES,  # a downloaded object spills to local temporary disk above this size
    }


# The S3Storage option each of our variables sets (the inverse of ``s3_options``).
S3_VARIABLES = {
    "bucket_name": "S3_BUCKET",
    "endpoint_url": "S3_ENDPOINT_URL",
    "access_key": "S3_ACCESS_KEY_ID",
    "secret_key": "S3_SECRET_ACCESS_KEY",
    "region_name": "S3_REGION",
    "addressing_style": "S3_ADDRESSING_STYLE",
    "location": "S3_PREFIX",
    "verify": "S3_CA_BUNDLE",
}


def s3_environment(options: dict) -> dict[str, str]:
    """The variables that make another process of this app use the bucket ``options`` describe (an option left
    unset stays unset there too, so boto's own credential chain is used alike)."""
    env = {"FILE_STORAGE": "s3"}
    for option, variable in S3_VARIABLES.items():
        value = options.get(option)
        env[variable] = value if isinstance(value, str) else ""
    return env


def storages_from_env() -> dict:
    """The ``STORAGES`` setting."""
    if file_storage_kind() == "s3":
        default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options()}
    else:
        default = dict(LOCAL)
    return {"default": default, "staticfiles": dict(STATICFILES)}
