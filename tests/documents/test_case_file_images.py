"""Images in the case file are decoded within a bounded size: the pixel count is read from the header first; an
image above the limit is refused with a note in the 备考表 (its original kept with its SHA-256), a JPEG is decoded
at a reduced scale, and every image is reduced to page resolution."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile

from casemgmt.cases import models as m
from casemgmt.cases.services import InputError
from documents import images
from documents import services as ds
from documents.casefile import collect
from documents.images import PAGE_LONG_SIDE, ImageRefused, page_image, page_image_bytes
from tests import builders as b
from tests.documents.support import issue
from tests.documents.test_case_file import evidence


def huge_png(width: int = 12000, height: int = 12000) -> bytes:
    """A 1-bit white PNG of ``width``×``height``: a few kilobytes on disk, ~144 megapixels once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def image(fmt: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 200).save(out, format=fmt)
    return out.getvalue()


def test_a_12000_by_12000_png_is_refused_from_its_header_with_a_note_in_the_case_file(sealed, monkeypatch):
    data = huge_png()
    assert len(data) < 100_000
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self.size))
    case = b.served(sealed)
    item = evidence(case, sealed.head.user, "现场全景照片", data, "image/png", "panorama.png")
    assembly = collect(case)
    assert decoded == []  # nothing was decoded
    assert not [p for p in assembly.parts if p.kind == "evidence"]
    [note] = [n for n in assembly.notes if "现场全景照片" in n]
    assert "图片尺寸过大（12000×12000像素，超过4000万像素的上限）" in note and item.sha256 in note


def test_a_signed_receipt_scan_above_the_limit_is_refused_at_upload(sealed):
    case = b.served(sealed)
    doc = issue(sealed, case, "la_spb")
    with pytest.raises(InputError, match="图片尺寸过大"):
        ds.document_attach_scan(document=doc, actor=sealed.officer.user, data=huge_png(), filename="scan.png")
    doc.refresh_from_db()
    assert not doc.scan


def test_the_limit_is_a_setting_and_a_png_just_within_it_becomes_a_page(settings):
    settings.CASEFILE_IMAGE_MAX_PIXELS = 600 * 400
    assert page_image(image("PNG", (600, 400))).size == (600, 400)
    with pytest.raises(ImageRefused, match="601×400"):
        page_image(image("PNG", (601, 400)))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_instead_of_refused(settings, monkeypatch):
    monkeypatch.setattr(images, "PAGE_LONG_SIDE", 300)
    settings.CASEFILE_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ImageRefused):
        page_image(image("PNG", (3000, 2000)))  # 6 megapixels: a PNG has no reduced-scale decoding
    assert page_image(image("JPEG", (3000, 2000))).size == (300, 200)  # decoded at 1/8, then reduced


def test_images_are_reduced_to_page_resolution_and_small_ones_kept_as_they_are():
    large = image("PNG", (PAGE_LONG_SIDE * 2, 1000))
    reduced = page_image_bytes(large)
    with Image.open(io.BytesIO(reduced)) as img:
        assert img.format == "JPEG" and img.size == (PAGE_LONG_SIDE, 500)
    small = image("PNG", (40, 30))
    assert page_image_bytes(small) == small


def test_a_corrupt_image_is_a_note_not_a_failed_assembly(sealed):
    case = b.served(sealed)
    evidence(case, sealed.head.user, "损坏的照片", b"\x89PNG\r\n\x1a\n broken", "image/png", "broken.png")
    assembly = collect(case)
    assert any("损坏的照片" in n and "图片文件已损坏" in n for n in assembly.notes)
    assert m.EvidenceItem.objects.filter(case=case).count() == 1
