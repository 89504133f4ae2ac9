"""``manage.py backup`` / ``restore``: a round trip keeps every row, every file and every event chain; a backup
whose file or dump was altered or lost is refused before anything is touched.

The round trip runs on the engine of the test run (SQLite by default, PostgreSQL with DATABASE_URL set): the
restore goes into a database of its own (a new file, or one made with createdb and dropped after), never the test
database."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from casemgmt.cases import services as s
from casemgmt.cases.eventlog import anchor_case_logs
from casemgmt.cases.models import CaseEvent, EvidenceItem
from casemgmt.ops.backup import target_settings, target_table_count
from documents.models import Document
from tests import builders as b
from tests import filesamples
from tests.documents.support import CORRECTION, issue

PDF = filesamples.pdf("营业执照复印件")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVENTLOG_ANCHOR_FILE = tmp_path / "anchors.jsonl"


@pytest.fixture
def dataset(world):
    """A filed case with an issued document (its PDF) and an evidence file, anchored; plus one orphan file."""
    world.township.seal_name = world.township.name
    world.township.address = "城关镇人民政府办公楼"
    world.township.save()
    case = b.filed(world)
    document = issue(world, case, "zlgz_tzs", CORRECTION)
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
    default_storage.save("evaluation/reports/round-1/left-over.pdf", SimpleUploadedFile("x.pdf", b"%PDF orphan"))
    assert document.pdf.name
    return case


def _restore(backup, target_url, tmp_path, *extra):
    call_command(
        "restore",
        str(backup),
        "--database-url",
        target_url,
        "--media-root",
        str(tmp_path / "restored-media"),
        "--anchor-file",
        str(tmp_path / "restored-anchors.jsonl"),
        *extra,
    )


def _tables() -> list[tuple[str, str]]:
    return [
        (m._meta.label, m._meta.db_table)
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _row_counts(settings_dict) -> dict[str, int]:
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "counts")
    try:
        with wrapper.cursor() as cursor:
            counts = {}
            for label, table in _tables():
                cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")  # noqa: S608
                counts[label] = cursor.fetchone()[0]
            return counts
    finally:
        wrapper.close()


def _file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _assert_refused(capsys, backup, target_url, tmp_path, *names) -> str:
    with pytest.raises(CommandError) as refused:
        _restore(backup, target_url, tmp_path)
    message = str(refused.value)
    assert "未做任何恢复" in message
    for name in names:
        assert name in message
    assert target_table_count(target_settings(target_url)) == 0
    assert not (tmp_path / "restored-media").exists()
    assert not (tmp_path / "restored-anchors.jsonl").exists()
    return message


def _backup(tmp_path, name="backup") -> Path:
    path = tmp_path / name
    call_command("backup", str(path))
    return path


def test_round_trip_restores_every_row_every_file_and_a_verifiable_event_chain_and_needs_force_the_second_time(
    dataset, target_url, tmp_path, settings, capsys
):
    backup = _backup(tmp_path)
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["engine"] == ("postgresql" if connection.vendor == "postgresql" else "sqlite")
    assert manifest["created"].endswith("+08:00")
    assert manifest["orphans"] == ["evaluation/reports/round-1/left-over.pdf"]
    assert manifest["anchor_file"]["sha256"] == hashlib.sha256(settings.EVENTLOG_ANCHOR_FILE.read_bytes()).hexdigest()
    source_counts = _row_counts(connection.settings_dict)
    source_files = _file_hashes(Path(settings.MEDIA_ROOT))
    assert len(source_files) == 3  # the issued PDF, the evidence file, the orphan
    assert {e["path"]: e["sha256"] for e in manifest["files"]} == source_files
    capsys.readouterr()

    _restore(backup, target_url, tmp_path)

    out = capsys.readouterr().out
    assert "哈希链、记录头、锚点和文件均完整" in out
    assert "恢复完成" in out
    assert source_counts[CaseEvent._meta.label] > 0
    assert source_counts[Document._meta.label] == 1
    assert source_counts[EvidenceItem._meta.label] == 1
    assert _row_counts(target_settings(target_url)) == source_counts
    assert _file_hashes(tmp_path / "restored-media") == source_files
    assert (tmp_path / "restored-anchors.jsonl").read_bytes() == settings.EVENTLOG_ANCHOR_FILE.read_bytes()

    # The restored database is no longer empty: a second restore needs --force.
    with pytest.raises(CommandError) as refused:
        _restore(backup, target_url, tmp_path)
    assert "不为空" in str(refused.value)
    assert "--force" in str(refused.value)
    _restore(backup, target_url, tmp_path, "--force")
    assert "恢复完成" in capsys.readouterr().out
    assert _row_counts(target_settings(target_url)) == source_counts


def test_a_tar_backup_verifies_and_restores(dataset, target_url, tmp_path, capsys):
    backup = _backup(tmp_path, "backup.tar")
    assert backup.is_file()
    with pytest.raises(CommandError, match="已存在"):  # never over an earlier backup
        call_command("backup", str(backup))
    call_command("backup", "--verify", str(backup))
    assert "备份完好" in capsys.readouterr().out
    _restore(backup, target_url, tmp_path)
    assert "恢复完成" in capsys.readouterr().out


def _tamper_file(backup: Path) -> list[str]:
    evidence = EvidenceItem.objects.get().file.name
    (backup / "files" / evidence).write_bytes(b"%PDF-1.7 forged")
    return [evidence, "SHA-256与清单不符"]


def _remove_file(backup: Path) -> list[str]:
    pdf = Document.objects.get().pdf.name
    (backup / "files" / pdf).unlink()
    return [pdf, "缺失"]


def _tamper_dump(backup: Path) -> list[str]:
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    dump = backup / manifest["database"]["path"]
    data = bytearray(dump.read_bytes())
    data[-100] ^= 0xFF
    dump.write_bytes(bytes(data))
    return ["数据库导出文件"]


def test_a_tampered_file_a_missing_file_or_a_tampered_dump_is_named_and_nothing_is_restored(
    dataset, target_url, tmp_path, capsys
):
    # One dataset and one backup, copied for each damage (each transactional test costs a full flush).
    backup = _backup(tmp_path)
    for damage in (_tamper_file, _remove_file, _tamper_dump):
        damaged = tmp_path / f"damaged-{damage.__name__}"
        shutil.copytree(backup, damaged)
        names = damage(damaged)
        with pytest.raises(CommandError):
            call_command("backup", "--verify", str(damaged))
        assert names[0] in capsys.readouterr().err
        _assert_refused(capsys, damaged, target_url, tmp_path, *names)


def test_a_file_the_database_refers_to_but_the_storage_lacks_fails_the_backup(dataset, tmp_path, settings, capsys):
    evidence = EvidenceItem.objects.get().file.name
    FileSystemStorage(location=settings.MEDIA_ROOT).delete(evidence)
    with pytest.raises(CommandError, match="缺失"):
        call_command("backup", str(tmp_path / "backup"))
    assert evidence in capsys.readouterr().err
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["missing"] == [evidence]
