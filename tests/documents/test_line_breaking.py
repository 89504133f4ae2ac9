"""避头尾: no rendered line may begin with closing punctuation."""

import io

from pypdf import PdfReader

from documents import layout

CLOSING = "，。、；：？！）》」"


def test_lines_never_start_with_closing_punctuation_even_in_runs():
    # Every break position gets a closing mark (and runs of two or three of them) in turn.
    text = "".join(f"依据《城市道路管理条例》{'条' * i}）》，。" for i in range(40))
    for width in (200, 233.3, 300, 401, 443):
        lines = layout.kinsoku_lines(text, 16, width, 32)
        assert "".join(lines) == text
        assert all(line and line[0] not in CLOSING for line in lines[1:]), lines


def test_lines_fit_the_width_and_do_not_end_with_opening_punctuation():
    text = "当事人（陈某）在《人民路》" * 30
    for line in layout.kinsoku_lines(text, 16, 300):
        assert layout.pdfmetrics.stringWidth(line, layout.FONT, 16) <= 300
        assert line[-1] not in "（《"


def test_rendered_pdf_lines_do_not_begin_with_closing_punctuation():
    body = "\n".join(
        f"第{i}段：经查，当事人于2026年3月{i}日在人民路（东段）擅自占用道路经营，违反了《城市道路管理条例》第二十七条、第{i}条"
        "的规定；依据《城市道路管理条例》第四十二条，责令改正！是否改正？已改正。" * 2
        for i in range(1, 12)
    )
    blocks = layout.parse_blocks(body, [], {})
    pdf, pages = layout.render_pdf(
        blocks, layout.Page("城关镇人民政府", "测试文书", "", "城关镇人民政府", "2026年3月20日")
    )
    assert pages >= 2
    reader = PdfReader(io.BytesIO(pdf))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines() if line.strip()]
    assert len(lines) > 40
    offenders = [line for line in lines if line[0] in CLOSING]
    assert offenders == []
