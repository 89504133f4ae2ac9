"""STORAGES from the environment: local disk by default, an S3 bucket when asked for; bad values fail loudly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from casemgmt.files.config import storages_from_env

S3_VARS = (
    "FILE_STORAGE",
    "S3_BUCKET",
    "AWS_STORAGE_BUCKET_NAME",
    "S3_ENDPOINT_URL",
    "AWS_S3_ENDPOINT_URL",
    "S3_ADDRESSING_STYLE",
    "AWS_S3_ADDRESSING_STYLE",
    "S3_REGION",
    "S3_PREFIX",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in S3_VARS:
        monkeypatch.delenv(name, raising=False)


def test_the_embedded_default_is_the_local_media_folder():
    assert storages_from_env()["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_naming_a_bucket_switches_to_s3_with_the_endpoint_credentials_and_path_addressing(monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "casemgmt-files")
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://minio.internal:9000")
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("S3_PREFIX", "/township-1/")
    default = storages_from_env()["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["addressing_style"]) == (
        "casemgmt-files",
        "http://minio.internal:9000",
        "path",
    )
    assert (options["access_key"], options["secret_key"], options["location"]) == ("key", "secret", "township-1")
    assert options["default_acl"] is None and options["region_name"] == "us-east-1"


def test_aws_names_are_understood_and_aws_itself_gets_automatic_addressing(monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "bucket")
    options = storages_from_env()["default"]["OPTIONS"]
    assert options["bucket_name"] == "bucket" and options["endpoint_url"] is None
    assert options["addressing_style"] == "auto" and options["access_key"] is None  # boto's own credential chain


def test_local_can_be_forced_even_with_a_bucket_named(monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "local")
    monkeypatch.setenv("S3_BUCKET", "bucket")
    assert storages_from_env()["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FILE_STORAGE": "ftp"}, "FILE_STORAGE must be local or s3"),
        ({"FILE_STORAGE": "s3"}, "needs S3_BUCKET"),
        ({"S3_BUCKET": "b", "S3_ADDRESSING_STYLE": "dns"}, "S3_ADDRESSING_STYLE must be one of"),
    ],
)
def test_bad_values_fail_loudly(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_from_env()
