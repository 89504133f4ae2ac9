"""Archiving records the act at once; the case-file PDF follows in the job ``archive.assemble_case_file``, built
without the case's row lock, shown as 案卷生成中 meanwhile, idempotent, and refused from altered files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from casemgmt.archive import assembly
from casemgmt.archive.models import ArchiveRecord
from casemgmt.archive.services import archive_case, case_file_rebuild, unarchive_case
from casemgmt.cases import models as m
from casemgmt.jobs import JobBusy
from casemgmt.jobs.models import Job, JobState
from documents import casefile
from documents.models import CaseFile
from tests.archive.conftest import closed_case

ON = dt.date(2026, 4, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def closed(world):
    return closed_case(world)


def actions(case) -> list[str]:
    return list(case.events.order_by("seq").values_list("action", flat=True))


@pytest.mark.django_db
def test_archiving_records_the_act_and_leaves_the_pdf_to_a_job(world, closed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = archive_case(case=closed, actor=world.head.user, on=ON)
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.ARCHIVED and actions(closed)[-1] == "archive"
    assert not record.has_case_file and not CaseFile.objects.filter(case=closed).exists()
    job = record.case_file_job
    assert (job.kind, job.state, job.lock_key, job.started_by) == (
        assembly.JOB_KIND,
        JobState.QUEUED,
        f"casefile:{closed.pk}",
        world.head.user,
    )
    status = assembly.case_file_status(record)
    assert (status.state, status.message) == ("pending", "案卷生成中，完成后即可查看和下载")
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    record.refresh_from_db()
    assert job.state == JobState.DONE and job.result["built"] is True
    assert (job.progress_done, job.progress_total) == (job.progress_total, record.case_file_documents)
    stored = CaseFile.objects.get(case=closed)
    assert (record.case_file_sha256, record.case_file_name) == (stored.sha256, stored.pdf.name)
    assert actions(closed)[-2:] == ["archive", "case_file_build"]
    event = closed.events.get(action="case_file_build")
    assert event.payload == {"case_file": stored.pk, "sha256": stored.sha256}
    assert assembly.case_file_status(record).state == "ready"


@pytest.mark.django_db
def test_while_the_pdf_is_built_the_record_and_the_downloads_say_so(world, closed, client):
    archive_case(case=closed, actor=world.head.user, on=ON)  # the job stays queued: nothing commits in this test
    client.force_login(world.officer.user)
    page = client.get(reverse("archive:record", args=[closed.pk])).content.decode()
    assert 'data-state="pending"' in page and "案卷生成中" in page and 'class="job-progress"' in page
    pdf = client.get(reverse("archive:case_file", args=[closed.pk]))
    assert pdf.status_code == 409 and "案卷生成中" in pdf.content.decode()
    api = client.get(f"/api/archive/cases/{closed.pk}/case-file.pdf")
    assert api.status_code == 409 and api.json()["errors"][0]["rule"] == "CASE_FILE_PENDING"
    record = client.get(f"/api/archive/cases/{closed.pk}/").json()
    assert record["case_file_state"] == "pending" and record["case_file"] is None and record["case_file_job"]
    client.force_login(world.outsider.user)
    assert client.get(reverse("archive:case_file", args=[closed.pk])).status_code == 404


@pytest.mark.django_db
def test_the_finished_case_file_is_downloaded_verified(world, closed, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = archive_case(case=closed, actor=world.head.user, on=ON)
    record.refresh_from_db()
    client.force_login(world.officer.user)
    pdf = client.get(reverse("archive:case_file", args=[closed.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    api = client.get(f"/api/archive/cases/{closed.pk}/case-file.pdf")
    assert api.status_code == 200
    assert client.get(f"/api/archive/cases/{closed.pk}/").json()["case_file"]["sha256"] == record.case_file_sha256
    with open(default_storage.path(record.case_file_name), "ab") as fh:
        fh.write(b"%% appended")
    pdf = client.get(reverse("archive:case_file", args=[closed.pk]))
    assert pdf.status_code == 409 and "文件内容与登记的SHA-256不符" in pdf.content.decode()


@pytest.mark.django_db
def test_running_the_job_again_changes_nothing(world, closed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = archive_case(case=closed, actor=world.head.user, on=ON)
    record.refresh_from_db()
    again = assembly.assemble_record_case_file(case_id=closed.pk, officer_id=world.head.pk)
    assert again["built"] and again["sha256"] == record.case_file_sha256
    assert CaseFile.objects.filter(case=closed).count() == 1
    assert actions(closed).count("case_file_build") == 1
    with pytest.raises(Exception, match="案卷已生成"):
        case_file_rebuild(case=closed, actor=world.head.user)


@pytest.mark.django_db
def test_a_case_withdrawn_before_the_job_runs_gets_no_case_file(world, closed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = archive_case(case=closed, actor=world.head.user, on=ON)
    unarchive_case(case=closed, actor=world.head.user, reason="补正送达回证")
    for callback in callbacks:
        callback()
    job = Job.objects.get(pk=record.case_file_job.pk)
    assert job.state == JobState.DONE and job.result == {
        "built": False,
        "message": "案件未归档或已撤销归档，未生成案卷",
    }
    assert not CaseFile.objects.filter(case=closed).exists()
    assert "case_file_build" not in actions(closed)


@pytest.mark.django_db
def test_a_case_rearchived_during_assembly_is_rebuilt_for_the_new_archiving(world, closed, monkeypatch):
    """The case changes while its PDF is assembled (withdrawn and archived again): the first assembly is not
    recorded, the file is built again from the case as it is now."""
    archive_case(case=closed, actor=world.head.user, on=ON)
    real = casefile.assemble
    calls = []

    def assemble(case, **kw):
        calls.append(case.version)
        if len(calls) == 1:
            unarchive_case(case=closed, actor=world.head.user, reason="补正")
            archive_case(case=closed, actor=world.head.user, on=ON)
        return real(case, **kw)

    monkeypatch.setattr(casefile, "assemble", assemble)
    result = assembly.assemble_record_case_file(case_id=closed.pk, officer_id=world.head.pk)
    closed.refresh_from_db()
    assert result["built"] and len(calls) == 2 and calls[1] == closed.version
    assert CaseFile.objects.filter(case=closed).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_assembled_outside_any_transaction_so_no_row_lock_is_held(world, monkeypatch):
    closed = closed_case(world)
    real = casefile.assemble
    seen = []

    def assemble(case, **kw):
        seen.append(connection.in_atomic_block)
        return real(case, **kw)

    monkeypatch.setattr(casefile, "assemble", assemble)
    record = archive_case(case=closed, actor=world.head.user, on=ON)  # commits; the job runs after ("sync")
    record.refresh_from_db()
    assert seen == [False] and record.has_case_file
    assert Job.objects.get(kind=assembly.JOB_KIND).state == JobState.DONE


@pytest.mark.django_db
def test_an_altered_document_fails_the_job_with_the_reason_and_a_rebuild_succeeds_once_restored(
    world, closed, client, django_capture_on_commit_callbacks
):
    doc = closed.documents.filter(status="issued").order_by("id").first()
    path = default_storage.path(doc.pdf.name)
    with open(path, "rb") as fh:
        original = fh.read()
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.7\n altered")
    with django_capture_on_commit_callbacks(execute=True):
        record = archive_case(case=closed, actor=world.head.user, on=ON)
    job = Job.objects.get(pk=record.case_file_job.pk)
    assert job.state == JobState.FAILED and "的文件内容与登记的SHA-256不符" in job.reason and str(doc) in job.reason
    record.refresh_from_db()
    assert not record.has_case_file and not CaseFile.objects.filter(case=closed).exists()
    client.force_login(world.head.user)
    page = client.get(reverse("archive:record", args=[closed.pk])).content.decode()
    assert "案卷生成失败" in page and 'value="case_file"' in page

    with open(path, "wb") as fh:
        fh.write(original)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:archive_action", args=[closed.pk]), {"action": "case_file"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.has_case_file
    call_command("verify_case_log", closed.number)  # the chain and every recorded file verify


@pytest.mark.django_db
def test_a_rebuild_is_refused_while_the_job_runs_and_for_officers(world, closed):
    archive_case(case=closed, actor=world.head.user, on=ON)  # job queued (live)
    with pytest.raises(JobBusy, match="生成案卷"):
        case_file_rebuild(case=closed, actor=world.head.user)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        case_file_rebuild(case=closed, actor=world.officer.user)
    assert ArchiveRecord.objects.get(case=closed).case_file_sha256 == ""
