"""Template text → blocks → PDF (reportlab, embedded CJK TrueType font) or HTML preview.

Layout after GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; issuing body and title centred,
文号 under the title, body in 三号 (16 pt) with a two-character first-line indent, signature and seal block at
the right, page numbers "— n —" in 四号 at the bottom (odd pages right, even pages left).

Chinese line breaking (避头尾): no line may begin with closing punctuation. reportlab's CJK wrapper misses the
full-width comma, colon, semicolon, question and exclamation marks and 》, and hangs only one mark, so lines are
broken here (:func:`kinsoku_lines`) and handed to reportlab already broken. Runs that are read as one item are
never broken (:data:`UNBREAKABLE`): a 文号 (城关综执罚〔2026〕12号), an amount with its unit (12345.67元), and any
run of digits and Latin letters (dates, identity numbers, credit codes, phone numbers) — unless one is longer than
a whole line.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.conf import settings
from django.template import Context, Engine
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from documents import qrmask

FONT = "CJK"
# Closing punctuation that may not begin a line, and opening punctuation that may not end one.
NO_LINE_START = "，。、；：？！）》」』】〕〉”’．,.;:?!)]%·…—"
NO_LINE_END = "（《「『【〔〈“‘([￥$"

# Runs kept on one line: a 文号 (up to 8 characters of 代字, 〔year〕, number, 号), then amounts, percentages and
# any run of ASCII digits/letters with the separators inside numbers, dates and times (12,345.67 2026-03-12 10:30).
UNBREAKABLE = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{0,8}[〔［\[][0-9]{4}[〕］\]]第?[0-9]+号"
    r"|[0-9A-Za-z]+(?:[.,:/\-][0-9A-Za-z]+)*(?:万元|元|％|%|‰)?"
)

BODY_SIZE = 16  # 三号
TABLE_SIZE = 12  # 小四
TITLE_SIZE = 22  # 二号
PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
LABEL_W = 42 * mm
FRAME_PAD = 6
LINE_SEP = "\u2028"

_render_lock = threading.Lock()

DEBIAN_FONT_PATHS = (
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


def font_path() -> str | None:
    """``DOCUMENT_FONT_PATH`` when set, else the first known Debian CJK TrueType font that exists."""
    import os

    configured = getattr(settings, "DOCUMENT_FONT_PATH", "")
    if configured:
        return configured if os.path.isfile(configured) else None
    return next((p for p in DEBIAN_FONT_PATHS if os.path.isfile(p)), None)


@functools.cache
def register_font() -> str:
    path = font_path()
    if path is None:
        raise RuntimeError("找不到中文 TrueType 字体：请安装 fonts-arphic-uming 或设置 DOCUMENT_FONT_PATH")
    # subfontIndex 0 of uming.ttc is "AR PL UMing CN"; the font is embedded as a subset.
    pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
    return FONT


# --- line breaking --------------------------------------------------------------------------------------------


def kinsoku_lines(text: str, size: float, width: float, first_indent: float = 0) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (the first ``first_indent`` narrower) so that no line
    begins with closing punctuation and none ends with opening punctuation (the preceding character moves down
    with the punctuation instead)."""
    register_font()
    lines: list[str] = []
    for hard in text.split(LINE_SEP):
        chars = list(hard)
        # inside[i]: a break before character i would split an unbreakable run
        inside = [False] * (len(chars) + 1)
        for run in UNBREAKABLE.finditer(hard):
            for i in range(run.start() + 1, run.end()):
                inside[i] = True
        start = 0
        avail = width - (first_indent if not lines else 0)
        if not chars:
            lines.append("")
            continue
        while start < len(chars):
            used = 0.0
            end = start
            while end < len(chars):
                w = pdfmetrics.stringWidth(chars[end], FONT, size)
                if used + w > avail - 0.5 and end > start:
                    break
                used += w
                end += 1
            if end < len(chars):
                # Pull characters down while the break would split a run, the next line would start with closing
                # punctuation, or this one would end with opening punctuation; keep at least one character on the
                # line. A run longer than the line is broken where it overflows (punctuation rules still hold).
                fits = end
                end = _break_back(chars, inside, start, fits, keep_runs=True)
                if end - start <= 1 and inside[end]:
                    end = _break_back(chars, inside, start, fits, keep_runs=False)
            lines.append("".join(chars[start:end]))
            start = end
            avail = width
    return lines


def _break_back(chars: list[str], inside: list[bool], start: int, end: int, *, keep_runs: bool) -> int:
    while end - start > 1 and (
        (keep_runs and inside[end]) or chars[end] in NO_LINE_START or chars[end - 1] in NO_LINE_END
    ):
        end -= 1
    return end


# --- blocks ---------------------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # para, flush, heading, right, row, seal
    text: str = ""
    label: str = ""
    cells: list[str] = field(default_factory=list)


def render_text(body: str, values: dict) -> str:
    """Render a template body with the document's values (plain text, no HTML escaping)."""
    engine = Engine(debug=False, autoescape=False)
    flat = {
        k: (str(v).replace("\r\n", "\n").replace("\n", LINE_SEP) if isinstance(v, str) else v)
        for k, v in values.items()
    }
    return engine.from_string(body).render(Context(flat, autoescape=False))


def parse_blocks(text: str, fields: list[dict], values: dict) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "@fields":
            for f in fields:
                value = str(values.get(f["key"], "") or "").replace("\n", LINE_SEP)
                blocks.append(Block("row", label=f["label"], text=value))
        elif line == "@seal":
            blocks.append(Block("seal"))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|", 1)]
            blocks.append(Block("row", label=cells[0], text=cells[1] if len(cells) > 1 else ""))
        elif line[:2] == "= ":
            blocks.append(Block("heading", line[2:].strip()))
        elif line[:2] == "> ":
            blocks.append(Block("right", line[2:].strip()))
        elif line[:2] == "~ ":
            blocks.append(Block("flush", line[2:].strip()))
        else:
            blocks.append(Block("para", line))
    return blocks


@dataclass
class Page:
    """Everything printed on a document besides its body."""

    subject_name: str
    title: str
    number: str
    seal_name: str
    date_text: str
    verify_url: str = ""
    verify_code: str = ""
    draft: bool = False
    # The watermark of an unissued rendering (the draft PDF, or the preview of submitted values before 签发).
    draft_mark: str = "草稿 未签发"


# --- PDF ------------------------------------------------------------------------------------------------------


def _style(name: str, size: float, align=TA_LEFT, leading: float | None = None, indent: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=FONT, fontSize=size, leading=leading or size * 1.75, alignment=align, firstLineIndent=indent
    )


def _para(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    lines = kinsoku_lines(text, style.fontSize, width, style.firstLineIndent)
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def _flowables(blocks: list[Block], page: Page) -> list:
    body = _style("body", BODY_SIZE, indent=2 * BODY_SIZE)
    flush = _style("flush", BODY_SIZE)
    right = _style("right", BODY_SIZE, TA_RIGHT)
    centre = _style("centre", BODY_SIZE + 2, TA_CENTER)
    cell = _style("cell", TABLE_SIZE, leading=TABLE_SIZE * 1.5)
    story: list = [
        _para(page.subject_name, _style("subject", TITLE_SIZE, TA_CENTER, TITLE_SIZE * 1.5), TEXT_W),
        _para(page.title, _style("title", TITLE_SIZE, TA_CENTER, TITLE_SIZE * 1.5), TEXT_W),
    ]
    if page.number:
        story += [Spacer(1, 4 * mm), _para(page.number, _style("number", BODY_SIZE, TA_CENTER), TEXT_W)]
    story.append(Spacer(1, 8 * mm))
    rows: list = []

    def flush_rows():
        if rows:
            table = Table(list(rows), colWidths=[LABEL_W, TEXT_W - LABEL_W])
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                    ]
                )
            )
            story.extend([table, Spacer(1, 4 * mm)])
            rows.clear()

    inner = TEXT_W - LABEL_W - 12
    for block in blocks:
        if block.kind == "row":
            rows.append([_para(block.label, cell, LABEL_W - 12), _para(block.text or "　", cell, inner)])
            continue
        flush_rows()
        if block.kind == "para":
            story.append(_para(block.text, body, TEXT_W))
        elif block.kind == "flush":
            story.append(_para(block.text, flush, TEXT_W))
        elif block.kind == "right":
            story.append(_para(block.text, right, TEXT_W))
        elif block.kind == "heading":
            story += [Spacer(1, 3 * mm), _para(block.text, centre, TEXT_W)]
        elif block.kind == "seal":
            story += [
                Spacer(1, 14 * mm),
                _para(f"{page.seal_name or page.subject_name}（印章）", right, TEXT_W),
                _para(page.date_text, right, TEXT_W),
            ]
    flush_rows()
    return story


QR_BORDER = 4  # quiet zone, in modules (ISO/IEC 18004)


@functools.lru_cache(maxsize=256)
def qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``text`` (error correction M) as its module count and the dark runs (row, column, length).
    The symbol is reportlab's, module for module; only its mask choice is computed faster (``qrmask``)."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qrmask.make(qr)
    runs = []
    for r, row in enumerate(qr.modules):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return qr.getModuleCount(), tuple(runs)


def draw_qr(canvas, text: str, x: float, y: float, side: float) -> None:
    """Draw the QR code of ``text`` in a ``side`` square at (x, y) as one filled path of its dark runs: the same
    modules reportlab's QR widget draws, without building a shape per module."""
    count, runs = qr_runs(text)
    box = side / (count + 2 * QR_BORDER)
    path = canvas.beginPath()
    for r, c, n in runs:
        path.rect(x + (c + QR_BORDER) * box, y + side - (r + QR_BORDER + 1) * box, n * box, box)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _decorate(page: Page):
    def on_page(canvas, doc):
        canvas.saveState()
        n = canvas.getPageNumber()
        canvas.setFont(FONT, 14)
        label = f"— {n} —"
        if n % 2:
            canvas.drawRightString(PAGE_W - MARGIN_RIGHT - 7 * mm, MARGIN_BOTTOM - 14 * mm, label)
        else:
            canvas.drawString(MARGIN_LEFT + 7 * mm, MARGIN_BOTTOM - 14 * mm, label)
        if page.draft:
            canvas.setFont(FONT, 60)
            canvas.setFillColor(colors.Color(0.8, 0.8, 0.8, alpha=0.5))
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, page.draft_mark)
        elif n == 1 and page.verify_url:
            side = 22 * mm
            draw_qr(canvas, page.verify_url, PAGE_W - MARGIN_RIGHT - side, PAGE_H - 8 * mm - side, side)
            canvas.setFont(FONT, 8)
            canvas.drawRightString(PAGE_W - MARGIN_RIGHT, PAGE_H - 11 * mm - side, f"验证码 {page.verify_code}")
        canvas.restoreState()

    return on_page


def render_pdf(blocks: list[Block], page: Page) -> tuple[bytes, int]:
    """The PDF bytes and the page count. Deterministic for the same input (no dates in the PDF's metadata)."""
    register_font()
    buffer = io.BytesIO()
    with _render_lock:  # reportlab keeps module-level state; one document at a time per process
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            # The frame pads 6 pt on every side: the margins give it back so the text block is the 版心.
            topMargin=MARGIN_TOP - FRAME_PAD,
            bottomMargin=MARGIN_BOTTOM - FRAME_PAD,
            leftMargin=MARGIN_LEFT - FRAME_PAD,
            rightMargin=MARGIN_RIGHT - FRAME_PAD,
            title=f"{page.title} {page.number}".strip(),
            author=page.subject_name,
            creator="casemgmt",
            invariant=1,
        )
        decorate = _decorate(page)
        doc.build(_flowables(blocks, page), onFirstPage=decorate, onLaterPages=decorate)
        pages = doc.page
    return buffer.getvalue(), pages


def plain_text(blocks: list[Block], page: Page) -> str:
    """The text a document's PDF shows, in reading order, one paragraph (or table cell) per line: what
    :func:`render_pdf` draws from the same blocks and frame, but the page numbers. Stored as the document's
    searchable text, so a phrase the PDF wraps onto the next line is still one phrase; no PDF is parsed."""
    lines = [page.subject_name, page.title, page.number]
    for block in blocks:
        if block.kind == "row":
            lines += [block.label, block.text]
        elif block.kind == "seal":
            lines += [f"{page.seal_name or page.subject_name}（印章）", page.date_text]
        else:
            lines.append(block.text)
    if page.draft:
        lines.append(page.draft_mark)
    elif page.verify_url:
        lines.append(f"验证码 {page.verify_code}")
    return "\n".join(line.replace(LINE_SEP, "\n") for line in lines if line) + "\n"


def render_html(blocks: list[Block]) -> list[dict]:
    """Blocks grouped for the HTML preview template: consecutive rows form one table."""
    out: list[dict] = []
    for block in blocks:
        lines = block.text.split(LINE_SEP)
        if block.kind == "row":
            if not out or out[-1]["kind"] != "table":
                out.append({"kind": "table", "rows": []})
            out[-1]["rows"].append({"label": block.label, "lines": lines})
        else:
            out.append({"kind": block.kind, "lines": lines})
    return out
