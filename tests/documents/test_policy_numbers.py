"""Every period and rate a document states comes from the procedure policy (the one the clocks read): under a
non-default policy the texts carry the policy's numbers and none of the statutory defaults."""

import datetime as dt
import re

import pytest

from casemgmt.cases import models as m
from casemgmt.cases.clocks import payment_deadline, remedy_periods_end
from casemgmt.cases.legaltext import cn_number, months, performance_text, remedy_text, working_days
from casemgmt.cases.rulebook import load_facts
from documents import services as ds
from tests import builders as b
from tests.documents.support import DISCRETION, VIOLATED, issue, squash

POLICY = {
    "statement_period_working_days": 7,
    "hearing_request_working_days": 6,
    "preservation_working_days": 4,
    "seizure_days": 26,
    "payment_days": 20,
    "surcharge_percent": 2,
    "reconsideration_days": 90,
    "litigation_months": 3,
    "public_service_days": 40,
}
DEFAULTS = ("五个工作日", "十五日", "百分之三", "六十日", "六个月", "三十日")

# type → the policy's wording its text must carry.
EXPECTED = {
    "sxgz_s": ["七个工作日"],
    "sxgz_s_tz": ["七个工作日", "六个工作日"],
    "tz_gzs": ["六个工作日"],
    "xxdjbc_tzs": ["四个工作日"],
    "cfky_jds": ["二十六日", "九十日", "三个月"],
    "xzcf_jds": ["二十日", "百分之二", "九十日", "三个月"],
    "byxzcf_jds": ["九十日", "三个月"],
    "dcxzcf_jds": ["二十日", "九十日", "三个月"],
}


def use_policy() -> m.ProcedurePolicy:
    """The county-wide policy becomes POLICY (after the case is built: its clocks would refuse the builders'
    dates)."""
    return m.ProcedurePolicy.objects.update_or_create(unit=None, defaults=POLICY)[0]


@pytest.fixture
def decided_case(sealed):
    """Decided with the wording left to the policy, and a 查封 on file."""
    case = b.decided(sealed)
    use_policy()
    m.Decision.objects.filter(case=case).update(performance="", remedy="")
    m.Measure.objects.create(
        case=case,
        recorded_by=sealed.officer.user,
        kind=m.MeasureKind.SEIZURE,
        items="三轮车一辆",
        started_on=dt.date(2026, 3, 5),
        taken_at=b.at(dt.date(2026, 3, 5)),
    )
    return case


def test_numbers_are_written_in_chinese():
    assert [cn_number(n) for n in (5, 10, 15, 20, 26, 60, 90, 105, 110, 365)] == [
        "五", "十", "十五", "二十", "二十六", "六十", "九十", "一百零五", "一百一十", "三百六十五",
    ]  # fmt: skip
    assert working_days(2) == "两个工作日" and months(6) == "六个月"
    default = m.ProcedurePolicy()
    assert "十五日" in performance_text(default) and "百分之三" in performance_text(default)
    remedy = remedy_text(default, body="示范县人民政府", court="示范县人民法院")
    assert "六十日内向示范县人民政府" in remedy and "六个月内向示范县人民法院" in remedy


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_document_texts_state_the_policys_periods(sealed, decided_case, code):
    draft = ds.document_draft(case=decided_case, actor=sealed.head.user, type_code=code, values=DISCRETION)
    # Page headers (—2—, 草稿未签发) may fall inside a sentence: the text is read without them.
    text = re.sub(r"—\d+—(草稿未签发)?", "", squash(ds.extract_text(ds.draft_pdf(document=draft))))
    for wording in EXPECTED[code]:
        assert wording in text, wording
    for wording in DEFAULTS:
        assert wording not in text, wording
    if code == "xxdjbc_tzs":
        assert "七个工作日" not in text


def test_the_issued_decision_freezes_the_policys_periods(sealed, decided_case):
    policy = m.ProcedurePolicy.objects.get(unit=None)
    doc = issue(sealed, decided_case, "xzcf_jds", DISCRETION, actor=sealed.head.user)
    policy.payment_days = 25
    policy.save()
    for text in (squash(doc.text), squash(ds.extract_text(ds.draft_pdf(document=doc)))):
        assert "二十日" in text and "二十五日" not in text and "百分之二" in text


def test_notice_period_fields_are_set_from_the_policy_at_issue(sealed):
    case = b.noticed(sealed)
    use_policy()
    notice = case.notices.get()
    values = {"statement_days": "五个工作日", **VIOLATED}
    doc = issue(sealed, case, "sxgz_s", values, source_ref=f"notice:{notice.pk}")
    assert doc.snapshot["values"]["statement_days"] == "七个工作日"
    assert "七个工作日" in squash(doc.text) and "五个工作日" not in squash(doc.text)


def test_the_clocks_hold_the_party_to_the_same_periods(sealed):
    case = b.served(sealed, delivered_on=dt.date(2026, 3, 23))
    use_policy()
    facts = load_facts(case)
    assert payment_deadline(facts).date == dt.date(2026, 4, 13)  # 20 days after service
    assert remedy_periods_end(facts).date == dt.date(2026, 6, 23)  # 90 days / 3 months: the later


def test_public_service_counts_the_policys_period(sealed):
    case = b.filed(sealed)
    use_policy()
    values = {"violation": "占道", "legal_basis": "条例", "correction": "停止", "correction_deadline": "2026年4月1日"}
    doc = issue(sealed, case, "zlgz_tzs", values, on=dt.date(2026, 3, 4))
    receipt = ds.document_serve(
        document=doc,
        actor=sealed.officer.user,
        method=m.ServiceMethod.PUBLIC,
        recipient="陈某",
        delivered_on=dt.date(2026, 3, 5),
        public_reason=m.PublicServiceReason.WHEREABOUTS_UNKNOWN,
        public_process="按登记地址上门两次无人，邮寄被退回",
    )
    assert receipt.service_record.served_on == dt.date(2026, 4, 14)


def test_a_template_still_carrying_fixed_words_gets_a_next_version(db):
    """Migration 0004 on a database whose templates predate the policy values."""
    from importlib import import_module

    from django.apps import apps

    from documents.models import TemplateVersion

    migration = import_module("documents.migrations.0004_policy_periods_in_templates")
    code = "xxdjbc_tzs"
    latest = TemplateVersion.objects.filter(document_type__code=code, variant="standard").order_by("-version")[0]
    old = latest.body.replace("{{ preservation_period }}", "七个工作日")
    TemplateVersion.objects.create(
        document_type=latest.document_type, variant="standard", version=latest.version + 1, body=old
    )
    migration.forward(apps, None)
    newest = TemplateVersion.objects.filter(document_type__code=code, variant="standard").order_by("-version")[0]
    assert newest.version == latest.version + 2 and "{{ preservation_period }}" in newest.body
    assert "七个工作日" not in newest.body
    migration.forward(apps, None)  # nothing left to replace
    assert TemplateVersion.objects.filter(document_type__code=code, variant="standard").count() == newest.version
