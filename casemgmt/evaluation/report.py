"""The evaluation report as .xlsx (评查结果通报): unit ranking with self-score vs evaluated score and the outcome
bands, per-file scores, and typical problems grouped by 一票否决 / 立卷 / 实体 / 程序."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from casemgmt.files.tabular import xlsx_append
from casemgmt.org.models import Unit, UnitKind

from .models import points_text
from .results import RoundResults, UnitResult


def _num(value):
    return None if value is None else float(value)


def _sheet(book, title: str, header: list[tuple[str, int]], rows, *, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    xlsx_append(sheet, [name for name, _ in header])
    for index, (_, width) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        xlsx_append(sheet, row)
    return sheet


def report_xlsx(results: RoundResults, *, file_ids: set[int] | None = None) -> bytes:
    """The report of one round; ``file_ids`` limits the per-file sheet to the files the reader may see."""
    book = Workbook()
    _sheet(
        book,
        "单位排名",
        [
            ("名次", 6),
            ("单位", 28),
            ("案卷数", 8),
            ("自评得分", 10),
            ("评查平均分", 12),
            ("差值", 8),
            ("等次分布", 24),
            ("结果", 10),
            ("案卷自评平均分", 14),
        ],
        (
            [
                u.rank,
                u.name,
                u.files,
                _num(u.self_reported),
                _num(u.mean),
                _num(u.difference),
                "、".join(f"{g}{n}件" for g, n in u.grades.items()),
                u.band,
                _num(u.self_mean),
            ]
            for u in results.units
        ),
        first=True,
    )
    _sheet(
        book,
        "案卷得分",
        [
            ("档号", 18),
            ("案号", 28),
            ("被评查单位", 28),
            ("评查人员", 10),
            ("自评分", 8),
            ("评查得分", 10),
            ("等次", 8),
            ("一票否决", 8),
            ("差值", 8),
        ],
        (
            [
                f["archive_number"],
                f["case_number"],
                f["unit"],
                f["evaluator"],
                _num(f["self_score"]),
                _num(f["total"]),
                f["grade"],
                "是" if f["vetoed"] else "",
                _num(f["difference"]),
            ]
            for f in results.files
            if file_ids is None or f["id"] in file_ids
        ),
    )
    _sheet(
        book,
        "通报结果",
        [("顺序", 6), ("条件", 24), ("结果", 10), ("单位", 60)],
        ([b["position"] + 1, b["condition"], b["label"], "、".join(b["units"])] for b in results.bands()),
    )
    _sheet(
        book,
        "典型问题",
        [("类别", 10), ("项目", 8), ("评查内容", 40), ("案卷数", 8), ("扣分合计", 10), ("评查意见", 60)],
        (
            [p.group, p.item, p.title, p.files, float(p.points_lost), "；".join(p.comments)]
            for problems in results.problems.values()
            for p in problems
        ),
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def report_blocks(results: RoundResults):
    """The report as layout blocks, worded like the published evaluation reports (自评得分 / 评查得分, bands)."""
    from documents.layout import Block

    r = results.round
    blocks = [
        Block(
            "para",
            f"按照评查工作安排，对{r.period_from:%Y年%m月%d日}至{r.period_to:%Y年%m月%d日}结案归档的行政处罚案卷"
            f"开展了评查，随机抽取案卷{len(results.files)}件（随机种子{r.seed}），依据《{r.rubric}》评分。现将结果通报如下。",
        ),
        Block("heading", "一、评查得分及排名"),
    ]
    for u in results.units:
        blocks.append(Block("flush", unit_line(u)))
    for band in results.bands():
        if band["units"]:
            blocks.append(Block("para", f"对{band['condition']}的{'、'.join(band['units'])}予以{band['label']}。"))
    blocks.append(Block("heading", "二、存在的主要问题"))
    for group, problems in results.problems.items():
        for p in problems:
            note = f"（{'；'.join(p.comments)}）" if p.comments else ""
            blocks.append(
                Block("row", label=f"{group} {p.item}", text=f"{p.title}：{p.files}件，扣{p.points_lost}分{note}")
            )
    if not any(results.problems.values()):
        blocks.append(Block("para", "本次评查未发现扣分问题。"))
    blocks.append(Block("seal"))
    return blocks


def difference_text(u: UnitResult) -> str:
    """The evaluated score against the self-score, in words (比自评得分低3.1分 / 高2分 / 与自评得分相同)."""
    d = u.difference
    if d is None:
        return ""
    if d == 0:
        return "与自评得分相同"
    return f"比自评得分{'低' if d < 0 else '高'}{points_text(abs(d))}分"


def unit_line(u: UnitResult) -> str:
    """One unit's line as the seed report words it: rank (shared on a tie), self-score, evaluated score, the
    difference and the band (7.XX镇：自评得分为93分，评查得分为95.5分，比自评得分高2.5分（通报表扬）。)."""
    own = "未填报" if u.self_reported is None else f"{points_text(u.self_reported)}分"
    got = "未评分" if u.mean is None else f"{points_text(u.mean)}分"
    diff = difference_text(u)
    band = f"（{u.band}）" if u.band else ""
    return f"{u.rank or '—'}.{u.name}：自评得分为{own}，评查得分为{got}{'，' + diff if diff else ''}{band}。"


def report_issuer() -> str:
    """The issuing justice bureau's name printed on the 通报."""
    return Unit.objects.filter(kind=UnitKind.JUSTICE_BUREAU).values_list("name", flat=True).first() or "司法局"


def report_pdf(results: RoundResults, *, issuer: str) -> bytes:
    from documents.layout import Page, render_pdf

    r = results.round
    day = (r.published_at or r.created_at).date()
    page = Page(
        subject_name=issuer,
        title=f"关于{r.title}情况的通报",
        number="",
        seal_name=issuer,
        date_text=f"{day:%Y年%m月%d日}",
    )
    pdf, _pages = render_pdf(report_blocks(results), page)
    return pdf
