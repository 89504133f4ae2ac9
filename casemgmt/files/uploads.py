"""Uploaded files (evidence, signed receipts) checked by their content before anything is stored.

The name a phone or a browser gives a file says nothing about it: the kind is read from the bytes (``filetype``,
by magic numbers, plus a look into the central directory of ZIP-based formats), and only the formats township
officers' phones and offices produce are accepted. Each kind has its own size limit, checked before the file is
read whole. An image's dimensions are read from its header, never decoded, and a PDF is rewritten without its
JavaScript, launch actions and embedded files (what was removed is returned to be recorded). The original name is
kept for the record and the download; the file is stored under a generated name.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings

NAME_MAX = 255
HEAD_BYTES = 8192
CHUNK_BYTES = 1024 * 1024
ZIP_MAX_ENTRIES = 10_000


class UploadRefused(Exception):
    """An upload that is not accepted; the message is Chinese and says why."""


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    mime: str
    ext: str
    group: str  # image, document, audio, video: which size limit applies


KINDS = {
    k.code: k
    for k in (
        Kind("pdf", "PDF", "application/pdf", ".pdf", "document"),
        Kind("jpg", "JPG", "image/jpeg", ".jpg", "image"),
        Kind("png", "PNG", "image/png", ".png", "image"),
        Kind("heic", "HEIC", "image/heic", ".heic", "image"),
        Kind("ofd", "OFD", "application/ofd", ".ofd", "document"),
        Kind(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            "document",
        ),
        Kind("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "document"),
        Kind("mp4", "MP4", "video/mp4", ".mp4", "video"),
        Kind("mov", "MOV", "video/quicktime", ".mov", "video"),
        Kind("amr", "AMR", "audio/amr", ".amr", "audio"),
        Kind("mp3", "MP3", "audio/mpeg", ".mp3", "audio"),
        Kind("wav", "WAV", "audio/wav", ".wav", "audio"),
        # Plain UTF-8 text (a typed statement): kept for the records made before scans were the rule; never markup.
        Kind("txt", "TXT", "text/plain", ".txt", "document"),
    )
}
EVIDENCE_KINDS = tuple(KINDS)
PAGE_KINDS = ("pdf", "jpg", "png")  # what can become pages of the case file (signed receipts)

# filetype's answer -> our kind; anything else is named in the refusal.
_FILETYPE_KINDS = {
    "pdf": "pdf",
    "jpg": "jpg",
    "png": "png",
    "apng": "png",
    "heic": "heic",
    "mp4": "mp4",
    "m4v": "mp4",
    "mov": "mov",
    "amr": "amr",
    "mp3": "mp3",
    "wav": "wav",
}
_FOREIGN = {
    "exe": "Windows可执行程序",
    "elf": "Linux可执行程序",
    "zip": "ZIP压缩包",
    "rar": "RAR压缩包",
    "7z": "7z压缩包",
    "gz": "gzip压缩包",
    "gif": "GIF动画图片",
    "swf": "Flash程序",
    "doc": "旧版Word文档（.doc）",
    "xls": "旧版Excel表格（.xls）",
}


@dataclass
class Checked:
    """An accepted upload: what to store and what to record."""

    kind: Kind
    original_name: str
    size: int
    sha256: str  # of the stored bytes
    original_sha256: str  # of the bytes as uploaded (differs when the PDF was cleaned)
    data: bytes | None = None  # the bytes to store; None: store the upload itself (large media, unchanged)
    removed: list[str] = field(default_factory=list)  # parts removed from a PDF, in Chinese

    @property
    def stored_name(self) -> str:
        return f"{uuid.uuid4().hex}{self.kind.ext}"

    @property
    def note(self) -> str:
        return f"已移除：{'、'.join(self.removed)}" if self.removed else ""


def allowed_labels(kinds=EVIDENCE_KINDS) -> str:
    return "、".join(KINDS[k].label for k in kinds)


# --- names ---------------------------------------------------------------------------------------------------

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def clean_name(name: str) -> str:
    """The original name as recorded: in full, without characters that cannot be stored (NUL and other control
    characters) or that disguise it (right-to-left overrides). Longer than ``NAME_MAX`` is refused."""
    name = "".join(
        "_" if (unicodedata.category(ch) == "Cc" or ch in _BIDI) else ch for ch in unicodedata.normalize("NFC", name)
    ).strip()
    if len(name) > NAME_MAX:
        raise UploadRefused(f"文件名不能超过{NAME_MAX}个字（现有{len(name)}个字），请改短后重新上传")
    return name or "未命名文件"


# --- kinds ---------------------------------------------------------------------------------------------------


def _size_limit(kind: Kind) -> int:
    per_group = {
        "image": settings.EVIDENCE_IMAGE_MAX_BYTES,
        "document": settings.EVIDENCE_DOCUMENT_MAX_BYTES,
        "audio": settings.EVIDENCE_AUDIO_MAX_BYTES,
        "video": settings.EVIDENCE_VIDEO_MAX_BYTES,
    }[kind.group]
    return min(int(per_group), int(settings.EVIDENCE_MAX_BYTES))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g}MB"


def _describe_text(head: bytes) -> str | None:
    """What a file without a magic number is, when it is text: markup is named, plain UTF-8 text is ``txt``."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "SVG图像"
    if text.startswith((b"<!doctype", b"<html", b"<script", b"<head", b"<body", b"<?xml", b"<")):
        return "网页（HTML）" if b"<?xml" not in text[:6] else "XML文件"
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the head
            return None
    return "txt"


def _zip_kind(fh: IO[bytes]) -> str:
    """OFD, DOCX or XLSX from the ZIP's central directory (read without unpacking); a ZIP bomb is refused."""
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused("文件内容为损坏的ZIP压缩包，无法读取") from None
    if len(entries) > ZIP_MAX_ENTRIES:
        raise UploadRefused(f"压缩文件包含{len(entries)}个条目，超过{ZIP_MAX_ENTRIES}个的上限，疑似压缩炸弹，已拒收")
    unpacked = sum(e.file_size for e in entries)
    if unpacked > settings.EVIDENCE_ZIP_MAX_UNPACKED_BYTES:
        raise UploadRefused(
            f"文件解压后达{_mb(unpacked)}，超过{_mb(settings.EVIDENCE_ZIP_MAX_UNPACKED_BYTES)}的上限，疑似压缩炸弹，已拒收"
        )
    names = {e.filename for e in entries}
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "Office文档（非Word、Excel）"
    return "ZIP压缩包"


def detect(fh: IO[bytes]) -> str:
    """Our kind code for the file's content, or a Chinese description of what it is when that is not a kind."""
    fh.seek(0)
    head = fh.read(HEAD_BYTES)
    fh.seek(0)
    if not head:
        raise UploadRefused("文件为空")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fh)
    import filetype

    guess = filetype.guess(head)
    if guess is not None:
        if guess.extension in _FILETYPE_KINDS:
            return _FILETYPE_KINDS[guess.extension]
        return _FOREIGN.get(guess.extension, f"{guess.mime}文件")
    if head[4:8] == b"ftyp" and head[8:12] in (b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
        return "heic"
    if head.startswith(b"#!AMR"):
        return "amr"
    return _describe_text(head) or "无法识别的内容"


# --- content checks ------------------------------------------------------------------------------------------


def check_image_pixels(fh: IO[bytes]) -> None:
    """Refuse an image above ``EVIDENCE_IMAGE_MAX_PIXELS`` from its header (Pillow opens lazily: nothing decoded)."""
    from PIL import Image

    limit = int(settings.EVIDENCE_IMAGE_MAX_PIXELS)
    too_large = f"图片尺寸过大（超过{limit // 10000}万像素的上限），请压缩后重新上传"
    fh.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(fh) as img:
                width, height = img.size
        except Image.DecompressionBombError:
            raise UploadRefused(too_large) from None
        except Exception:  # noqa: BLE001 — anything Pillow cannot identify is the same answer
            raise UploadRefused("图片文件已损坏，无法读取") from None
    fh.seek(0)
    if width * height > limit:
        raise UploadRefused(f"图片尺寸过大（{width}×{height}像素，超过{limit // 10000}万像素的上限），请压缩后重新上传")


# Actions that run something or leave the document; a link to a page of the same file (/GoTo) or a URI stays.
_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript脚本",
    "/Launch": "启动外部程序的动作",
    "/ImportData": "导入数据的动作",
    "/SubmitForm": "提交表单的动作",
    "/RichMediaExecute": "多媒体执行动作",
    "/GoToE": "打开嵌入文件的动作",
    "/Rendition": "多媒体播放动作",
    "/Sound": "声音播放动作",
    "/Movie": "影片播放动作",
}
_ACTIVE_ANNOTATIONS = {
    "/FileAttachment": "附件注释（嵌入文件）",
    "/RichMedia": "多媒体注释",
    "/Movie": "影片注释",
    "/Screen": "多媒体屏幕注释",
    "/Sound": "声音注释",
}


def _action_findings(action, removed: set[str]) -> bool:
    """Whether an action (or one it chains to with /Next) is active; notes what it is."""
    from pypdf.generic import ArrayObject, DictionaryObject

    seen = 0
    stack = [action]
    active = False
    while stack and seen < 100:
        seen += 1
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, ArrayObject):
            stack.extend(item)
            continue
        if not isinstance(item, DictionaryObject):
            continue
        kind = item.get("/S")
        if kind in _ACTIVE_ACTIONS or "/JS" in item:
            removed.add(_ACTIVE_ACTIONS.get(kind, "JavaScript脚本"))
            active = True
        if "/Next" in item:
            stack.append(item["/Next"])
    return active


def _strip(obj, removed: set[str], seen: set[tuple[int, int]]) -> None:
    """Walk the object graph from the catalog, dropping additional actions (/AA), active actions (/A, /OpenAction)
    and active annotations wherever they are (pages, form fields, outlines, link annotations)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        if isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, DictionaryObject):
            if "/AA" in item:
                del item["/AA"]
                removed.add("自动触发动作（/AA）")
            for key in ("/A", "/OpenAction"):
                if key in item and _action_findings(item[key], removed):
                    del item[key]
            annots = item.get("/Annots")
            if annots is not None:
                annots = annots.get_object()
                keep = []
                for annot in annots:
                    subtype = annot.get_object().get("/Subtype")
                    if subtype in _ACTIVE_ANNOTATIONS:
                        removed.add(_ACTIVE_ANNOTATIONS[subtype])
                    else:
                        keep.append(annot)
                if len(keep) != len(annots):
                    item[NameObject("/Annots")] = ArrayObject(keep)
            for key, value in list(item.items()):
                if key not in ("/Parent", "/P", "/Contents", "/Resources"):
                    stack.append(value)


def clean_pdf(data: bytes) -> tuple[bytes, list[str]]:
    """The PDF without JavaScript, launch and other active actions, embedded files and XFA forms, and what was
    removed (Chinese). Unchanged bytes when there was nothing to remove. An unreadable PDF is refused."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRefused("PDF文件已加密，无法读取，请上传未加密的文件")
        if len(reader.pages) < 1:
            raise ValueError("no pages")
        reader.pages[0].get_contents()
        root = reader.trailer["/Root"].get_object()
        removed: set[str] = set()
        names = root.get("/Names")
        if names is not None:
            names = names.get_object()
            for key, label in (("/JavaScript", "JavaScript脚本"), ("/EmbeddedFiles", "嵌入文件")):
                if key in names:
                    del names[key]
                    removed.add(label)
        form = root.get("/AcroForm")
        if form is not None and "/XFA" in form.get_object():
            del form.get_object()["/XFA"]
            removed.add("XFA动态表单")
        _strip(root, removed, set())
        if not removed:
            return data, []
        writer = PdfWriter(clone_from=reader)  # clones what the catalog still reaches: the removed parts are gone
        root_out = writer._root_object
        if "/Names" in root_out and not root_out["/Names"].get_object():
            del root_out[NameObject("/Names")]
        out = io.BytesIO()
        writer.write(out)
    except UploadRefused:
        raise
    except Exception:  # noqa: BLE001 — any parse failure is the same answer: it cannot go into the case file
        raise UploadRefused("PDF文件已损坏或没有页面，无法读取，不能作为证据入卷") from None
    return out.getvalue(), sorted(removed)


# --- the whole check -----------------------------------------------------------------------------------------


def _sha256(fh: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fh.seek(0)
    for chunk in iter(lambda: fh.read(CHUNK_BYTES), b""):
        digest.update(chunk)
    fh.seek(0)
    return digest.hexdigest()


def check_upload(fh: IO[bytes], *, name: str, size: int, kinds=EVIDENCE_KINDS) -> Checked:
    """Check an uploaded file (a seekable binary file of ``size`` bytes) and return what to store.

    Raises ``UploadRefused`` with a Chinese message: not one of ``kinds`` by content, over its kind's size limit
    (checked before the file is read whole), a ZIP bomb, an image above the pixel limit, an unreadable PDF, a name
    longer than ``NAME_MAX``."""
    original_name = clean_name(name or "")
    if not size:
        raise UploadRefused("文件为空")
    cap = int(settings.EVIDENCE_MAX_BYTES)
    if size > cap:
        raise UploadRefused(f"文件超过{_mb(cap)}上限")
    found = detect(fh)
    if found not in kinds:
        what = KINDS[found].label + "文件" if found in KINDS else found
        raise UploadRefused(f"文件内容为{what}，不是允许的证据格式（{allowed_labels(kinds)}）")
    if found == "txt" and not original_name.lower().endswith(".txt"):
        # Text has no signature: only a file that says it is text is taken as text (a "photo" that is text is not).
        raise UploadRefused(f"文件内容为纯文本，与文件名不符，不是允许的证据格式（{allowed_labels(kinds)}）")
    kind = KINDS[found]
    limit = _size_limit(kind)
    if size > limit:
        raise UploadRefused(f"{kind.label}文件不能超过{_mb(limit)}（该文件{_mb(size)}）")
    if kind.code in ("jpg", "png"):
        check_image_pixels(fh)
    if kind.code == "txt":
        fh.seek(0)
        data = fh.read()
        fh.seek(0)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRefused("文本文件须为UTF-8编码") from None
        lowered = data.lower()
        if any(tag in lowered for tag in (b"<script", b"<html", b"<svg", b"<iframe", b"<object")):
            raise UploadRefused(f"文件内容为网页（HTML），不是允许的证据格式（{allowed_labels(kinds)}）")
    if kind.code == "pdf":
        fh.seek(0)
        original = fh.read()
        fh.seek(0)
        cleaned, removed = clean_pdf(original)
        return Checked(
            kind=kind,
            original_name=original_name,
            size=len(cleaned),
            sha256=hashlib.sha256(cleaned).hexdigest(),
            original_sha256=hashlib.sha256(original).hexdigest(),
            data=cleaned,
            removed=removed,
        )
    sha = _sha256(fh)
    return Checked(kind=kind, original_name=original_name, size=size, sha256=sha, original_sha256=sha)
