"""Every record is checked before export; errors are listed by record (case number, field, Chinese message)."""

import datetime as dt

from casemgmt.disclosure import fields as f
from tests.disclosure.conftest import OTHER_CODE, TOWNSHIP_CODE, decided_case
from tests.disclosure.support import TODAY, batch_for


def good_values():
    return {
        f.OPERATION: f.ADD,
        f.NAME: "陈某",
        f.CATEGORY: f.CITIZEN,
        f.CODE: "",
        f.LEGAL_REP: "",
        f.ID_TYPE: f.ID_CARD,
        f.ID_NUMBER: "110101********7571",
        f.DOC_NUMBER: "城关镇综执罚决〔2026〕1号",
        f.VIOLATION_TYPE: "擅自占用城市道路经营",
        f.FACTS: "占道经营",
        f.BASIS: "《城市道路管理条例》第四十二条",
        f.PENALTY_CLASS: "罚款",
        f.PENALTY_CONTENT: "罚款人民币500.00元",
        f.FINE: "0.050000",
        f.CONFISCATION: "0.000000",
        f.LICENCE: "",
        f.DECIDED_ON: "2026/03/20",
        f.VALID_UNTIL: "2099/12/31",
        f.PUBLIC_UNTIL: "2029/03/20",
        f.AUTHORITY: "城关镇人民政府",
        f.AUTHORITY_CODE: TOWNSHIP_CODE,
        f.SOURCE: "城关镇人民政府",
        f.SOURCE_CODE: TOWNSHIP_CODE,
        f.REMARK: "",
    }


def errors_of(**changes):
    return {(e.field, e.message) for e in f.validate(good_values() | changes, today=TODAY)}


def test_a_complete_record_passes():
    assert f.validate(good_values(), today=TODAY) == []


def test_missing_document_number_and_bad_credit_code_are_named():
    errors = errors_of(**{f.DOC_NUMBER: "", f.AUTHORITY_CODE: OTHER_CODE[:-1] + "0"})
    fields = {field for field, _ in errors}
    assert (f.DOC_NUMBER, "必填项未填写") in errors and f.AUTHORITY_CODE in fields


def test_an_unmasked_identity_number_is_refused():
    assert (f.ID_NUMBER, "证件号码须按规定隐去出生日期（第7–14位），不得公开完整号码") in errors_of(
        **{f.ID_NUMBER: "110101199003077571"}
    )


def test_amounts_must_be_non_negative_with_six_decimals_and_match_the_class():
    assert {fld for fld, _ in errors_of(**{f.FINE: "-1"})} >= {f.FINE}
    assert (f.FINE, "金额最多保留六位小数（单位：万元）") in errors_of(**{f.FINE: "0.0500001"})
    assert (f.FINE, "处罚类别含罚款，罚款金额须大于零") in errors_of(**{f.FINE: "0"})
    assert (f.FINE, "金额应为数字（单位：万元）") in errors_of(**{f.FINE: "五百元"})


def test_dates_must_be_in_order_and_not_in_the_future():
    assert (f.PUBLIC_UNTIL, "公示截止期早于处罚决定日期") in errors_of(**{f.PUBLIC_UNTIL: "2026/03/19"})
    assert (f.DECIDED_ON, "处罚决定日期晚于今天") in errors_of(
        **{f.DECIDED_ON: (TODAY + dt.timedelta(days=1)).strftime("%Y/%m/%d")}
    )
    assert (f.VALID_UNTIL, "日期格式应为YYYY/MM/DD") in errors_of(**{f.VALID_UNTIL: "2099-12-31"})


def test_an_organisation_needs_its_code_and_legal_representative():
    errors = errors_of(**{f.CATEGORY: f.ORGANISATION, f.ID_TYPE: "", f.ID_NUMBER: "", f.LEGAL_REP: ""})
    assert {fld for fld, _ in errors} == {f.CODE, f.LEGAL_REP}


def test_batch_lists_errors_by_case_and_export_is_refused_unless_valid_only(pub, client):
    good = decided_case(pub)
    bad = decided_case(pub, issue_document=False)  # no 行政处罚决定书 issued: no 文号
    batch = batch_for(pub.officer.user)
    [invalid] = batch.invalid
    assert invalid.case_id == bad.pk and invalid.case_number == bad.number
    assert [(e.field, e.message) for e in invalid.errors] == [(f.DOC_NUMBER, "必填项未填写")]
    assert [r.case_id for r in batch.valid] == [good.pk]

    client.force_login(pub.officer.user)
    query = {"from": "2026-01-01", "to": "2026-12-31"}
    refused = client.get("/disclosure/export.csv", query)
    assert refused.status_code == 400
    assert f"{bad.number}｜陈某｜{f.DOC_NUMBER}：必填项未填写" in refused.content.decode()
    chosen = client.get("/disclosure/export.csv", query | {"valid_only": "1"})
    assert chosen.status_code == 200
    body = b"".join(chosen.streaming_content).decode("utf-8")
    assert body.count("\r\n") == 2  # header and the one valid record
    page = client.get("/disclosure/", query)
    assert page.status_code == 200 and "必填项未填写" in page.content.decode() and bad.number in page.content.decode()
