"""Every rule has a code, a Chinese name and message, the article it comes from and its law family; a refusal
names them (services, the API's 422/409 items)."""

import re

import pytest
from rest_framework.test import APIClient

from casemgmt.cases.rulebook import RULES, LawFamily, RuleViolation, rule
from casemgmt.cases.rulebook.core import LOCAL_SOURCE, NAME_MAX_LENGTH, refusal
from casemgmt.cases.services import ConflictError
from tests import builders as b
from tests.api.conftest import action_url

FIRST_SOURCE = re.compile(r"《(.+?)》")


def test_every_rule_has_a_chinese_name_unique_and_short():
    names = [r.name for r in RULES.values()]
    for r in RULES.values():
        assert r.name.strip() == r.name and r.name, r.code
        assert not r.name.isascii(), r.code
        assert re.search(r"[\u4e00-\u9fff]", r.name), r.code
        assert len(r.name) <= NAME_MAX_LENGTH, r.code
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_every_rule_has_a_message_and_an_article_citing_a_source():
    for r in RULES.values():
        assert r.message and not r.message.isascii(), r.code
        assert "《" in r.article and "》" in r.article, r.code


def test_every_rule_belongs_to_a_family_of_the_closed_list():
    for r in RULES.values():
        assert isinstance(r.family, LawFamily), r.code
        assert r.family in LawFamily.values, r.code


def test_the_family_is_the_source_of_the_first_article_cited():
    """The system's own procedure rules (PROC-*) cite the law they implement; every other rule belongs to the law
    of its first article."""
    for r in RULES.values():
        if r.code.startswith("PROC-"):
            assert r.family == LawFamily.SYSTEM, r.code
            continue
        assert r.family != LawFamily.SYSTEM, r.code
        if r.family == LawFamily.LOCAL:  # the local regulation configured for the case's enforcement subject
            assert r.article.startswith(LOCAL_SOURCE), r.code
            continue
        assert FIRST_SOURCE.search(r.article).group(1) == r.family.value, (r.code, r.article, r.family)


def test_every_family_of_the_closed_list_has_rules():
    assert {r.family for r in RULES.values()} == set(LawFamily)


@pytest.mark.parametrize(
    "missing",
    [
        {"family": LawFamily.APL},  # no name
        {"name": "", "family": LawFamily.APL},
        {"name": "  ", "family": LawFamily.APL},
        {"name": "No Chinese name", "family": LawFamily.APL},
        {"name": "一个远远超过十六个字符长度限制的规则名称示例", "family": LawFamily.APL},
        {"name": "两名持证执法人员", "family": LawFamily.APL},  # already taken
        {"name": "测试规则"},  # no family
        {"name": "测试规则", "family": ""},
        {"name": "测试规则", "family": "民法典"},  # not in the closed list
    ],
)
def test_a_rule_without_a_valid_name_or_family_is_refused_at_registration(missing):
    before = dict(RULES)
    with pytest.raises(ValueError):

        @rule(code="TEST-METADATA", message="测试", article="《行政处罚法》第一条", gates=(), **missing)
        def check(facts, attempt):
            return ()

    assert before == RULES


def test_a_rule_with_a_name_and_family_registers_them():
    try:

        @rule(
            code="TEST-METADATA",
            name="测试规则",
            family="行政强制法",
            message="测试",
            article="《行政强制法》第一条",
            gates=(),
        )
        def check(facts, attempt):
            yield "细节"

        registered = RULES["TEST-METADATA"]
        assert registered.family is LawFamily.CE
        (finding,) = registered.findings(None, None)
        assert (finding.name, finding.family) == ("测试规则", "行政强制法")
    finally:
        RULES.pop("TEST-METADATA", None)


def test_refusals_and_conflicts_carry_the_name_and_family():
    refused = refusal("SAMR-78-ARCHIVED-READ-ONLY", "细节")
    item = refused.as_list()[0]
    assert item["name"] == "归档案卷不得变更"
    assert item["family"] == "市场监督管理行政处罚程序规定"
    assert "归档案卷不得变更" in str(refused)

    conflict = ConflictError("案件当前状态为“调查取证”，不能作出处罚决定", rule="PROC-ACTION-STAGE")
    assert conflict.finding().name == RULES["PROC-ACTION-STAGE"].name
    assert conflict.as_dict()["name"] == "程序环节顺序"
    assert conflict.as_dict()["family"] == "本系统程序规定"
    assert isinstance(refused, RuleViolation)


DECISION = {
    "kind": "penalty",
    "facts": "占道经营事实",
    "legal_basis": "《城市道路管理条例》第四十二条",
    "penalty_types": ["fine"],
    "fine_amount": "500",
}


def _client(persona) -> APIClient:
    client = APIClient()
    client.force_login(persona.user)
    return client


@pytest.mark.django_db
def test_deciding_during_investigation_is_a_409_naming_the_rule_and_its_family(world):
    case = b.filed(world)
    response = _client(world.head).post(action_url(case, "decide"), {**DECISION, "on": "2026-03-20"}, format="json")
    assert response.status_code == 409, response.json()
    (item,) = response.json()["errors"]
    stage = RULES["PROC-ACTION-STAGE"]
    assert item["rule"] == stage.code
    assert item["name"] == stage.name == "程序环节顺序"
    assert item["family"] == "本系统程序规定"
    assert item["article"] == stage.general  # a 城管 case: the general procedure, without the SAMR rules
    assert "市场监督管理" not in item["article"]


@pytest.mark.django_db
def test_a_422_refusal_names_every_broken_rule_and_its_family(world):
    case = b.noticed(world)  # notice served 2026-03-12
    response = _client(world.head).post(action_url(case, "decide"), {**DECISION, "on": "2026-03-13"}, format="json")
    assert response.status_code == 422, response.json()
    errors = {e["rule"]: e for e in response.json()["errors"]}
    period = errors["SAMR-57-STATEMENT-PERIOD"]
    assert period["name"] == "陈述申辩期限"
    assert period["family"] == "行政处罚法"  # its first article is 《行政处罚法》第四十五条
    for e in errors.values():
        assert e["name"] == RULES[e["rule"]].name
        assert e["family"] == RULES[e["rule"]].family
