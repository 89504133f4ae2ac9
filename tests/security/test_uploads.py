"""Uploads (issue 15 point 4): typed by content, size- and pixel-limited, stored under a generated name with the
original name kept, PDFs cleaned of active content; free texts limited with a Chinese message."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from casemgmt.cases import models as m
from tests import builders as b
from tests import filesamples as f
from tests.api.conftest import TODAY, action_url, snapshot, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    import time_machine

    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def body(world, upload, **extra):
    return {
        "evidence_type": "documentary",
        "title": "营业执照复印件",
        "collected_at": "2026-03-04T10:30:00+08:00",
        "place": "人民路",
        "collected_by": [world.officer.pk, world.colleague.pk],
        "file": upload,
        **extra,
    }


def upload(world, client_for, case, name: str, data: bytes, content_type: str = "application/pdf"):
    return client_for(world.officer).post(
        action_url(case, "add_evidence"),
        body(world, SimpleUploadedFile(name, data, content_type)),
        format="multipart",
    )


def refused(response) -> str:
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["file"]
    return errors[0]["message"]


# --- by content, not by name ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("执照.pdf", f.exe(), "Windows可执行程序"),
        ("现场.jpg", f.html(), "网页（HTML）"),
        ("图.png", f.svg(), "SVG图像"),
        ("照片.jpg", b"PK\x03\x04" + b"\x00" * 60, "损坏的ZIP压缩包"),
    ],
)
def test_a_disguised_file_is_refused_by_its_content_and_nothing_is_stored(
    world, client_for, media_root, name, data, what
):
    case = b.filed(world)
    before = snapshot(case)
    message = refused(upload(world, client_for, case, name, data))
    assert what in message
    assert snapshot(case) == before and stored_files(media_root) == []


def test_a_refusal_names_the_content_and_the_allowed_formats(world, client_for):
    message = refused(upload(world, client_for, b.filed(world), "执照.pdf", f.exe()))
    assert message.startswith("文件内容为Windows可执行程序，不是允许的证据格式（PDF、JPG、PNG")
    assert "<" not in message and "exe" not in message.lower()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("执照.pdf", f.pdf_html_polyglot()),  # a PDF's first bytes, a web page's body
        ("照片.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"),  # a PNG's signature, a web page
    ],
)
def test_a_polyglot_is_refused(world, client_for, media_root, name, data):
    case = b.filed(world)
    refused(upload(world, client_for, case, name, data))
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("执照.pdf", f.pdf(), "application/pdf"),
        ("现场.jpg", f.jpeg(), "image/jpeg"),
        ("现场.png", f.png(), "image/png"),
        ("IMG_0001.HEIC", f.heic(), "image/heic"),
        ("电子发票.ofd", f.ofd(), "application/ofd"),
        ("执法记录.mp4", f.mp4(), "video/mp4"),
        ("IMG_0002.MOV", f.mov(), "video/quicktime"),
        ("录音.amr", f.amr(), "audio/amr"),
        ("录音.mp3", f.mp3(), "audio/mpeg"),
        ("录音.wav", f.wav(), "audio/wav"),
        ("情况说明.docx", f.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("清单.xlsx", f.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("照片.pdf", f.png(), "image/png"),  # a real PNG misnamed: its content decides
    ],
)
def test_each_allowed_format_is_accepted_by_its_content(world, client_for, media_root, name, data, mime):
    response = upload(world, client_for, b.filed(world), name, data)
    assert response.status_code == 200, response.json()
    item = m.EvidenceItem.objects.get(pk=response.json()["created"]["id"])
    assert item.content_type == mime
    assert item.original_name == name
    assert item.file.name.endswith(m.EvidenceItem.objects.get(pk=item.pk).file.name.rsplit(".", 1)[-1])
    assert len(stored_files(media_root)) == 1


def test_each_kind_has_its_size_limit_below_the_overall_cap(world, client_for, media_root, settings):
    settings.EVIDENCE_IMAGE_MAX_BYTES = 100
    case = b.filed(world)
    message = refused(upload(world, client_for, case, "现场.png", f.image("PNG", (64, 64))))
    assert "PNG文件不能超过" in message
    response = upload(world, client_for, case, "执照.pdf", f.pdf())  # a document's limit is another
    assert response.status_code == 200


def test_a_zip_bomb_is_refused_from_its_central_directory(world, client_for, media_root, settings):
    settings.EVIDENCE_ZIP_MAX_UNPACKED_BYTES = 4 * 1024 * 1024
    case = b.filed(world)
    message = refused(upload(world, client_for, case, "情况说明.docx", f.zip_bomb(8 * 1024 * 1024)))
    assert "疑似压缩炸弹" in message
    assert stored_files(media_root) == []


def test_a_plain_zip_or_a_zip_named_docx_is_refused(world, client_for):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("run.bat", b"format c:")
    assert "ZIP压缩包" in refused(upload(world, client_for, b.filed(world), "情况说明.docx", buffer.getvalue()))


# --- names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "关于某某公司违法建设的现场照片及其说明" * 5 + ".pdf",  # 95 characters: gave a 500 (file name too long)
        ("证" * 251) + ".pdf",  # 255 characters
        "../../etc/passwd.pdf",
        "..\\..\\windows\\执照.pdf",
        "CON.pdf",
        "evil\u202efdp.exe",
        "a\x00b\x1f.pdf",
    ],
)
def test_an_odd_or_long_name_is_kept_and_the_file_stored_under_a_safe_name(world, client_for, media_root, name):
    case = b.filed(world)
    response = upload(world, client_for, case, name, f.pdf())
    assert response.status_code == 200, response.content
    item = m.EvidenceItem.objects.get(pk=response.json()["created"]["id"])
    stored = item.file.name.rsplit("/", 1)[-1]
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored)
    assert item.original_name and not any(ch in item.original_name for ch in "\u202e\x00\x1f")
    if name.isprintable() and "/" not in name and "\\" not in name:
        assert item.original_name == name
    [path] = stored_files(media_root)
    assert path.resolve().is_relative_to(media_root.resolve())
    page = client_for(world.officer).get(reverse("web:evidence_file", args=[case.pk, item.pk]))
    assert page.status_code == 200
    assert "filename*=utf-8''" in page["Content-Disposition"] or item.original_name in page["Content-Disposition"]


def test_the_download_sends_the_original_chinese_name_rfc5987_encoded(world, client_for):
    from urllib.parse import quote

    case = b.filed(world)
    name = "关于某某公司违法建设的现场照片及其说明" * 5 + ".pdf"
    item = m.EvidenceItem.objects.get(pk=upload(world, client_for, case, name, f.pdf()).json()["created"]["id"])
    page = client_for(world.officer).get(reverse("web:evidence_file", args=[case.pk, item.pk]))
    assert page["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_a_name_longer_than_255_characters_is_refused_in_chinese():
    from casemgmt.files.uploads import UploadRefused, check_upload

    data = f.pdf()
    with pytest.raises(UploadRefused, match="文件名不能超过255个字"):
        check_upload(io.BytesIO(data), name="证" * 300 + ".pdf", size=len(data))


# --- PDFs with active content -----------------------------------------------------------------------------------


def test_a_pdf_is_stored_without_javascript_launch_actions_and_embedded_files(world, client_for, media_root):
    import hashlib

    active = f.pdf_with_active_content()
    assert all(marker in active for marker in (b"/JavaScript", b"/Launch", b"/EmbeddedFiles"))
    case = b.filed(world)
    response = upload(world, client_for, case, "执照.pdf", active)
    assert response.status_code == 200, response.content
    item = m.EvidenceItem.objects.get(pk=response.json()["created"]["id"])
    [path] = stored_files(media_root)
    stored = path.read_bytes()
    assert not any(marker in stored for marker in f.ACTIVE_PDF_MARKERS)
    assert len(PdfReader(io.BytesIO(stored)).pages) == 1
    assert item.sha256 == hashlib.sha256(stored).hexdigest()
    assert item.original_sha256 == hashlib.sha256(active).hexdigest()
    for part in ("JavaScript脚本", "启动外部程序的动作", "嵌入文件", "自动触发动作"):
        assert part in item.sanitized_note
    detail = client_for(world.officer).get(reverse("api:case-detail", kwargs={"pk": case.pk})).json()
    assert "JavaScript脚本" in str(detail)


def test_a_clean_pdf_is_stored_unchanged(world, client_for, media_root):
    data = f.pdf()
    item_id = upload(world, client_for, b.filed(world), "执照.pdf", data).json()["created"]["id"]
    item = m.EvidenceItem.objects.get(pk=item_id)
    assert [p.read_bytes() for p in stored_files(media_root)] == [data]
    assert item.sanitized_note == "" and item.original_sha256 == item.sha256


def test_the_case_file_carries_no_javascript_from_an_evidence_pdf(world, client_for):
    from documents.casefile import assemble

    case = b.filed(world)
    assert upload(world, client_for, case, "执照.pdf", f.pdf_with_active_content()).status_code == 200
    data, _ = assemble(case)
    assert not any(marker in data for marker in (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFiles"))


# --- images ------------------------------------------------------------------------------------------------------


def test_a_pixel_bomb_is_refused_from_its_header_before_decoding(world, client_for, media_root, monkeypatch):
    from PIL import ImageFile

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    case = b.filed(world)
    message = refused(upload(world, client_for, case, "现场.png", f.png_claiming(50_000, 50_000), "image/png"))
    assert "图片尺寸过大" in message
    assert stored_files(media_root) == []


def test_an_image_above_the_upload_pixel_limit_is_refused(world, client_for, settings):
    settings.EVIDENCE_IMAGE_MAX_PIXELS = 1000
    message = refused(upload(world, client_for, b.filed(world), "现场.jpg", f.image("JPEG", (40, 40)), "image/jpeg"))
    assert "40×40像素" in message


# --- signed receipts ---------------------------------------------------------------------------------------------


def test_a_signed_receipt_is_typed_by_content_and_cleaned(sealed_case_document):
    from casemgmt.cases.services.base import InputError
    from documents import services as ds

    world, doc = sealed_case_document
    with pytest.raises(InputError, match="文件内容为Windows可执行程序"):
        ds.document_attach_scan(document=doc, actor=world.officer.user, data=f.exe(), filename="回证.pdf")
    doc = ds.document_attach_scan(
        document=doc, actor=world.officer.user, data=f.pdf_with_active_content(), filename="回证.pdf"
    )
    stored = doc.scan.open("rb").read()
    assert not any(marker in stored for marker in f.ACTIVE_PDF_MARKERS)


@pytest.fixture
def sealed_case_document(world):
    from tests.documents.support import CORRECTION, issue

    for unit in (world.township, world.county_dept, world.other_township):
        unit.seal_name = unit.name
        unit.address = f"{unit.name}办公楼"
        unit.save()
    case = b.filed(world)
    return world, issue(world, case, "zlgz_tzs", CORRECTION)


# --- free-text limits --------------------------------------------------------------------------------------------

CLUE = {
    "procedure": m.ProcedureType.ORDINARY,
    "source": m.ClueSource.COMPLAINT,
    "discovered_on": "2026-03-02",
    "cause": "噪声扰民",
}


def test_an_overlong_clue_summary_is_refused_through_the_api(world, client_for):
    response = client_for(world.officer).post(
        reverse("api:clue-register"),
        {**CLUE, "handling_unit": world.brigade.pk, "summary": "噪" * 5001},
        format="json",
    )
    assert response.status_code == 400
    assert "线索内容不能超过5000个字" in str(response.json())
    assert not m.Case.objects.exists()


def test_an_overlong_clue_summary_is_refused_through_the_form(world, client):
    client.force_login(world.officer.user)
    response = client.post(reverse("web:clue_new"), {**CLUE, "handling_unit": world.brigade.pk, "summary": "噪" * 5001})
    assert response.status_code == 200
    assert "线索内容不能超过5000个字" in response.content.decode()
    assert not m.Case.objects.exists()


def test_a_clue_summary_at_the_limit_is_accepted(world, client_for):
    response = client_for(world.officer).post(
        reverse("api:clue-register"),
        {**CLUE, "handling_unit": world.brigade.pk, "summary": "噪" * 5000},
        format="json",
    )
    assert response.status_code in (200, 201), response.json()


def test_an_overlong_evidence_description_is_refused_and_nothing_saved(world, client_for, media_root):
    case = b.filed(world)
    before = snapshot(case)
    response = client_for(world.officer).post(
        action_url(case, "add_evidence"),
        body(world, SimpleUploadedFile("执照.pdf", f.pdf(), "application/pdf"), description="证" * 5001),
        format="multipart",
    )
    assert response.status_code == 400
    assert "不能超过5000个字" in str(response.json())
    assert snapshot(case) == before and stored_files(media_root) == []


def test_an_overlong_document_text_is_refused_and_the_draft_unchanged(world):
    from casemgmt.cases.services.base import InputError
    from documents import services as ds
    from tests.documents.support import CORRECTION

    case = b.filed(world)
    doc = ds.document_draft(case=case, actor=world.officer.user, type_code="zlgz_tzs", values=CORRECTION)
    with pytest.raises(InputError, match="文书内容不能超过20000个字"):
        ds.document_update(document=doc, actor=world.officer.user, values={"facts": "事" * 20001})
    doc.refresh_from_db()
    assert doc.values.get("facts", "") != "事" * 20001


def test_a_pdf_stored_before_cleaning_enters_the_case_file_without_javascript(world):
    from documents.casefile import assemble
    from tests.documents.test_case_file import evidence

    case = b.filed(world)
    active = f.pdf_with_active_content()
    evidence(case, world.officer.user, "旧证据", active, "application/pdf", "old.pdf")
    data, _ = assemble(case)
    assert len(PdfReader(io.BytesIO(data)).pages) > 1
    assert not any(marker in data for marker in (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFiles"))
