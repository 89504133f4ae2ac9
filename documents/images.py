"""Images (evidence photos, scanned receipts) as case-file pages, decoded within a bounded size.

A PNG of 12000×12000 pixels is a few kilobytes on disk and 400 MB once decoded (it took 60 s and 1.5 GB in
case-file assembly). The dimensions are in the file's header: they are read first, and an image above
``settings.CASEFILE_IMAGE_MAX_PIXELS`` is refused before its pixels are decoded. A JPEG is decoded at a reduced
scale straight from its compressed data (``Image.draft``), so a large photo costs what its page needs. Every
image is then reduced to page resolution (``PAGE_LONG_SIDE`` pixels, about 300 dpi on the A4 page) before it goes
into the PDF.
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings

PAGE_LONG_SIDE = 2400


class ImageRefused(Exception):
    """An image that cannot become a page; the message (Chinese) says why."""


def _limit() -> int:
    return int(settings.CASEFILE_IMAGE_MAX_PIXELS)


def _too_large(width: int, height: int) -> ImageRefused:
    limit = _limit()
    return ImageRefused(f"图片尺寸过大（{width}×{height}像素，超过{limit // 10000}万像素的上限）")


def page_image(data: bytes):
    """The image in ``data`` decoded and reduced to page resolution (a Pillow image, RGB or greyscale).

    Raises ``ImageRefused`` for an image above the pixel limit (checked from the header, before decoding) and for
    a file Pillow cannot decode."""
    from PIL import Image

    with warnings.catch_warnings():
        # Our own limit is checked below; Pillow's warning (above ~89 megapixels) would only repeat it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            raise ImageRefused(f"图片尺寸过大（超过{_limit() // 10000}万像素的上限）") from None
        except Exception:  # noqa: BLE001 — anything Pillow cannot identify is the same answer
            raise ImageRefused("图片文件已损坏，无法读取") from None
    width, height = img.size
    if img.format == "JPEG":
        # The JPEG decoder scales by 1/2, 1/4 or 1/8 while decoding: only as many pixels as the page needs.
        k = min(1.0, PAGE_LONG_SIDE / max(width, height, 1))
        img.draft(
            "RGB" if img.mode not in ("L", "RGB") else img.mode, (max(1, int(width * k)), max(1, int(height * k)))
        )
    if img.size[0] * img.size[1] > _limit():
        img.close()
        raise _too_large(width, height)
    try:
        img.load()
    except Exception:  # noqa: BLE001 — truncated or corrupt data
        img.close()
        raise ImageRefused("图片文件已损坏，无法读取") from None
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    img.thumbnail((PAGE_LONG_SIDE, PAGE_LONG_SIDE))
    return img


def page_image_bytes(data: bytes) -> bytes:
    """``data`` ready to embed: the original file when it is already within page resolution, else the reduced
    image as a JPEG (reportlab embeds JPEG data as it is)."""
    from PIL import Image

    img = page_image(data)
    with Image.open(io.BytesIO(data)) as original:
        unchanged = original.size == img.size
    if unchanged:
        return data
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=90, optimize=True)
    return out.getvalue()
