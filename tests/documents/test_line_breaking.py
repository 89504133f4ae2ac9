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


# --- runs kept on one line: 文号, amounts, digit runs -----------------------------------------------------------

FILLER = "经查当事人在人民路东段擅自占用道路摆摊经营影响通行违反城市道路管理条例规定"
AMOUNT = "12345.67元"
DOC_NUMBER = "城关综执罚〔2026〕12号"
CREDIT_CODE = "91350100M000100Y43"
ID_NUMBER = "11010519491231002X"


def _pdf_lines(paragraphs: list[str]) -> list[str]:
    """The lines of the issued PDF as a reader extracts them (spaces the extractor inserts removed)."""
    blocks = layout.parse_blocks("\n".join(paragraphs), [], {})
    pdf, _pages = layout.render_pdf(
        blocks, layout.Page("城关镇人民政府", "测试文书", "", "城关镇人民政府", "2026年3月20日")
    )
    reader = PdfReader(io.BytesIO(pdf))
    return ["".join(line.split()) for page in reader.pages for line in page.extract_text().splitlines()]


def _shifted(run: str, tail: str) -> list[str]:
    """One paragraph per start position of ``run`` across a whole line (0 to 40 characters of text before it)."""
    return [f"{(FILLER * 2)[:shift]}{run}{tail}" for shift in range(41)]


def test_an_amount_is_never_split_across_lines_in_the_pdf():
    paragraphs = _shifted(f"罚款{AMOUNT}", "，逾期不缴纳的，每日按罚款数额的百分之三加处罚款。")
    lines = _pdf_lines(paragraphs)
    assert sum(line.count(AMOUNT) for line in lines) == len(paragraphs), [x for x in lines if "元" in x][:5]
    assert not any(line.startswith("，") for line in lines)


def test_a_document_number_is_never_split_across_lines_in_the_pdf():
    paragraphs = _shifted(f"本机关于2026年3月12日作出{DOC_NUMBER}", "行政处罚决定书，依法送达。")
    lines = _pdf_lines(paragraphs)
    assert sum(line.count(DOC_NUMBER) for line in lines) == len(paragraphs)


def test_identity_numbers_and_credit_codes_are_never_split_across_lines_in_the_pdf():
    paragraphs = _shifted(f"当事人统一社会信用代码{CREDIT_CODE}，法定代表人身份证号{ID_NUMBER}", "。")
    lines = _pdf_lines(paragraphs)
    assert sum(line.count(CREDIT_CODE) for line in lines) == len(paragraphs)
    assert sum(line.count(ID_NUMBER) for line in lines) == len(paragraphs)


def test_a_run_at_a_line_end_moves_down_whole_and_every_line_still_fits():
    width = 300
    for text in _shifted(f"罚款{AMOUNT}", "，并处没收违法所得。"):
        lines = layout.kinsoku_lines(text, 16, width)
        assert "".join(lines) == text
        assert sum(line.count(AMOUNT) for line in lines) == 1, lines
        assert all(layout.pdfmetrics.stringWidth(line, layout.FONT, 16) <= width for line in lines)


def test_a_run_longer_than_a_line_is_broken_where_it_overflows():
    run = "1234567890" * 5  # 50 digits: about 110 mm at 三号, wider than the 100-pt column
    lines = layout.kinsoku_lines(f"编号{run}。", 16, 100)
    assert "".join(lines) == f"编号{run}。"
    assert all(layout.pdfmetrics.stringWidth(line, layout.FONT, 16) <= 100 for line in lines)
    assert len(lines) > 2 and not lines[-1].startswith("。")


def test_plain_chinese_text_still_fills_each_line():
    text = FILLER * 3
    lines = layout.kinsoku_lines(text, 16, 300)
    assert all(layout.pdfmetrics.stringWidth(line, layout.FONT, 16) > 300 - 16 for line in lines[:-1])
