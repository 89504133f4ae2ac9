"""Documents carry every element the law requires (行政处罚法第四十四条、第五十九条): the provision violated and the
penalty provision cited from the case's matter, the evidence, the penalty, payment with the surcharge warning
once, the named 复议机关 and court; the party addressed as 你 or 你单位; a document whose facts or provisions are
missing refused at issue; the 代字 of the 文号 as configured."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.acts.inputs import DecideInput
from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.org import issuer
from documents import services as ds
from documents.context import address_word
from documents.models import DocumentStatus
from tests import builders as b
from tests.documents.support import DISCRETION, issue, pdf_text, squash

TIER = {"discretion_tier": "一般", "benchmark_ref": "示范县城市管理行政处罚裁量基准第3项"}
VIOLATED = "《城市道路管理条例》第二十七条第（六）项"
PENALTY = "《城市道路管理条例》第四十二条"


def decision_text(world, case) -> str:
    return squash(pdf_text(issue(world, case, "xzcf_jds", TIER, actor=world.head.user, on=dt.date(2026, 3, 20))))


# --- the 决定书's elements ----------------------------------------------------------------------------------------


def test_decision_cites_the_matters_provisions_evidence_penalty_payment_and_named_remedy(sealed, matter):
    case = b.decided(sealed, matter=matter)
    text = decision_text(sealed, case)
    for needle in (
        "当事人陈某",
        "经查，占道经营事实。",  # the recorded fact, punctuated
        "上述事实有下列证据证明：1.现场检查（勘验）笔录（2026年3月4日）",
        f"你的上述行为违反了{VIOLATED}的规定。",
        f"依据{PENALTY}的规定",
        "罚款500元。",
        "十五日内到指定银行缴纳。",
        "可以每日按罚款数额的百分之三加处罚款",
        "内向示范县人民政府申请行政复议",
        "内向示范县人民法院提起行政诉讼",
        "本决定不停止执行",
        "城关镇人民政府（印章）",
        "2026年3月20日",
    ):
        assert squash(needle) in text, needle
    assert text.count("每日按罚款数额") == 1  # the surcharge warning once
    assert "你（单位）" not in text and "你单位" not in text


def test_decision_states_the_correction_order_recorded_with_it(sealed, matter):
    """行政处罚法第二十八条: the order to correct stands in the 决定书 beside the penalty."""
    case = b.decided(sealed, matter=matter)
    assert squash("责令当事人立即停止占道经营行为，恢复道路原状") in decision_text(sealed, case)


def test_decision_names_the_served_correction_notice_when_the_order_was_given_before(sealed, matter):
    case = b.decided(sealed, matter=matter)
    case.decisions.update(correction_order="", correction_notice_on=dt.date(2026, 3, 2))
    assert squash("本机关已于2026年3月2日送达责令（限期）改正通知书，责令你改正违法行为。") in decision_text(
        sealed, case
    )


def test_organisation_party_is_addressed_as_your_unit(sealed, matter):
    case = b.decided(sealed, matter=matter, party_kind=m.PartyKind.ORGANISATION)
    text = decision_text(sealed, case)
    assert "对你单位涉嫌擅自占用城市道路经营一案立案调查" in text
    assert "你单位的上述行为违反了" in text and "你（单位）" not in text


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        (m.PartyKind.CITIZEN, "你"),
        (m.PartyKind.ORGANISATION, "你单位"),
        (m.PartyKind.INDIVIDUAL_BUSINESS, "你单位"),
    ],
)
def test_the_party_is_addressed_as_what_it_is(kind, word):
    assert address_word(m.Party(kind=kind)) == word


# --- refused at issue: facts or provisions missing ----------------------------------------------------------------


def test_decision_with_placeholder_facts_is_refused_naming_them_and_nothing_is_issued(sealed, matter):
    case = b.decided(sealed, matter=matter)
    draft = ds.document_draft(
        case=case, actor=sealed.head.user, type_code="xzcf_jds", values={**TIER, "decision_facts": "违法事实"}
    )
    with pytest.raises(RuleViolation) as refused:
        ds.document_issue(document=draft, actor=sealed.head.user, on=dt.date(2026, 3, 20))
    [finding] = [f for f in refused.value.findings if f.rule == "APL-59-DOCUMENT-CONTENT"]
    assert "违法事实" in finding.detail and "违反的法律条款" not in finding.detail
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT and draft.number == ""


def test_decision_without_the_provision_violated_is_refused_and_issued_once_it_is_named(sealed):
    case = b.decided(sealed)  # no catalogue matter: the officer names the provision violated in the draft
    draft = ds.document_draft(case=case, actor=sealed.head.user, type_code="xzcf_jds", values=TIER)
    with pytest.raises(RuleViolation) as refused:
        ds.document_issue(document=draft, actor=sealed.head.user, on=dt.date(2026, 3, 20))
    [finding] = [f for f in refused.value.findings if f.rule == "APL-59-DOCUMENT-CONTENT"]
    assert "违反的法律条款（违法条款）" in finding.detail
    ds.document_update(document=draft, actor=sealed.head.user, values={"violated_provision": "第二十七条"})
    with pytest.raises(RuleViolation):  # not a citation of a named law
        ds.document_issue(document=draft, actor=sealed.head.user, on=dt.date(2026, 3, 20))
    ds.document_update(document=draft, actor=sealed.head.user, values={"violated_provision": VIOLATED})
    issued = ds.document_issue(document=draft, actor=sealed.head.user, on=dt.date(2026, 3, 20))
    assert issued.status == DocumentStatus.ISSUED and VIOLATED in squash(pdf_text(issued))


def test_a_remedy_naming_neither_body_nor_court_is_refused(sealed, matter):
    case = b.decided(sealed, matter=matter)
    draft = ds.document_draft(
        case=case, actor=sealed.head.user, type_code="xzcf_jds", values={**TIER, "remedy": "可依法申请复议或诉讼。"}
    )
    with pytest.raises(RuleViolation) as refused:
        ds.document_issue(document=draft, actor=sealed.head.user, on=dt.date(2026, 3, 20))
    assert "救济途径中的行政复议机关" in str(refused.value)


def test_prior_notice_states_the_matters_provisions(sealed, matter):
    with_matter = b.noticed(sealed, matter=matter)
    text = squash(pdf_text(issue(sealed, with_matter, "sxgz_s", on=dt.date(2026, 3, 12))))
    assert f"你的上述行为违反了{VIOLATED}的规定。依据{PENALTY}的规定，本机关拟对你作出如下行政处罚" in text


def test_prior_notice_without_the_provision_violated_is_refused(sealed):
    without = b.noticed(sealed)  # no catalogue matter and nothing written into the draft
    draft = ds.document_draft(case=without, actor=sealed.officer.user, type_code="sxgz_s")
    with pytest.raises(RuleViolation) as refused:
        ds.document_issue(document=draft, actor=sealed.officer.user, on=dt.date(2026, 3, 12))
    assert "违反的法律条款（违法条款）" in str(refused.value)


# --- the 处罚依据 is chosen from the matter ------------------------------------------------------------------------


def decide(world, case, legal_basis):
    return s.decision_make(
        case=case,
        actor=world.mayor.user,  # the 行政机关负责人 of the enforcement subject (APL Art. 57)
        kind=m.DecisionKind.PENALTY,
        on=dt.date(2026, 3, 20),
        facts="占道经营事实",
        legal_basis=legal_basis,
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
        correction_order="责令当事人立即停止占道经营行为",
    )


def test_a_basis_not_belonging_to_the_matter_is_refused(sealed, matter):
    case = b.noticed(sealed, matter=matter)
    with pytest.raises(RuleViolation) as refused:
        decide(sealed, case, "《城市市容和环境卫生管理条例》第三十六条")
    details = " ".join(f.detail for f in refused.value.findings if f.rule == "APL-59-BASIS-OF-MATTER")
    assert "《城市市容和环境卫生管理条例》第三十六条”不是执法事项" in details
    assert f"处罚依据须引用执法事项的罚则条款{PENALTY}" in details
    assert not case.decisions.exists()


def test_the_matters_violated_and_penalty_provisions_are_accepted_as_basis(sealed, matter):
    case = b.noticed(sealed, matter=matter)
    decision = decide(sealed, case, f"{VIOLATED}；{PENALTY}")
    assert decision.legal_basis == f"{VIOLATED}；{PENALTY}"


def test_the_decision_form_offers_the_matters_provisions(sealed, matter):
    case = b.noticed(sealed, matter=matter)
    offered = [value for value, _ in DecideInput.field_choices(case)["legal_basis"]]
    assert offered[:2] == [PENALTY, f"{VIOLATED}；{PENALTY}"]
    assert DecideInput.initial(case)["legal_basis"] == f"{VIOLATED}；{PENALTY}"


# --- per-unit settings: 复议机关, court, 代字 ------------------------------------------------------------------------


def test_reconsideration_body_and_court_default_to_the_county_government_and_its_court(sealed):
    assert issuer.reconsideration_body(sealed.township) == "示范县人民政府"
    assert issuer.court(sealed.township) == "示范县人民法院"
    assert issuer.reconsideration_body(sealed.county_dept) == "示范县人民政府"


def test_configured_reconsideration_body_and_court_are_named(sealed, matter):
    sealed.township.reconsideration_body = "示范市人民政府"
    sealed.township.court = "示范市东区人民法院"
    sealed.township.save()
    case = b.decided(sealed, matter=matter)
    text = decision_text(sealed, case)
    assert "向示范市人民政府申请行政复议" in text and "向示范市东区人民法院提起行政诉讼" in text
    assert "示范县人民法院" not in text


def test_number_uses_the_configured_prefix_exactly_as_printed(sealed):
    sealed.township.number_prefix = "示县城关"
    sealed.township.save()
    case = b.decided(sealed)
    doc = issue(sealed, case, "xzcf_jds", DISCRETION, actor=sealed.head.user, on=dt.date(2026, 3, 20))
    assert doc.number == "示县城关罚决〔2026〕1号"


def test_number_prefix_defaults_to_short_name_with_zongzhi(sealed):
    case = b.decided(sealed)
    doc = issue(sealed, case, "xzcf_jds", DISCRETION, actor=sealed.head.user, on=dt.date(2026, 3, 20))
    assert doc.number == "城关镇综执罚决〔2026〕1号"
    assert issuer.number_prefix(sealed.county_dept) == "县城管"


# --- migrations: existing units and templates ---------------------------------------------------------------------


def test_unit_migration_gives_existing_subjects_the_default_body_and_court_and_keeps_the_numbering(sealed):
    from importlib import import_module

    from django.apps import apps

    from casemgmt.org.models import Unit

    migration = import_module("casemgmt.org.migrations.0004_unit_document_settings")
    Unit.objects.update(reconsideration_body="", court="")
    migration.fill_defaults(apps, None)
    township, brigade = Unit.objects.get(pk=sealed.township.pk), Unit.objects.get(pk=sealed.brigade.pk)
    assert (township.reconsideration_body, township.court) == ("示范县人民政府", "示范县人民法院")
    assert (brigade.reconsideration_body, brigade.court) == ("", "")  # not an enforcement subject
    assert township.number_prefix == "" and issuer.number_prefix(township) == "城关镇综执"


def test_template_migration_gives_built_in_templates_the_new_body_and_leaves_revised_ones(sealed):
    from importlib import import_module

    from django.apps import apps

    from documents.catalogue import SPEC_BY_CODE
    from documents.models import TemplateVersion

    migration = import_module("documents.migrations.0005_documents_with_every_element")

    def latest(code):
        return TemplateVersion.objects.filter(document_type__code=code, variant="standard").order_by("-version")[0]

    for code, by in (("xzcf_jds", None), ("sxgz_s", sealed.officer.user)):
        current = latest(code)
        TemplateVersion.objects.create(
            document_type=current.document_type,
            variant="standard",
            version=current.version + 1,
            body=current.body.replace("{{ you }}", "你（单位）"),
            created_by=by,
        )
    migration.forward(apps, None)
    assert latest("xzcf_jds").body == SPEC_BY_CODE["xzcf_jds"].body  # built-in: brought up to date
    assert "你（单位）" in latest("sxgz_s").body  # an administrator's revision is left alone
