"""CSV files as offices save them: UTF-8 with or without BOM, GB18030 (Excel in China); anything else refused."""

from __future__ import annotations

import pytest

from casemgmt.org.imports import OFFICERS, Source, people_import_plan

from .people_support import OFFICER_HEADER, officer_row, officers_csv

pytestmark = pytest.mark.django_db

ROW = officer_row("欧阳䶮", "ouyang")  # 䶮 is outside GBK: only GB18030 (or UTF-8) holds it


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_is_read_in_its_encoding(world, encoding):
    plan = people_import_plan(sources=[officers_csv(ROW, encoding=encoding)])
    assert plan.problems == []
    [row] = plan.rows[OFFICERS]
    assert (row.values["name"], row.values["unit"], row.action) == ("欧阳䶮", "城关镇综合行政执法大队", "新增人员")


def test_gbk_saved_csv_is_read_as_gb18030(world):
    plan = people_import_plan(sources=[officers_csv(officer_row("王五", "wangwu"), encoding="gbk")])
    assert plan.problems == []
    assert plan.rows[OFFICERS][0].values["name"] == "王五"


def test_undecodable_csv_is_refused_with_a_chinese_message(world):
    data = ",".join(OFFICER_HEADER).encode("utf-8") + b"\r\n\xff\xfe\x81\x30\xff,abc\r\n"
    plan = people_import_plan(sources=[Source("officers.csv", data)])
    assert [p.message for p in plan.file_problems] == [
        "CSV文件编码无法识别：请另存为UTF-8或GB18030（GBK）编码的CSV文件后重新导入"
    ]


def test_exported_formula_like_text_is_read_back_without_its_quote(world):
    # An export writes "-" leading text as "'-…"; the import reads it back as written.
    plan = people_import_plan(sources=[officers_csv(officer_row("甲", "jia", qual="'-A2020"))])
    assert plan.rows[OFFICERS][0].values["legal_qualification_no"] == "-A2020"


def test_too_many_rows_are_refused_while_reading(world, monkeypatch):
    from casemgmt.org import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [officer_row(f"人{i}", f"p{i}") for i in range(4)]
    plan = people_import_plan(sources=[officers_csv(*rows)])
    assert [p.message for p in plan.file_problems] == ["文件数据行超过3行的上限，请分批导入"]


def test_oversized_file_and_zip_bomb_are_refused_unread(world, monkeypatch):
    import io
    import zipfile

    from casemgmt.org import imports

    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)
    plan = people_import_plan(sources=[officers_csv(*[officer_row("甲", f"p{i}") for i in range(10)])])
    assert [p.message for p in plan.file_problems] == ["文件超过0MB上限，请分批导入"]
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 100_000)
    plan = people_import_plan(sources=[Source("p.xlsx", out.getvalue())])
    assert [p.message for p in plan.file_problems] == ["Excel文件解压后超过0MB，疑似压缩炸弹，已拒收"]
