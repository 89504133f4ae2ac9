"""Yearly statistics as .xlsx (年度统计): unit × month, matters, months — the dashboard's figures, same scope."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from casemgmt.files.tabular import xlsx_append

from .stats import Stat, Statistics

METRICS: list[tuple[str, int]] = [
    ("立案数", 8),
    ("结案数", 8),
    ("平均办案天数", 12),
    ("决定数", 8),
    ("罚款决定金额（元）", 16),
    ("罚款收缴金额（元）", 16),
    ("法制审核率（%）", 14),
    ("听证率（%）", 10),
    ("不予处罚率（%）", 14),
    ("自查平均分", 10),
]


def _num(value):
    return None if value is None else float(value)


def metric_values(s: Stat) -> list:
    return [
        s.filed,
        s.closed,
        _num(s.average_days),
        s.decided,
        float(s.fines_decided),
        float(s.fines_collected),
        _num(s.review_rate),
        _num(s.hearing_rate),
        _num(s.no_penalty_rate),
        _num(s.mean_score),
    ]


def _sheet(book, title: str, head: list[tuple[str, int]], rows, *, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    header = head + METRICS
    xlsx_append(sheet, [name for name, _ in header])
    for index, (_, width) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        xlsx_append(sheet, row)
    sheet.freeze_panes = get_column_letter(len(head) + 1) + "2"


def statistics_xlsx(stats: Statistics) -> bytes:
    """Sheets 按单位按月 (every unit with figures × month 1–12, then the unit's year), 按执法事项, 按月合计."""
    book = Workbook()
    rows = []
    for pk, name, year_stat in stats.by_unit:
        for month in range(1, 13):
            rows.append([name, f"{month}月", *metric_values(stats.by_unit_month.get((pk, month), Stat()))])
        rows.append([name, "全年", *metric_values(year_stat)])
    rows.append(["合计", "全年", *metric_values(stats.total)])
    _sheet(book, "按单位按月", [("执法主体", 28), ("月份", 8)], rows, first=True)
    _sheet(book, "按执法事项", [("执法事项", 40)], ([name, *metric_values(s)] for _, name, s in stats.by_matter))
    months = dict(stats.by_month)
    _sheet(
        book,
        "按月合计",
        [("月份", 8)],
        [[f"{mon}月", *metric_values(months.get(mon, Stat()))] for mon in range(1, 13)]
        + [["全年", *metric_values(stats.total)]],
    )
    notes = book.create_sheet("说明")
    notes.column_dimensions["A"].width = 120
    xlsx_append(notes, [f"{stats.year}年度行政处罚案件统计（按执法主体归属；范围为导出人可查看的案件）"])
    for line in (
        "立案数、结案数：立案日期、结案日期在该月的案件；平均办案天数：当月结案且经立案的案件，结案日期减立案日期的平均天数",
        "决定数、罚款决定金额：决定日期在该月的处理决定及其中行政处罚决定的罚款金额；罚款收缴金额：该月缴纳的罚款",
        "法制审核率、听证率：该月普通程序决定中经法制审核、举行听证的比例；不予处罚率：该月全部决定中不予行政处罚决定的比例",
        "自查平均分：该月结案案件按现行评查标准自查的预测得分平均值",
    ):
        xlsx_append(notes, [line])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
