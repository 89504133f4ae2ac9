"""The case file (案卷PDF) of an archive record, assembled after the archiving act, in a background job.

Archiving itself (the legal gates, the archive number, retention, the texts, the case turning read-only) is one
short transaction. The PDF of a large file takes seconds to minutes, so it is built afterwards by the job
``archive.assemble_case_file`` (``casemgmt/archive/jobs.py``) without the case's row lock; until it is there the
record shows 案卷生成中 and its progress, and the download says so. Recording the finished file (the CaseFile row,
the 组卷 event with its SHA-256, the record's case-file columns) is again one short locked transaction.

Idempotent: a record that already has its case file is left alone; a case unarchived meanwhile gets none; a case
re-archived while its file was being built is rebuilt for the new archiving.
"""

from __future__ import annotations

from dataclasses import dataclass

from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.cases.services.base import ConflictError
from casemgmt.files import StoredFileError
from casemgmt.org.models import Officer

from .indexing import schedule_index
from .models import ArchiveRecord

JOB_KIND = "archive.assemble_case_file"
ATTEMPTS = 3  # a file re-archived during assembly is rebuilt; more changes than this in a row give up
PENDING, READY, FAILED, NONE = "pending", "ready", "failed", "none"


class CaseFileNotBuilt(Exception):
    """The case file could not be built (Chinese reason: a stored file missing or altered, or the case kept
    changing); the job fails with this message."""


def lock_key(case_id: int) -> str:
    return f"casefile:{case_id}"


def schedule_case_file(record: ArchiveRecord, *, officer: Officer, user):
    """Called in the archiving transaction: the job that builds the case file once it commits (None when no
    builder is installed or the task queue cannot be reached: the record then offers 重新生成案卷)."""
    if not hooks.has_case_file_builder():
        return None
    params = {"case_id": record.case_id, "officer_id": officer.pk if officer else None}
    from casemgmt.jobs import JobBusy, JobUnavailable, start_job

    try:
        return start_job(JOB_KIND, user=user, unit=record.case.handling_unit, **params)
    except JobBusy as busy:
        # A job of this case is still running (archived, withdrawn and archived again in quick succession): it
        # finds the case changed when it records its file, and rebuilds it for this archiving.
        return busy.job
    except JobUnavailable:
        # The archiving act stands; the record offers 重新生成案卷 once the task queue is back.
        return None


@dataclass(frozen=True)
class Status:
    """What the record page, the API and the download say about the case file."""

    state: str  # pending | ready | failed | none
    message: str
    job: object | None = None


def case_file_status(record: ArchiveRecord | None) -> Status:
    if record is None:
        return Status(NONE, "未归档")
    if record.has_case_file:
        return Status(READY, "")
    if record.note:  # no builder installed: archived without a PDF
        return Status(NONE, record.note)
    job = latest_job(record.case_id)
    if job is None:
        return Status(FAILED, "案卷尚未开始生成（后台任务服务当时无法连接），请重新生成")
    if job.state == "failed":
        return Status(FAILED, f"案卷生成失败：{job.reason}", job)
    if job.state == "done" and not record.withdrawn_at:
        return Status(FAILED, "案卷未生成（案件在组卷期间变更），请重新生成", job)
    return Status(PENDING, "案卷生成中，完成后即可查看和下载", job)


def latest_job(case_id: int):
    try:
        from casemgmt.jobs.models import Job
    except ImportError:  # pragma: no cover - the jobs app is installed
        return None
    return Job.objects.filter(kind=JOB_KIND, lock_key=lock_key(case_id)).order_by("-created_at", "-id").first()


def assemble_record_case_file(*, case_id: int, officer_id: int | None = None, progress=None) -> dict:
    """Build, store and record the case file of the archived case ``case_id``; the job's result."""
    officer = Officer.objects.select_related("user").filter(pk=officer_id).first() if officer_id else None
    for _ in range(ATTEMPTS):
        case = m.Case.objects.select_related("enforcement_subject", "handling_unit").get(pk=case_id)
        record = ArchiveRecord.objects.filter(case_id=case_id).first()
        if record is None or record.withdrawn_at is not None or case.status != m.CaseStatus.ARCHIVED:
            return {"built": False, "message": "案件未归档或已撤销归档，未生成案卷"}
        if record.has_case_file:
            return _result(record)
        try:
            hooks.build_case_file(
                case,
                actor=officer,
                retention_label=record.retention_label,
                archive_number=record.archive_number,
                progress=progress,
                expected_version=case.version,
                on_record=_attach_to_record,
            )
        except ConflictError:
            continue  # the case changed while the file was assembled: build it again from what is there now
        except StoredFileError as exc:
            raise CaseFileNotBuilt(str(exc)) from exc
        return _result(ArchiveRecord.objects.get(case_id=case_id))
    raise CaseFileNotBuilt("案件在组卷期间反复变更，未能生成案卷，请稍后重新生成")


def _attach_to_record(case: m.Case, info: hooks.CaseFileInfo) -> None:
    """In the recording transaction, case row locked: the record gets the file's name, hash and size."""
    record = ArchiveRecord.objects.select_for_update().get(case=case)
    if record.withdrawn_at is not None or case.status != m.CaseStatus.ARCHIVED:
        raise ConflictError("案件已撤销归档")
    record.case_file_name = info.storage_name
    record.case_file_sha256 = info.sha256
    record.case_file_pages = info.page_count
    record.case_file_documents = info.document_count
    record.note = ""
    record._change_reason = "组卷"
    record.save()
    schedule_index(case.pk)  # the search entry links the case file once it exists


def _result(record: ArchiveRecord) -> dict:
    from django.urls import reverse

    return {
        "built": True,
        "sha256": record.case_file_sha256,
        "pages": record.case_file_pages,
        "url": reverse("archive:record", args=[record.case_id]),
    }
