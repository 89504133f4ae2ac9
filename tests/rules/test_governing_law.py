"""A refusal cites the law that governs the case: the SAMR procedure rules (《市场监督管理行政处罚程序规定》) bind
market-regulation cases only, so a township's 城管 case is refused under the 行政处罚法 / general provision and a
market-regulation case under the SAMR article; a LOCAL rule cites the regulation configured for the subject."""

from __future__ import annotations

import pytest

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import RULES, LawFamily, load_facts, rule
from casemgmt.cases.rulebook.core import LOCAL_SOURCE, SAMR_TITLE, refusal
from casemgmt.cases.rulebook.governing import GENERAL, MARKET, governing_law
from casemgmt.powers.models import Matter
from tests import builders as b
from tests.factories import UnitFactory
from tests.rules.support import d, decide, noticed_case, refused
from tests.rules.test_rule_11_review_after_hearing import AFTER_HEARING, DECIDE_ON, heard_case, legal_review

pytestmark = pytest.mark.django_db

STATEMENT_PERIOD = "SAMR-57-STATEMENT-PERIOD"
SERVED = d("2026-03-12")  # a Thursday: the five working days run to 2026-03-19


@pytest.fixture(autouse=True)
def _no_collective_discussion_needed(world):
    m.ProcedurePolicy.objects.create(unit=world.township, collective_discussion_for_all_reviewed=False)


def _matter(world, code: str, field: str) -> Matter:
    name = "擅自占用城市道路经营" if field == "城市管理" else "销售过期食品"
    return b.road_matter(world, code=code, name=name, field=field)


@pytest.fixture
def chengguan(world) -> Matter:
    return _matter(world, "CG-001", "城市管理")


@pytest.fixture
def market(world) -> Matter:
    return _matter(world, "SC-001", "市场监管")


def _early_decision_finding(world, matter):
    case = noticed_case(world, served_on=SERVED, matter=matter)
    with refused(case, STATEMENT_PERIOD) as caught:
        decide(world, case, on=d("2026-03-19"))
    return caught.value.findings[0]


def test_statement_period_refused_on_a_chengguan_case_cites_the_apl_not_the_samr_rules(world, chengguan):
    finding = _early_decision_finding(world, chengguan)

    assert finding.article == "《行政处罚法》第四十五条、第六十二条"
    assert "市场监督管理" not in finding.article
    assert (finding.family, finding.law) == (LawFamily.APL, "一般行政处罚案件")


def test_statement_period_refused_on_a_market_regulation_case_cites_the_samr_article(world, market):
    finding = _early_decision_finding(world, market)

    assert finding.article == "《行政处罚法》第四十五条、第六十二条；《市场监督管理行政处罚程序规定》第五十七条"
    assert finding.law == "市场监管案件"


def test_a_samr_only_rule_cites_the_general_provision_on_a_chengguan_case(world, chengguan):
    case = heard_case(world, review_before_on=d("2026-05-12"), matter=chengguan)

    with refused(case, AFTER_HEARING) as caught:
        decide(world, case, on=DECIDE_ON)
    (finding,) = caught.value.findings
    assert finding.article == "《行政处罚法》第五十八条第一款第二项"
    assert finding.family == LawFamily.APL


def test_a_samr_only_rule_cites_the_samr_article_on_a_market_regulation_case(world, market):
    case = heard_case(world, review_before_on=d("2026-05-12"), matter=market)

    with refused(case, AFTER_HEARING) as caught:
        decide(world, case, on=DECIDE_ON)
    (finding,) = caught.value.findings
    assert finding.article == "《市场监督管理行政处罚程序规定》第五十条第二款"
    assert finding.family == LawFamily.SAMR
    legal_review(world, case, on=d("2026-05-27"))
    assert decide(world, case, on=DECIDE_ON).decided_on == DECIDE_ON  # the rule itself holds the same for both


def test_a_case_without_a_matter_of_a_township_is_not_market_regulation(world):
    case = noticed_case(world, served_on=SERVED)

    assert governing_law(case) == GENERAL


def test_a_case_of_a_market_supervision_department_is_market_regulation_whatever_its_matter(world, chengguan):
    bureau = UnitFactory(
        name="示范县市场监督管理局",
        kind="county_dept",
        parent=world.county,
        short_name="县市场监管局",
        field="市场监管",
    )
    case = noticed_case(world, served_on=SERVED, matter=chengguan)
    assert governing_law(case).market is False

    case.enforcement_subject = bureau
    assert governing_law(case).market is True


def test_an_archived_case_refusal_names_the_law_of_that_case(world, chengguan, market):
    general_case = noticed_case(world, served_on=SERVED, matter=chengguan)

    item = refusal("SAMR-78-ARCHIVED-READ-ONLY", "细节", case=general_case).as_list()[0]
    assert (item["article"], item["family"]) == ("《行政处罚法》第四十七条", "行政处罚法")
    assert item["rule"] == "SAMR-78-ARCHIVED-READ-ONLY" and item["name"] == "归档案卷不得变更"

    general_case.matter = market
    item = refusal("SAMR-78-ARCHIVED-READ-ONLY", "细节", case=general_case).as_list()[0]
    assert (item["article"], item["family"]) == (
        "《市场监督管理行政处罚程序规定》第七十八条",
        "市场监督管理行政处罚程序规定",
    )


def test_a_local_rule_cites_the_regulation_configured_for_the_enforcement_subject(world):
    case = noticed_case(world, served_on=SERVED)
    closing = RULES["SAMR-77-CLOSING"]

    assert closing.finding("", load_facts(case).law).article == f"《行政处罚法》第四十七条；{LOCAL_SOURCE}"

    m.ProcedurePolicy.objects.filter(unit=world.township).update(
        local_procedure_source="《某省行政处罚程序规定》第七十条"
    )
    m.clear_policy_cache()
    finding = closing.finding("", load_facts(case).law)
    assert finding.article == "《行政处罚法》第四十七条；《某省行政处罚程序规定》第七十条"
    transfer = RULES["LOCAL-TRANSFER-DEADLINE"].finding("", load_facts(case).law)
    assert (transfer.article, transfer.family) == ("《某省行政处罚程序规定》第七十条", LawFamily.LOCAL)


def test_no_general_citation_ever_names_the_samr_rules():
    for r in RULES.values():
        assert SAMR_TITLE not in r.general, r.code
        assert r.citation(GENERAL)[0] == r.general
        assert r.citation(MARKET)[0] == r.article


def test_a_rule_citing_only_the_samr_rules_without_a_general_provision_is_refused_at_registration():
    before = dict(RULES)
    with pytest.raises(ValueError, match="general="):

        @rule(
            code="TEST-SAMR-ONLY",
            name="测试规则",
            family=LawFamily.SAMR,
            message="测试",
            article="《市场监督管理行政处罚程序规定》第一条",
            gates=(),
        )
        def check(facts, attempt):
            return ()

    assert before == RULES


def test_a_refusal_reads_with_the_chinese_name_as_its_headline_and_no_code():
    text = str(refusal("SAMR-78-ARCHIVED-READ-ONLY", "细节"))

    assert text.startswith("【归档案卷不得变更】案件已归档")
    assert "SAMR" not in text
