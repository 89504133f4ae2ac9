"""APL Art. 37: the law version cited must be in force at the violation; the administrator's trigger tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.rulebook.triggers import hearing_reasons, legal_review_reasons
from casemgmt.powers.models import LawVersion
from tests import builders as b
from tests.rules.support import refused, self_check

from .conftest import grant

RULE = "APL-37-LAW-IN-FORCE-AT-VIOLATION"


def test_decision_refused_when_the_cited_version_was_amended_before_the_violation(world, county):
    grant(world, county.matter)
    county.version.superseded_on = dt.date(2026, 3, 1)  # the violation ended on 2 March
    county.version.save()
    LawVersion.objects.create(law=county.law, label="2026年修订", effective_from=dt.date(2026, 3, 1))
    case = b.noticed(world, matter=county.matter)
    with refused(case, RULE) as caught:
        b.decide(world, case, on=dt.date(2026, 3, 20))
    assert {f.detail.split("”")[0] for f in caught.value.findings} == {
        "违法条款“第二十七条第（七）项",
        "罚则条款“第四十二条",
    }
    assert "2026年3月1日修改后不再适用" in caught.value.findings[0].detail


def test_version_amended_after_the_violation_still_applies(world, county):
    grant(world, county.matter)
    county.version.superseded_on = dt.date(2026, 3, 3)  # the day after the violation ended
    county.version.save()
    case = b.decided(world, matter=county.matter)
    assert case.status == m.CaseStatus.DECIDED
    assert self_check(case, today=dt.date(2026, 3, 20), prefix=RULE) == []


def test_repealed_law_is_named_as_repealed(world, county):
    grant(world, county.matter)
    county.version.superseded_on = dt.date(2026, 1, 1)
    county.version.repealed = True
    county.version.save()
    case = b.noticed(world, matter=county.matter)
    with refused(case, RULE) as caught:
        b.decide(world, case, on=dt.date(2026, 3, 20))
    assert "已于2026年1月1日废止" in caught.value.findings[0].detail


def _review(case, **kw):
    facts = load_facts(case, today=dt.date(2026, 3, 20))
    args = {"types": ["fine"], "fine": Decimal("500"), "confiscation": 0, "is_reduction": False}
    args.update(kw)
    return legal_review_reasons(facts, on=dt.date(2026, 3, 20), **args)


def test_review_trigger_by_penalty_type_and_aggravation(world):
    case = b.filed(world)
    m.ReviewTrigger.objects.create(
        effective_from=dt.date(2026, 1, 1),
        source="示范县重大执法决定法制审核目录",
        includes_licence_revocation=False,
        penalty_types=["confiscate_property"],
        on_aggravation=True,
    )
    assert _review(case) == []
    assert _review(case, types=["fine", "confiscate_property"]) == [
        "拟作出没收非法财物（示范县重大执法决定法制审核目录）"
    ]
    assert _review(case, is_aggravation=True) == ["从重处罚（示范县重大执法决定法制审核目录）"]
    assert _review(case, types=["revoke_licence"]) == []  # this row does not list licence revocation


def test_review_trigger_outside_its_dates_or_field_is_ignored(world):
    case = b.filed(world)
    m.ReviewTrigger.objects.create(
        effective_from=dt.date(2026, 4, 1), source="新目录", citizen_fine=Decimal("100"), organisation_fine=None
    )
    m.ReviewTrigger.objects.create(
        effective_from=dt.date(2026, 1, 1), field="生态环境", source="环保目录", citizen_fine=Decimal("100")
    )
    assert _review(case) == []


def test_hearing_threshold_comparison_is_configurable(world):
    case = b.filed(world)
    trigger = m.HearingTrigger.objects.create(
        effective_from=dt.date(2026, 1, 1), source="京建法〔2023〕2号", citizen_fine=Decimal("3000"), comparison="gt"
    )
    facts = load_facts(case, today=dt.date(2026, 3, 20))

    def ask(fine):
        return hearing_reasons(facts, types=["fine"], fine=Decimal(fine), confiscation=0, on=dt.date(2026, 3, 20))

    assert ask("3000") == []
    assert len(ask("3000.01")) == 1
    trigger.comparison = "gte"
    trigger.save()
    facts = load_facts(case, today=dt.date(2026, 3, 20))
    assert len(ask("3000")) == 1


def test_aggravated_decision_needs_review_when_the_table_says_so(world):
    m.ReviewTrigger.objects.create(
        effective_from=dt.date(2026, 1, 1), source="目录", includes_licence_revocation=False, on_aggravation=True
    )
    case = b.noticed(world)
    with refused(case, "APL-58-LEGAL-REVIEW-REQUIRED", exact=False):
        b.decide(world, case, on=dt.date(2026, 3, 20), discretion_tier="从重")


def test_sector_trigger_matches_the_matters_field_for_a_township_case(world, county):
    grant(world, county.matter)
    m.ReviewTrigger.objects.create(
        effective_from=dt.date(2026, 1, 1), field="城市管理", source="城管目录", citizen_fine=Decimal("400")
    )
    m.ReviewTrigger.objects.create(
        effective_from=dt.date(2026, 1, 1), field="生态环境", source="环保目录", citizen_fine=Decimal("100")
    )
    with_matter = b.filed(world, matter=county.matter)
    assert _review(with_matter) == ["拟罚款500.00元达到法制审核标准（城管目录）"]
