"""Files on S3-compatible object storage (a real moto S3 server over HTTP): issued PDFs, evidence and case files
are written to the bucket, downloaded through the access-checked views after their SHA-256 is verified, and
refused — with a Chinese message, logged — when the object in the bucket was altered."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from casemgmt.cases import hooks
from casemgmt.cases import services as s
from documents.models import CaseFile
from tests import builders as b
from tests import filesamples
from tests.documents.support import CORRECTION, issue
from tests.files.conftest import BUCKET, get_object, object_keys, overwrite_object

pytestmark = pytest.mark.django_db

PDF = filesamples.pdf("licence")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def issued(world):
    case = b.filed(world)
    return case, issue(world, case, "zlgz_tzs", CORRECTION)


def with_evidence(world, case=None, data: bytes = PDF, name: str = "执照.pdf"):
    case = case or b.filed(world)
    item = s.evidence_add(
        case=case,
        actor=world.officer.user,
        evidence_type="documentary",
        title="营业执照复印件",
        collected_at=b.at(dt.date(2026, 3, 4)),
        place="人民路",
        collected_by=[world.officer, world.colleague],
        upload=SimpleUploadedFile(name, data, "application/pdf"),
    )
    return case, item


def test_an_issued_document_is_stored_in_the_bucket_and_downloaded_verified(sealed, s3_storage, s3_client, client):
    case, doc = issued(sealed)
    key = f"{s3_storage}/{doc.pdf.name}"
    assert key in object_keys(s3_client, s3_storage)
    assert hashlib.sha256(get_object(s3_client, s3_storage, doc.pdf.name)).hexdigest() == doc.sha256
    client.force_login(sealed.officer.user)
    page = client.get(reverse("documents:pdf", args=[doc.pk]))
    assert page.status_code == 200 and page.streaming and page["Content-Type"] == "application/pdf"
    assert hashlib.sha256(body(page)).hexdigest() == doc.sha256
    api = client.get(f"/api/documents/{doc.pk}/pdf/")
    assert api.status_code == 200 and hashlib.sha256(body(api)).hexdigest() == doc.sha256
    client.force_login(sealed.outsider.user)
    assert client.get(reverse("documents:pdf", args=[doc.pk])).status_code == 404


def test_an_issued_document_altered_in_the_bucket_is_refused_and_logged(sealed, s3_storage, s3_client, client, caplog):
    case, doc = issued(sealed)
    overwrite_object(s3_client, s3_storage, doc.pdf.name, b"%PDF-1.7\n altered")
    client.force_login(sealed.officer.user)
    with caplog.at_level(logging.ERROR, logger="casemgmt.files"):
        page = client.get(reverse("documents:pdf", args=[doc.pk]))
    assert page.status_code == 409
    text = page.content.decode()
    assert "文件内容与登记的SHA-256不符" in text and "拒绝提供" in text and "altered" not in text
    assert any(doc.pdf.name in r.getMessage() for r in caplog.records)
    api = client.get(f"/api/documents/{doc.pk}/pdf/")
    assert api.status_code == 409
    [error] = api.json()["errors"]
    assert error["rule"] == "FILE_TAMPERED" and "SHA-256不符" in error["message"]


def test_uploaded_evidence_goes_to_the_bucket_and_is_downloaded_verified(world, s3_storage, s3_client, client):
    case, item = with_evidence(world)
    assert f"{s3_storage}/{item.file.name}" in object_keys(s3_client, s3_storage)
    client.force_login(world.colleague.user)
    page = client.get(reverse("web:evidence_file", args=[case.pk, item.pk]))
    assert page.status_code == 200 and page.streaming and body(page) == PDF
    assert "attachment" in page["Content-Disposition"]
    api = client.get(f"/api/cases/{case.pk}/evidence/{item.pk}/file/")
    assert api.status_code == 200 and body(api) == PDF
    client.force_login(world.outsider.user)
    assert client.get(reverse("web:evidence_file", args=[case.pk, item.pk])).status_code == 404
    assert client.get(f"/api/cases/{case.pk}/evidence/{item.pk}/file/").status_code == 404


def test_evidence_altered_or_removed_in_the_bucket_is_refused(world, s3_storage, s3_client, client):
    case, item = with_evidence(world)
    client.force_login(world.officer.user)
    overwrite_object(s3_client, s3_storage, item.file.name, b"%PDF-1.7\n forged licence")
    page = client.get(reverse("web:evidence_file", args=[case.pk, item.pk]))
    assert page.status_code == 409 and "证据“营业执照复印件”的文件内容与登记的SHA-256不符" in page.content.decode()
    assert client.get(f"/api/cases/{case.pk}/evidence/{item.pk}/file/").json()["errors"][0]["rule"] == "FILE_TAMPERED"
    s3_client.delete_object(Bucket=BUCKET, Key=f"{s3_storage}/{item.file.name}")
    page = client.get(reverse("web:evidence_file", args=[case.pk, item.pk]))
    assert page.status_code == 404 and "证据“营业执照复印件”的文件缺失" in page.content.decode()


def test_a_large_download_is_streamed_from_a_copy_on_local_disk(world, s3_storage, client):
    from casemgmt.files import open_verified

    big = filesamples.wav(bytes(range(256)) * (12 * 1024))  # 3 MB: above what is kept in memory
    case, item = with_evidence(world, data=big, name="big.wav")
    with open_verified(item.file.name, item.sha256) as fh:
        assert fh.file._rolled  # the verified copy spilled to a temporary file instead of memory
    client.force_login(world.officer.user)
    page = client.get(reverse("web:evidence_file", args=[case.pk, item.pk]))
    assert page.streaming and int(page["Content-Length"]) == len(big)
    chunks = list(page.streaming_content)
    assert len(chunks) > 1 and max(map(len, chunks)) < len(big) and b"".join(chunks) == big


def test_a_case_file_is_assembled_from_the_bucket_and_downloaded_verified(sealed, s3_storage, s3_client, client):
    case, doc = issued(sealed)
    with_evidence(sealed, case)
    info = hooks.build_case_file(case, actor=sealed.head)
    stored = CaseFile.objects.get(case=case)
    assert f"{s3_storage}/{stored.pdf.name}" in object_keys(s3_client, s3_storage)
    client.force_login(sealed.officer.user)
    page = client.get(reverse("documents:case_file_pdf", args=[stored.pk]))
    assert page.status_code == 200 and hashlib.sha256(body(page)).hexdigest() == info.sha256
    overwrite_object(s3_client, s3_storage, stored.pdf.name, b"%PDF-1.7\n other")
    page = client.get(reverse("documents:case_file_pdf", args=[stored.pk]))
    assert page.status_code == 409 and "案卷的文件内容与登记的SHA-256不符" in page.content.decode()


def test_an_altered_document_never_enters_a_case_file(sealed, s3_storage, s3_client):
    from casemgmt.files import FileTampered

    case, doc = issued(sealed)
    overwrite_object(s3_client, s3_storage, doc.pdf.name, b"%PDF-1.7\n altered")
    with pytest.raises(FileTampered, match="SHA-256不符"):
        hooks.build_case_file(case, actor=sealed.head)
    assert not CaseFile.objects.filter(case=case).exists()


def test_verify_case_log_reads_the_files_from_the_bucket(world, s3_storage, s3_client, capsys):
    case, item = with_evidence(world)
    call_command("verify_case_log", case.number)
    overwrite_object(s3_client, s3_storage, item.file.name, b"%PDF-1.7\n forged")
    with pytest.raises(CommandError):
        call_command("verify_case_log", case.number)
    assert "证据“营业执照复印件”的文件内容与记录的SHA-256不符" in capsys.readouterr().err


def test_an_archived_case_file_is_built_into_the_bucket_and_downloaded(
    world, s3_storage, s3_client, client, django_capture_on_commit_callbacks
):
    from casemgmt.archive.services import archive_case
    from tests.archive.conftest import closed_case

    case = closed_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        record = archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2))
    record.refresh_from_db()
    assert record.has_case_file and f"{s3_storage}/{record.case_file_name}" in object_keys(s3_client, s3_storage)
    client.force_login(world.officer.user)
    pdf = client.get(reverse("archive:case_file", args=[case.pk]))
    assert pdf.status_code == 200 and hashlib.sha256(body(pdf)).hexdigest() == record.case_file_sha256
    overwrite_object(s3_client, s3_storage, record.case_file_name, b"%PDF-1.7\n swapped")
    pdf = client.get(reverse("archive:case_file", args=[case.pk]))
    assert (
        pdf.status_code == 409 and f"案卷{record.archive_number}的文件内容与登记的SHA-256不符" in pdf.content.decode()
    )
