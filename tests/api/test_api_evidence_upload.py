"""Evidence uploads (multipart): checked for size and content before anything is stored."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casemgmt.cases import models as m
from tests import builders as b
from tests import filesamples
from tests.api.conftest import action_url, snapshot, stored_files

PDF = filesamples.pdf("licence")


def body(world, upload):
    return {
        "evidence_type": "documentary",
        "title": "营业执照复印件",
        "collected_at": "2026-03-04T10:30:00+08:00",
        "place": "人民路",
        "collected_by": [world.officer.pk, world.colleague.pk],
        "file": upload,
    }


@pytest.mark.django_db
def test_a_pdf_is_stored_with_its_sha256(world, client_for, media_root):
    case = b.filed(world)
    response = client_for(world.officer).post(
        action_url(case, "add_evidence"),
        body(world, SimpleUploadedFile("执照.pdf", PDF, "application/pdf")),
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    item = m.EvidenceItem.objects.get(pk=response.json()["created"]["id"])
    assert item.sha256 == hashlib.sha256(PDF).hexdigest()
    assert item.content_type == "application/pdf"
    assert set(item.collected_by.all()) == {world.officer, world.colleague}
    assert [p.read_bytes() for p in stored_files(media_root)] == [PDF]


@pytest.mark.django_db
def test_an_oversized_upload_is_a_400_and_stores_no_file(world, client_for, media_root, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    case = b.filed(world)
    before = snapshot(case)
    response = client_for(world.officer).post(
        action_url(case, "add_evidence"),
        body(world, SimpleUploadedFile("执照.pdf", PDF, "application/pdf")),
        format="multipart",
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert snapshot(case) == before
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("现场.jpg", b"this is not a jpeg at all"),  # extension says JPEG, content is text
        ("现场.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50),  # a PNG named .pdf
        ("脚本.exe", b"MZ" + b"0" * 50),  # a type that is not evidence
    ],
)
@pytest.mark.django_db
def test_a_mislabelled_upload_is_a_400_and_stores_no_file(world, client_for, media_root, name, content):
    case = b.filed(world)
    before = snapshot(case)
    response = client_for(world.officer).post(
        action_url(case, "add_evidence"),
        body(world, SimpleUploadedFile(name, content, "image/jpeg")),
        format="multipart",
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert snapshot(case) == before
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_outsider_upload_gets_404_and_stores_no_file(world, client_for, media_root):
    case = b.filed(world)
    response = client_for(world.outsider).post(
        action_url(case, "add_evidence"),
        body(world, SimpleUploadedFile("执照.pdf", PDF, "application/pdf")),
        format="multipart",
    )
    assert response.status_code == 404
    assert stored_files(media_root) == []
