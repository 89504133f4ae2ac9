"""Backup and restore: the database, every stored file and the event-log anchor file, with a manifest of hashes.

A backup is a folder (or a ``.tar`` of one) holding ``database.dump`` (``pg_dump -Fc``) or ``database.sqlite3``
(SQLite's online backup API, consistent while the app runs), ``files/<storage name>`` for every object in the file
storage (local folder or S3 bucket, read through the storage API), ``eventlog-anchors.jsonl`` and
``manifest.json``: the SHA-256 and size of each of them. The database is dumped first and the files copied after,
so every file the dump refers to is in the backup (a file stored meanwhile is copied too, as an orphan).

A restore checks the whole manifest, and that the target database and file storage are empty (unless forced),
before it touches anything, then restores the database, the files and the anchor file, and has ``verify_case_log``
re-check every case's event chain and every recorded file's hash in a fresh process that reads the restored system
exactly as the app will: the restored database and the very storage (folder, or bucket and key prefix) the files
were written to.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connections, models
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.module_loading import import_string

from casemgmt.files.config import s3_environment

try:
    from botocore.exceptions import BotoCoreError, ClientError

    _S3_ERRORS: tuple[type[Exception], ...] = (BotoCoreError, ClientError)
except ImportError:  # pragma: no cover - boto3 is a requirement; without it there is no S3 storage either
    _S3_ERRORS = ()

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES_DIR = "files"
ANCHOR_NAME = "eventlog-anchors.jsonl"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
CHUNK_BYTES = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese and names what is wrong."""


@dataclass
class Verification:
    """The result of checking a backup against its manifest: ``problems`` names each bad or missing entry."""

    manifest: dict
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _quiet(_message: str) -> None:
    pass


def sha256_of(fh: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: fh.read(CHUNK_BYTES), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _sha256_path(path: Path) -> tuple[str, int]:
    with open(path, "rb") as fh:
        return sha256_of(fh)


def _engine(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"不支持备份该数据库类型：{engine}（仅支持PostgreSQL和SQLite）")


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL client tools; the password goes in PGPASSWORD, never on the
    command line (where ``ps`` would show it)."""
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args + ["--no-password"], env


def _run(cmd: list[str], env: dict, what: str) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)  # noqa: S603 - our own argument list
    if result.returncode:
        raise BackupError(f"{what}失败（{cmd[0]} 退出码{result.returncode}）：{result.stderr.strip()[:2000]}")


def _app_version() -> str:
    """The git commit of the running code when it is a checkout (``APP_VERSION`` wins when set)."""
    if settings.APP_VERSION:
        return settings.APP_VERSION
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, optional
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


# --- what the database refers to ------------------------------------------------------------------------------------


def referenced_file_names() -> set[str]:
    """Every storage name held in a ``FileField`` of any model (history tables included)."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for attname in fields:
            values = model._default_manager.exclude(**{attname: ""}).exclude(**{f"{attname}__isnull": True})
            names.update(values.values_list(attname, flat=True).distinct().iterator())
    return names


def stored_file_names(storage: Storage) -> Iterator[str]:
    """Every object in ``storage`` (folders walked through ``listdir``, which both the local and the S3 backend
    implement)."""
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in sorted(files):
            yield f"{folder}/{name}" if folder else name
        for name in sorted(dirs, reverse=True):
            pending.append(f"{folder}/{name}" if folder else name)


# --- backup -----------------------------------------------------------------------------------------------------


def _dump_database(settings_dict: dict, connection, target: Path) -> str:
    engine = _engine(settings_dict)
    if engine == "postgresql":
        args, env = _pg_args(settings_dict)
        _run(["pg_dump", "-Fc", "-f", str(target), *args, str(settings_dict["NAME"])], env, "导出数据库")
        return engine
    # The online backup API copies a consistent snapshot while other connections keep writing.
    connection.ensure_connection()
    with sqlite3.connect(target) as dest:
        connection.connection.backup(dest)
    dest.close()
    return engine


def backup_create(*, destination: Path, storage: Storage | None = None, progress: Progress = _quiet) -> dict:
    """Write a backup to ``destination`` (a new folder, or a ``.tar`` file) and return its manifest.

    Files the database refers to but the storage lacks are listed in the manifest's ``missing``; the caller
    reports them."""
    storage = storage or default_storage
    destination = Path(destination)
    if destination.exists() and (destination.is_file() or any(destination.iterdir())):
        raise BackupError(f"备份位置已存在且不为空：{destination}。请指定新的目录或文件名，避免覆盖旧备份。")
    as_tar = destination.suffix == ".tar"
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="casemgmt-backup-", dir=destination.parent)) if as_tar else destination
    work.mkdir(parents=True, exist_ok=True)
    try:
        connection = connections["default"]
        settings_dict = connection.settings_dict
        dump_name = PG_DUMP if _engine(settings_dict) == "postgresql" else SQLITE_DUMP
        progress(f"正在导出数据库（{_engine(settings_dict)}）…")
        engine = _dump_database(settings_dict, connection, work / dump_name)
        dump_sha, dump_size = _sha256_path(work / dump_name)
        referenced = referenced_file_names()
        progress(f"数据库已导出（{dump_size}字节），数据库登记了{len(referenced)}个文件；正在复制文件…")

        files: list[dict] = []
        copied: set[str] = set()
        for name in stored_file_names(storage):
            target = work / FILES_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            with storage.open(name, "rb") as src, open(target, "wb") as out:
                for chunk in iter(lambda src=src: src.read(CHUNK_BYTES), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            files.append({"path": name, "size": size, "sha256": digest.hexdigest(), "referenced": name in referenced})
            copied.add(name)
            if len(files) % 100 == 0:
                progress(f"已复制{len(files)}个文件…")
        missing = sorted(referenced - copied)

        anchor = None
        anchor_path = Path(settings.EVENTLOG_ANCHOR_FILE)
        if anchor_path.exists():
            shutil.copyfile(anchor_path, work / ANCHOR_NAME)
            sha, size = _sha256_path(work / ANCHOR_NAME)
            anchor = {"path": ANCHOR_NAME, "size": size, "sha256": sha}

        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.localtime().isoformat(),
            "app_version": _app_version(),
            "database": {"engine": engine, "path": dump_name, "size": dump_size, "sha256": dump_sha},
            "anchor_file": anchor,
            "files": files,
            "orphans": sorted(f["path"] for f in files if not f["referenced"]),
            "missing": missing,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        if as_tar:
            progress(f"正在打包为 {destination.name}…")
            with tarfile.open(destination, "w") as tar:
                for path in sorted(work.rglob("*")):
                    tar.add(path, arcname=str(path.relative_to(work)), recursive=False)
        progress(f"备份完成：数据库、{len(files)}个文件" + ("和锚点文件" if anchor else "（没有锚点文件）"))
        return manifest
    finally:
        if as_tar:
            shutil.rmtree(work, ignore_errors=True)


# --- reading a backup -------------------------------------------------------------------------------------------


class _Opened:
    """A backup folder, or a ``.tar`` unpacked into a private temporary folder for the time of the ``with``."""

    def __init__(self, source: Path):
        self.source = Path(source)
        self._tmp: str | None = None

    def __enter__(self) -> Path:
        if self.source.is_dir():
            return self.source
        if not self.source.is_file():
            raise BackupError(f"找不到备份：{self.source}")
        if not tarfile.is_tarfile(self.source):
            raise BackupError(f"不是备份目录或.tar备份文件：{self.source}")
        self._tmp = tempfile.mkdtemp(prefix="casemgmt-restore-")
        with tarfile.open(self.source) as tar:
            tar.extractall(self._tmp, filter="data")  # refuses absolute paths and ``..`` members
        return Path(self._tmp)

    def __exit__(self, *exc) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)


def _inside(root: Path, relative: str) -> Path | None:
    path = (root / relative).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def _check_entry(root: Path, relative: str, sha256: str, size: int, label: str, problems: list[str]) -> None:
    path = _inside(root, relative)
    if path is None:
        problems.append(f"{label}的路径越出备份目录：{relative}")
    elif not path.is_file():
        problems.append(f"{label}缺失：{relative}")
    else:
        actual, actual_size = _sha256_path(path)
        if actual != sha256 or actual_size != size:
            problems.append(
                f"{label}的SHA-256与清单不符（已被改动或损坏）：{relative}（清单{sha256[:12]}…，实际{actual[:12]}…）"
            )


def verify_backup_dir(root: Path, progress: Progress = _quiet) -> Verification:
    """Every entry of the manifest against the bytes in the backup, and no file in the backup that the manifest
    does not list."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Verification({}, [f"备份中没有清单文件{MANIFEST}"])
    except (ValueError, UnicodeDecodeError):
        return Verification({}, [f"清单文件{MANIFEST}无法解析"])
    if manifest.get("format") != FORMAT_VERSION:
        return Verification(manifest, [f"不支持的备份格式版本：{manifest.get('format')!r}（本程序为{FORMAT_VERSION}）"])
    problems: list[str] = []
    db = manifest["database"]
    progress("正在校验数据库导出文件…")
    _check_entry(root, db["path"], db["sha256"], db["size"], "数据库导出文件", problems)
    if manifest.get("anchor_file"):
        a = manifest["anchor_file"]
        _check_entry(root, a["path"], a["sha256"], a["size"], "锚点文件", problems)
    listed = set()
    for i, entry in enumerate(manifest["files"], 1):
        listed.add(entry["path"])
        _check_entry(root, f"{FILES_DIR}/{entry['path']}", entry["sha256"], entry["size"], "文件", problems)
        if i % 100 == 0:
            progress(f"已校验{i}/{len(manifest['files'])}个文件…")
    files_root = root / FILES_DIR
    if files_root.is_dir():
        for path in sorted(files_root.rglob("*")):
            if path.is_file() and path.relative_to(files_root).as_posix() not in listed:
                problems.append(f"备份中有清单未列出的文件：{FILES_DIR}/{path.relative_to(files_root).as_posix()}")
    return Verification(manifest, problems)


def backup_verify(*, source: Path, progress: Progress = _quiet) -> Verification:
    with _Opened(source) as root:
        return verify_backup_dir(root, progress)


# --- restore ----------------------------------------------------------------------------------------------------


def target_settings(database_url: str | None) -> dict:
    """The settings of the database to restore into: ``database_url`` when given, else the app's own."""
    base = dict(connections["default"].settings_dict)
    if not database_url:
        return base
    parsed = dj_database_url.parse(database_url)
    base.update({k: parsed.get(k, "") for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")})
    base["OPTIONS"] = parsed.get("OPTIONS", {})
    base["TEST"] = {}
    return base


def target_table_count(settings_dict: dict) -> int:
    """How many tables the target database holds (0: empty, safe to restore into)."""
    if _engine(settings_dict) == "sqlite" and not Path(settings_dict["NAME"]).exists():
        return 0
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "restore_target")
    try:
        with wrapper.cursor() as cursor:
            return len(wrapper.introspection.table_names(cursor))
    finally:
        wrapper.close()


def _restore_database(root: Path, manifest: dict, settings_dict: dict) -> None:
    engine = _engine(settings_dict)
    if engine != manifest["database"]["engine"]:
        raise BackupError(f"备份的数据库类型为{manifest['database']['engine']}，目标数据库为{engine}，不能恢复。")
    dump = root / manifest["database"]["path"]
    if engine == "postgresql":
        args, env = _pg_args(settings_dict)
        cmd = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
        _run([*cmd, *args, "-d", str(settings_dict["NAME"]), str(dump)], env, "恢复数据库")
        return
    target = Path(settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    # The backup API in reverse replaces the whole target database in one step (its WAL included).
    with sqlite3.connect(dump) as src, sqlite3.connect(target) as dest:
        src.backup(dest)
    src.close()
    dest.close()


def _first_stored_file(storage: Storage) -> str | None:
    try:
        return next(stored_file_names(storage), None)
    except (OSError, *_S3_ERRORS) as exc:  # an unreachable or missing bucket, a folder that cannot be read
        raise BackupError(f"无法读取目标文件存储，未做任何恢复：{exc}") from None


def _restore_files(root: Path, manifest: dict, storage: Storage, progress: Progress) -> None:
    total = len(manifest["files"])
    for i, entry in enumerate(manifest["files"], 1):
        name = entry["path"]
        if storage.exists(name):
            storage.delete(name)  # a local storage would otherwise save under another name
        with open(root / FILES_DIR / name, "rb") as fh:
            saved = storage.save(name, File(fh, name=name))
        if saved != name:
            raise BackupError(f"文件恢复后的存储名与备份不符：{name} → {saved}")
        if i % 100 == 0 or i == total:
            progress(f"已恢复{i}/{total}个文件…")


S3_BACKEND = "storages.backends.s3.S3Storage"


@dataclass
class FileTarget:
    """Where a restore writes the files: the storage, and the variables that make the verifying process read that
    same storage whatever its own environment says."""

    storage: Storage
    env: dict[str, str]
    label: str


def file_target(*, media_root: Path | None = None, s3_bucket: str | None = None, s3_prefix: str | None = None):
    """The app's own file storage; or the local folder ``media_root``; or, for a restore drill on S3, the
    configured bucket's connection with ``s3_bucket`` and/or ``s3_prefix`` in place of its bucket and key prefix."""
    if media_root is not None:
        if s3_bucket is not None or s3_prefix is not None:
            raise BackupError("--media-root 与 --s3-bucket / --s3-prefix 不能同时使用")
        location = Path(media_root)
        return FileTarget(
            FileSystemStorage(location=location), {"FILE_STORAGE": "local", "MEDIA_ROOT": str(location)}, str(location)
        )
    config = settings.STORAGES["default"]
    if config["BACKEND"] != S3_BACKEND:
        if s3_bucket is not None or s3_prefix is not None:
            raise BackupError("本系统的文件存储不是S3（FILE_STORAGE=s3），不能用 --s3-bucket / --s3-prefix 恢复")
        return FileTarget(
            default_storage, {"FILE_STORAGE": "local", "MEDIA_ROOT": str(settings.MEDIA_ROOT)}, str(settings.MEDIA_ROOT)
        )
    options = dict(config.get("OPTIONS", {}))
    if s3_bucket is None and s3_prefix is None:
        storage = default_storage
    else:
        options["bucket_name"] = s3_bucket or options["bucket_name"]
        options["location"] = (options.get("location") or "") if s3_prefix is None else s3_prefix.strip("/")
        storage = import_string(S3_BACKEND)(**options)
    prefix = options.get("location") or ""
    return FileTarget(storage, s3_environment(options), f"s3://{options['bucket_name']}/{prefix}")


def verify_restored(*, database_url: str | None, files: FileTarget, anchor_file: Path) -> tuple[int, str]:
    """Run ``verify_case_log`` on the restored system in a fresh process, which reads it exactly as the app will
    after a restart: the restored database, the storage the files were written to, the anchor file. Its exit status
    and output. Without ``database_url`` the process uses the app's own."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    env["EVENTLOG_ANCHOR_FILE"] = str(anchor_file)
    env.update(files.env)
    result = subprocess.run(
        [sys.executable, "-m", "django", "verify_case_log"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


@dataclass
class RestoreResult:
    manifest: dict
    verify_status: int
    verify_output: str


def backup_restore(
    *,
    source: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    s3_bucket: str | None = None,
    s3_prefix: str | None = None,
    anchor_file: Path | None = None,
    force: bool = False,
    progress: Progress = _quiet,
) -> RestoreResult:
    """Restore ``source`` into the app's database and storage, or into the database at ``database_url``, the
    local folder ``media_root`` or another bucket / key prefix of the S3 storage, and the file ``anchor_file``
    (a restore drill into scratch places).

    Nothing is touched unless every hash in the manifest matches and the target database and file storage are
    empty (or ``force``)."""
    settings_dict = target_settings(database_url)
    target = file_target(media_root=media_root, s3_bucket=s3_bucket, s3_prefix=s3_prefix)
    storage = target.storage
    anchor_target = Path(anchor_file or settings.EVENTLOG_ANCHOR_FILE)
    with _Opened(source) as root:
        progress("正在校验备份清单中的每个哈希…")
        checked = verify_backup_dir(root, progress)
        if not checked.ok:
            raise BackupError("备份校验未通过，未做任何恢复：\n" + "\n".join(f"  - {p}" for p in checked.problems))
        manifest = checked.manifest
        tables = target_table_count(settings_dict)
        if tables and not force:
            raise BackupError(
                f"目标数据库{settings_dict['NAME']}不为空（已有{tables}张表），未做任何恢复。"
                "确认要覆盖其中的数据时，加 --force 重新执行。"
            )
        present = _first_stored_file(storage)
        if present is not None and not force:
            raise BackupError(
                f"目标文件存储{target.label}不为空（已有文件，如{present}），未做任何恢复。"
                "确认要覆盖其中的文件时，加 --force 重新执行。"
            )
        progress(f"正在恢复数据库到{settings_dict['NAME']}…")
        _restore_database(root, manifest, settings_dict)
        progress("正在恢复文件…")
        _restore_files(root, manifest, storage, progress)
        if manifest.get("anchor_file"):
            anchor_target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / manifest["anchor_file"]["path"], anchor_target)
    progress("正在校验每个案件的操作记录哈希链和文件…")
    status, output = verify_restored(database_url=database_url, files=target, anchor_file=anchor_target)
    return RestoreResult(manifest, status, output)
