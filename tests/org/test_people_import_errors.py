"""Every kind of error of the people import, listed in Chinese with its table, row and column; nothing written."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from casemgmt.org.imports import CERTIFICATES, OFFICERS, UNITS, Source, people_import_plan
from casemgmt.org.models import Certificate, Officer, Unit
from tests.factories import CertificateFactory

from .people_support import (
    CERT_HEADER,
    cert_row,
    certs_csv,
    csv_source,
    messages,
    officer_row,
    officers_csv,
    unit_row,
    units_csv,
)

pytestmark = pytest.mark.django_db


def only(plan):
    found = messages(plan)
    assert len(found) == 1, found
    return found[0]


def test_unknown_unit_of_an_officer(world):
    plan = people_import_plan(sources=[officers_csv(officer_row("甲", "jia", unit="不存在镇综合行政执法大队"))])
    assert only(plan) == (OFFICERS, 2, "所属单位", "所属单位“不存在镇综合行政执法大队”既不在系统中，也不在单位表中")


def test_unit_named_in_the_units_table_of_the_same_import_is_known(world):
    plan = people_import_plan(
        sources=[units_csv(unit_row("城关镇综合行政执法大队第二中队", "执法中队", "城关镇综合行政执法大队")),
                 officers_csv(officer_row("甲", "jia", unit="城关镇综合行政执法大队第二中队"))]
    )  # fmt: skip
    assert plan.problems == []


def test_unknown_role(world):
    plan = people_import_plan(sources=[officers_csv(officer_row("甲", "jia", role="队员"))])
    table, row, column, message = only(plan)
    assert (table, row, column) == (OFFICERS, 2, "角色")
    assert message.startswith("角色“队员”应为执法人员、")


def test_role_without_unit_and_unit_without_role(world):
    plan = people_import_plan(
        sources=[officers_csv(officer_row("甲", "jia", unit=""), officer_row("乙", "yi", role=""))]
    )
    assert messages(plan) == [
        (OFFICERS, 2, "所属单位", "填写了角色的，须填写所属单位"),
        (OFFICERS, 3, "角色", "填写了所属单位的，须填写角色"),
    ]


def test_duplicate_certificate_number_inside_the_file(world):
    plan = people_import_plan(sources=[certs_csv(cert_row("ZF-1", "zhang"), cert_row("ZF-1", "li"))])
    assert only(plan) == (CERTIFICATES, 3, "证号", "证号“ZF-1”与第2行重复")


def test_certificate_number_registered_to_another_person(world):
    number = world.colleague.certificates.get().number
    plan = people_import_plan(sources=[certs_csv(cert_row(number, "zhang"))])
    assert only(plan) == (CERTIFICATES, 2, "证号", f"证号“{number}”已登记在李执法（li）名下")


def test_invalid_dates(world):
    plan = people_import_plan(
        sources=[certs_csv(cert_row("ZF-1", "zhang", start="2025-02-30"), cert_row("ZF-2", "zhang", end="明年"))]
    )
    assert messages(plan) == [
        (CERTIFICATES, 2, "有效期自", "有效期自“2025-02-30”不是有效的日期（如 2026-01-31）"),
        (CERTIFICATES, 3, "有效期至", "有效期至“明年”不是有效的日期（如 2026-01-31）"),
    ]


def test_chinese_and_slashed_dates_are_read():
    from casemgmt.org.imports import parse_date

    assert (
        str(parse_date("2025年3月1日")) == str(parse_date("2025/3/1")) == str(parse_date("2025.03.01")) == "2025-03-01"
    )


def test_valid_to_before_valid_from(world):
    plan = people_import_plan(sources=[certs_csv(cert_row("ZF-1", "zhang", start="2026-01-01", end="2025-12-31"))])
    assert only(plan) == (CERTIFICATES, 2, "有效期至", "有效期至2025-12-31早于有效期自2026-01-01")


def test_valid_to_on_valid_from_is_accepted(world):
    plan = people_import_plan(sources=[certs_csv(cert_row("ZF-1", "zhang", start="2026-01-01", end="2026-01-01"))])
    assert plan.problems == []


def test_certificate_of_a_person_neither_on_file_nor_in_the_import(world):
    plan = people_import_plan(sources=[certs_csv(cert_row("ZF-1", "nobody"))])
    assert only(plan) == (CERTIFICATES, 2, "持证人登录名", "持证人“nobody”既不在系统中，也不在人员表中")


def test_holder_name_must_match_the_login(world):
    plan = people_import_plan(sources=[certs_csv(cert_row("ZF-1", "zhang", holder="李执法"))])
    assert only(plan) == (CERTIFICATES, 2, "持证人姓名", "持证人姓名“李执法”与登录名zhang的姓名“张执法”不符")


def test_unknown_certificate_status(world):
    plan = people_import_plan(sources=[certs_csv(cert_row("ZF-1", "zhang", status="冻结"))])
    assert only(plan)[:3] == (CERTIFICATES, 2, "状态")


def test_bad_credit_code_names_the_position(world):
    plan = people_import_plan(sources=[units_csv(unit_row("新单位", credit="91110000MA01ABCD1X"))])
    table, row, column, message = only(plan)
    assert (table, row, column) == (UNITS, 2, "统一社会信用代码")
    assert message.startswith("统一社会信用代码第18位校验码应为")


def test_unknown_unit_kind_and_parent(world):
    plan = people_import_plan(sources=[units_csv(unit_row("新单位", kind="街道办", parent="不存在县"))])
    assert [m[:3] for m in messages(plan)] == [(UNITS, 2, "类型"), (UNITS, 2, "上级单位")]


def test_units_under_each_other_are_a_cycle(world):
    plan = people_import_plan(
        sources=[units_csv(unit_row("甲中队", "执法中队", "乙中队"), unit_row("乙中队", "执法中队", "甲中队"))]
    )
    assert [m[:3] for m in messages(plan)] == [(UNITS, 2, "上级单位"), (UNITS, 3, "上级单位")]
    assert "循环" in messages(plan)[0][3]


def test_moving_a_unit_under_its_own_sub_unit_is_a_cycle(world):
    plan = people_import_plan(sources=[units_csv(unit_row("城关镇人民政府", "乡镇人民政府", "城关镇综合行政执法大队"))])
    assert only(plan)[:3] == (UNITS, 2, "上级单位")


def test_duplicate_unit_name_in_the_file(world):
    plan = people_import_plan(sources=[units_csv(unit_row("新中队", "执法中队"), unit_row("新中队", "执法中队"))])
    assert only(plan) == (UNITS, 3, "单位名称", "单位“新中队”与第2行重复")


def test_required_cells(world):
    plan = people_import_plan(sources=[officers_csv(officer_row("", "jia"))])
    assert only(plan) == (OFFICERS, 2, "姓名", "姓名不能为空")


def test_rows_of_one_login_must_agree(world):
    plan = people_import_plan(
        sources=[
            officers_csv(
                officer_row("甲", "jia"), officer_row("甲乙", "jia", unit="城关镇人民政府", role="法制审核人员")
            )
        ]
    )
    # The person is one: the first row is bad with the second.
    assert messages(plan) == [
        (OFFICERS, 2, "登录名", "同一登录名的第3行有错误"),
        (OFFICERS, 3, "姓名", "与第2行（同一登录名）的姓名不一致"),
    ]


def test_login_of_an_account_that_is_not_a_person(world):
    get_user_model().objects.create_user(username="it_admin")
    plan = people_import_plan(sources=[officers_csv(officer_row("甲", "it_admin"))])
    assert only(plan)[:3] == (OFFICERS, 2, "登录名")


def test_invalid_login_and_phone(world):
    plan = people_import_plan(sources=[officers_csv(officer_row("甲", "jia yi", phone="打电话"))])
    assert [m[2] for m in messages(plan)] == ["登录名", "电话"]


def test_acting_head_needs_a_designation(world):
    plan = people_import_plan(sources=[officers_csv(officer_row("甲", "jia", acts="是"))])
    assert only(plan) == (OFFICERS, 2, "指定文件", "代行机关负责人职责的，须填写指定文件")


def test_missing_and_unknown_columns_refuse_the_table(world):
    header = [h for h in CERT_HEADER if h != "发证机关"] + ["备注栏"]
    plan = people_import_plan(
        sources=[csv_source("c.csv", header, [["ZF-1", "zhang", "", "", "2025-01-01", "2030-01-01", "有效", ""]])]
    )
    assert [p.message for p in plan.file_problems] == [
        "执法证表缺少列：发证机关",
        "执法证表有未知的列：备注栏（列名须与导入说明一致）",
    ]
    assert not plan.readable


def test_a_file_that_is_no_known_table(world):
    plan = people_import_plan(sources=[csv_source("x.csv", ["名称", "数量"], [["甲", "1"]])])
    assert [p.message for p in plan.file_problems] == [
        "无法识别的表：第1行须为单位、人员或执法证表的表头（见导入说明）"
    ]


def test_formula_cells_are_refused_not_computed(world):
    plan = people_import_plan(sources=[officers_csv(officer_row('=HYPERLINK("http://x","甲")', "jia"))])
    assert only(plan)[:3] == (OFFICERS, 2, "姓名")
    assert "公式" in only(plan)[3]


def test_formula_in_a_workbook_is_refused(world):
    from .people_support import OFFICER_HEADER, xlsx_source

    plan = people_import_plan(
        sources=[
            xlsx_source(
                "p.xlsx", {"人员": [OFFICER_HEADER, ["甲", "jia", "=1+1", "城关镇综合行政执法大队", "执法人员"]]}
            )
        ]
    )
    table, row, column, message = only(plan)
    assert (table, row, column) == (OFFICERS, 2, "电话")
    assert plan.problems[0].letter == "C"


def test_huge_cell_is_refused_and_shown_cut(world):
    plan = people_import_plan(sources=[officers_csv(officer_row("张" * 100_000, "jia"))])
    table, row, column, message = only(plan)
    assert (table, row, column) == (OFFICERS, 2, "姓名")
    assert message == f"“{'张' * 40}…”超过50个字"


def test_control_characters_and_cells_without_header(world):
    rows = [officer_row("甲\x07", "jia") + ["多余"]]
    plan = people_import_plan(sources=[officers_csv(*rows)])
    found = plan.problems
    assert [(p.column, p.letter) for p in found] == [("姓名", "A"), ("", "I")]


def test_a_bad_file_writes_nothing(world):
    before = (Unit.objects.count(), Officer.objects.count(), Certificate.objects.count())
    people_import_plan(sources=[units_csv(unit_row("新中队", "执法中队")), officers_csv(officer_row("甲", "jia"))])
    assert (Unit.objects.count(), Officer.objects.count(), Certificate.objects.count()) == before


def test_existing_certificate_of_the_same_person_is_an_update_not_a_duplicate(world):
    CertificateFactory(officer=world.officer, number="ZF-OLD")
    plan = people_import_plan(sources=[certs_csv(cert_row("ZF-OLD", "zhang", end="2031-12-31"))])
    assert plan.problems == []
    assert plan.rows[CERTIFICATES][0].action == "修改"


def test_too_many_files_and_unreadable_ones(world):
    plan = people_import_plan(sources=[Source("a.txt", b"x")])
    assert [p.message for p in plan.file_problems] == ["只能导入 .xlsx 或 .csv 文件"]
    plan = people_import_plan(sources=[Source("a.xlsx", b"PK\x03\x04 not really")])
    assert [p.message for p in plan.file_problems] == ["文件不是有效的 Excel (.xlsx) 文件，无法读取"]
    plan = people_import_plan(sources=[Source(f"{i}.csv", b"a") for i in range(4)])
    assert [p.message for p in plan.file_problems] == ["一次最多导入3个文件"]
