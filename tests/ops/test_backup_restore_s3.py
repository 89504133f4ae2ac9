"""``manage.py backup`` / ``restore`` with the files in an S3 bucket (a real moto S3 server over HTTP,
``tests/s3server.py``): evidence and an issued PDF stored in the bucket are backed up through the storage API and
restored into an empty bucket, every object's SHA-256 and every case's event chain verified there; a backup with an
altered object is refused before anything is written; a bucket that already holds files needs ``--force``.

The database goes to a database of its own, as in ``test_backup_restore.py`` (SQLite file, or a fresh PostgreSQL
database on the PostgreSQL run)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from casemgmt.cases import services as s
from casemgmt.cases.eventlog import anchor_case_logs
from casemgmt.cases.models import CaseEvent, EvidenceItem
from casemgmt.ops.backup import target_settings, target_table_count
from documents.models import Document
from tests import builders as b
from tests.documents.support import CORRECTION, issue
from tests.ops.test_backup_restore import PDF, _row_counts
from tests.s3server import BUCKET, make_bucket, overwrite_object

pytestmark = pytest.mark.django_db(transaction=True)


def bucket_hashes(client, bucket: str, prefix: str) -> dict[str, str]:
    """Storage name → SHA-256 of every object under ``prefix`` in ``bucket``."""
    hashes = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/"):
        for obj in page.get("Contents", []):
            data = client.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
            hashes[obj["Key"].removeprefix(f"{prefix}/")] = hashlib.sha256(data).hexdigest()
    return hashes


@pytest.fixture
def anchors(settings, tmp_path) -> Path:
    settings.EVENTLOG_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    return settings.EVENTLOG_ANCHOR_FILE


@pytest.fixture
def dataset(world, s3_storage, anchors):
    """A filed case with an issued document and an evidence file, both in the bucket, anchored."""
    world.township.seal_name = world.township.name
    world.township.address = "城关镇人民政府办公楼"
    world.township.save()
    case = b.filed(world)
    issue(world, case, "zlgz_tzs", CORRECTION)
    s.evidence_add(
        case=case,
        actor=world.officer.user,
        evidence_type="documentary",
        title="营业执照复印件",
        collected_at=b.at(dt.date(2026, 3, 4)),
        place="人民路",
        collected_by=[world.officer, world.colleague],
        upload=SimpleUploadedFile("执照.pdf", PDF, "application/pdf"),
    )
    anchor_case_logs()
    return case


def restore(backup: Path, target_url: str, tmp_path: Path, *extra: str) -> None:
    call_command(
        "restore",
        str(backup),
        "--database-url",
        target_url,
        "--anchor-file",
        str(tmp_path / "restored-anchors.jsonl"),
        *extra,
    )


def test_files_in_s3_round_trip_into_an_empty_bucket_with_every_hash_and_event_chain_verified(
    dataset,
    s3_storage,
    s3_client,
    target_url,
    tmp_path,
    anchors,
    capsys,
):
    source_files = bucket_hashes(s3_client, BUCKET, s3_storage)
    evidence = EvidenceItem.objects.get()
    document = Document.objects.get()
    assert source_files[evidence.file.name] == evidence.sha256
    assert source_files[document.pdf.name] == document.sha256
    source_counts = _row_counts(connection.settings_dict)
    assert source_counts[CaseEvent._meta.label] > 0

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"]: e["sha256"] for e in manifest["files"]} == source_files
    assert manifest["missing"] == [] and manifest["orphans"] == []
    assert hashlib.sha256((backup / "files" / evidence.file.name).read_bytes()).hexdigest() == evidence.sha256
    capsys.readouterr()

    target_bucket = make_bucket(s3_client)
    restore(backup, target_url, tmp_path, "--s3-bucket", target_bucket)

    out = capsys.readouterr().out
    # verify_case_log ran in a fresh process against the restored database and the target bucket.
    assert "哈希链、记录头、锚点和文件均完整" in out
    assert "恢复完成" in out
    assert bucket_hashes(s3_client, target_bucket, s3_storage) == source_files
    assert _row_counts(target_settings(target_url)) == source_counts
    assert (tmp_path / "restored-anchors.jsonl").read_bytes() == anchors.read_bytes()
    assert bucket_hashes(s3_client, BUCKET, s3_storage) == source_files  # the source bucket untouched

    # Under another key prefix of the same bucket (an empty one): the same result; over the restored database
    # only with --force.
    with pytest.raises(CommandError, match="不为空"):
        restore(backup, target_url, tmp_path, "--s3-prefix", f"{s3_storage}-drill")
    assert bucket_hashes(s3_client, BUCKET, f"{s3_storage}-drill") == {}
    restore(backup, target_url, tmp_path, "--s3-prefix", f"{s3_storage}-drill", "--force")
    assert "恢复完成" in capsys.readouterr().out
    assert bucket_hashes(s3_client, BUCKET, f"{s3_storage}-drill") == source_files


def test_an_altered_object_in_the_backup_is_refused_and_nothing_is_written(
    dataset,
    s3_storage,
    s3_client,
    target_url,
    tmp_path,
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    evidence = EvidenceItem.objects.get().file.name
    (backup / "files" / evidence).write_bytes(b"%PDF-1.7 forged")
    target_bucket = make_bucket(s3_client)

    with pytest.raises(CommandError) as refused:
        restore(backup, target_url, tmp_path, "--s3-bucket", target_bucket)

    message = str(refused.value)
    assert "未做任何恢复" in message and evidence in message and "SHA-256与清单不符" in message
    assert bucket_hashes(s3_client, target_bucket, s3_storage) == {}
    assert target_table_count(target_settings(target_url)) == 0
    assert not (tmp_path / "restored-anchors.jsonl").exists()


def test_an_object_altered_in_the_bucket_before_the_backup_is_backed_up_as_it_is_and_the_restore_names_it(
    dataset,
    s3_storage,
    s3_client,
    target_url,
    tmp_path,
    capsys,
):
    # The backup copies what the bucket holds; the verification after the restore compares it with the SHA-256
    # the database recorded at upload, so a file altered in the bucket is named, not silently carried over.
    overwrite_object(s3_client, s3_storage, EvidenceItem.objects.get().file.name, b"%PDF-1.7 altered in the bucket")
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="校验未通过"):
        restore(backup, target_url, tmp_path, "--s3-bucket", make_bucket(s3_client))
    out = capsys.readouterr().out
    assert "营业执照复印件" in out and "SHA-256不符" in out


def test_a_bucket_that_already_holds_files_is_not_restored_into_without_force(
    dataset,
    s3_storage,
    s3_client,
    target_url,
    tmp_path,
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    before = bucket_hashes(s3_client, BUCKET, s3_storage)

    with pytest.raises(CommandError) as refused:
        restore(backup, target_url, tmp_path)  # the app's own bucket, which holds the files

    assert "目标文件存储" in str(refused.value) and "--force" in str(refused.value)
    assert target_table_count(target_settings(target_url)) == 0
    assert bucket_hashes(s3_client, BUCKET, s3_storage) == before


def test_s3_options_are_refused_when_the_files_are_on_local_disk(world, settings, tmp_path, target_url):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVENTLOG_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="不是S3"):
        restore(backup, target_url, tmp_path, "--s3-bucket", "other")
    assert target_table_count(target_settings(target_url)) == 0


def test_a_bucket_that_does_not_exist_is_named_and_nothing_is_restored(dataset, s3_storage, target_url, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="无法读取目标文件存储"):
        restore(backup, target_url, tmp_path, "--s3-bucket", "casemgmt-no-such-bucket")
    assert target_table_count(target_settings(target_url)) == 0
