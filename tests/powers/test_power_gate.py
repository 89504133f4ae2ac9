"""Rule 25: the enforcement subject holds the matter on the filing date and on the decision date."""

from __future__ import annotations

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.services.base import InputError
from tests import builders as b
from tests.rules.support import refused, self_check

from .conftest import grant

RULE = "APL-24-SUBJECT-HOLDS-MATTER"
FILED_ON = dt.date(2026, 3, 3)  # builders' filing date
DECIDED_ON = dt.date(2026, 3, 20)  # builders' decision date


def file_case(world, case, on=FILED_ON, matter=None):
    return s.case_file(
        case=case,
        actor=world.officer.user,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.head,
        on=on,
        violation_start=dt.date(2026, 2, 27),
        violation_end=dt.date(2026, 2, 27),
        matter=matter,
    )


def township_clue(world, county, discovered_on=dt.date(2026, 2, 27)):
    """A clue of the township brigade about a matter the township holds from 2026-01-01."""
    return b.clue(world, discovered_on=discovered_on, matter=county.matter)


def test_filing_allowed_on_the_day_the_grant_takes_effect(world, county):
    grant(world, county.matter, effective_from=FILED_ON, published_on=dt.date(2026, 2, 20))
    case = b.clue(world, discovered_on=dt.date(2026, 3, 2))
    file_case(world, case, matter=county.matter)
    case.refresh_from_db()
    assert (case.enforcement_subject, case.matter, case.matter_code) == (world.township, county.matter, "CG-001")
    assert self_check(case, today=FILED_ON, prefix=RULE) == []


def test_filing_refused_the_day_before_the_grant_takes_effect(world, county):
    grant(world, county.matter, effective_from=FILED_ON + dt.timedelta(days=1), published_on=dt.date(2026, 2, 20))
    case = b.clue(world, discovered_on=dt.date(2026, 3, 2))
    with refused(case, RULE) as caught:
        file_case(world, case, matter=county.matter)
    detail = caught.value.findings[0].detail
    assert "示范县城市管理局" in detail and "城关镇人民政府不享有该事项" in detail
    case.refresh_from_db()
    assert case.matter is None  # nothing saved, not even the matter chosen at filing


def test_filing_refused_the_day_after_the_grant_ended(world, county):
    grant(world, county.matter, effective_to=FILED_ON - dt.timedelta(days=1))
    case = b.clue(world, discovered_on=dt.date(2026, 2, 27))
    with refused(case, RULE):
        file_case(world, case, matter=county.matter)


def test_filing_allowed_on_the_last_day_of_the_grant(world, county):
    grant(world, county.matter, effective_to=FILED_ON)
    case = b.clue(world, discovered_on=dt.date(2026, 2, 27))
    case = file_case(world, case, matter=county.matter)
    assert case.status == m.CaseStatus.INVESTIGATION


def test_decision_allowed_on_the_last_day_of_the_grant(world, county):
    grant(world, county.matter, effective_to=DECIDED_ON)
    case = b.noticed(world, matter=county.matter)
    b.decide(world, case, on=DECIDED_ON)
    case.refresh_from_db()
    assert case.status == m.CaseStatus.DECIDED
    assert self_check(case, today=DECIDED_ON, prefix=RULE) == []


def test_decision_refused_the_day_after_the_grant_ended(world, county):
    grant(world, county.matter, effective_to=DECIDED_ON - dt.timedelta(days=1))
    case = b.noticed(world, matter=county.matter)
    with refused(case, RULE) as caught:
        b.decide(world, case, on=DECIDED_ON)
    assert "2026年3月20日" in caught.value.findings[0].detail


def test_self_check_names_both_dates(world, county):
    """A grant edited after the fact (e.g. ended retroactively) shows up in the self-check."""
    g = grant(world, county.matter)
    case = b.decided(world, matter=county.matter)
    g.effective_from = dt.date(2026, 3, 25)
    g.save()
    details = [f.detail for f in self_check(case, today=DECIDED_ON, prefix=RULE)]
    assert len(details) == 2
    assert details[0].startswith("立案日：") and details[1].startswith("决定日：")


def test_case_without_matter_refused_when_the_township_has_a_power_list(world, county):
    grant(world, county.matter)
    case = b.clue(world, discovered_on=dt.date(2026, 2, 27))
    with refused(case, RULE) as caught:
        file_case(world, case)
    assert "须选择执法事项" in caught.value.findings[0].detail


def test_case_without_matter_allowed_when_no_power_list_is_configured(world, county):
    """Old cases and units without a catalogue keep working: the rule asks for a matter only once the subject
    has a power list (here the catalogue covers the county department, not the township)."""
    case = b.clue(world, discovered_on=dt.date(2026, 2, 27))
    case = file_case(world, case)
    assert case.status == m.CaseStatus.INVESTIGATION


def test_clue_for_a_matter_the_township_does_not_hold_is_refused_naming_the_holder(world, county):
    with pytest.raises(InputError) as caught:
        township_clue(world, county)
    assert "示范县城市管理局" in str(caught.value) and "请移送有权机关" in str(caught.value)
    assert not m.Case.objects.exists()


def test_entrusted_matter_is_handled_by_the_brigade_in_the_departments_name(world, county):
    grant(world, county.matter, mode="entrust")
    case = township_clue(world, county)
    assert (case.enforcement_subject, case.handling_unit) == (world.county_dept, world.brigade)
    file_case(world, case)
    case.refresh_from_db()
    assert case.enforcement_subject == world.county_dept
    assert self_check(case, today=FILED_ON, prefix=RULE) == []


def test_summary_decision_gated_too(world, county):
    grant(world, county.matter, effective_to=dt.date(2026, 3, 1))
    case = b.clue(world, discovered_on=dt.date(2026, 3, 1), procedure=m.ProcedureType.SUMMARY, matter=county.matter)
    with refused(case, RULE, exact=False):
        s.summary_decide(
            case=case,
            actor=world.officer.user,
            officers=[world.officer, world.colleague],
            on=dt.date(2026, 3, 2),
            violation_start=dt.date(2026, 3, 1),
            facts="占道摆摊",
            legal_basis="《城市道路管理条例》第四十二条",
            penalty_types=["warning"],
            fine_amount=0,
            statement_heard="无异议",
        )
