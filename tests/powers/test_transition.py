"""Transition period (过渡期): the county department leads in its own name, the township brigade assists, from
clue to decision; afterwards new cases go to the township, and open ones finish with the department or are
transferred, as the administrator chose."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import InputError
from casemgmt.powers import services as ps
from casemgmt.powers.models import Transfer, TransferStatus
from tests import builders as b
from tests.rules.support import at, refused, self_check

from .conftest import grant

TRANSITION_END = dt.date(2026, 6, 30)


@pytest.fixture
def transition(world, county):
    return grant(world, county.matter, transition_until=TRANSITION_END, transition_lead=world.county_dept)


def file_joint(world, county, case, on):
    return s.case_file(
        case=case,
        actor=county.dept_head.user,
        officers=[world.county_officer, world.officer],
        lead=world.county_officer,
        approved_by=county.dept_chief,
        on=on,
        violation_start=on - dt.timedelta(days=2),
        violation_end=on - dt.timedelta(days=2),
    )


def run_to_notice(world, county, case, *, filed_on):
    file_joint(world, county, case, filed_on)
    # The township officer takes part in the inspection with the department's officer.
    s.record_add(
        case=case,
        actor=world.officer.user,
        kind=m.RecordKind.INSPECTION,
        started_at=at(filed_on),
        ended_at=at(filed_on, 11),
        place="人民路",
        content="联合检查",
        signers=[world.county_officer, world.officer],
        pages=1,
        party_signed_pages=1,
        rights_told=True,
    )
    report_on = filed_on + dt.timedelta(days=5)
    s.report_submit(
        case=case,
        actor=world.county_officer.user,
        on=report_on,
        facts="占道经营",
        evidence_summary="现场笔录",
        nature="违反《城市道路管理条例》第二十七条",
        legal_basis="《城市道路管理条例》第四十二条",
        discretion_reasons="一般情节",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    s.review_record(
        case=case,
        actor=county.dept_head.user,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=report_on,
    )
    notice = s.notice_issue(
        case=case,
        actor=world.county_officer.user,
        on=report_on + dt.timedelta(days=1),
        facts_and_reasons="占道经营",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    s.notice_serve(
        notice=notice,
        actor=world.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=report_on + dt.timedelta(days=1),
    )
    case.refresh_from_db()
    return case


def decide(world, county, case, on):
    return s.decision_make(
        case=case,
        actor=county.dept_chief.user,
        kind=m.DecisionKind.PENALTY,
        on=on,
        facts="占道经营",
        legal_basis="《城市道路管理条例》第四十二条",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
        performance="十五日内缴纳",
        remedy="六十日内申请行政复议或六个月内提起行政诉讼",
        correction_order="责令当事人立即停止占道经营",
    )


def test_transition_case_from_clue_to_decision_in_the_departments_name(world, county, transition):
    case = b.clue(world, discovered_on=dt.date(2026, 3, 2), matter=county.matter)
    # Registered by the township officer, routed by the power list: the department leads, the brigade assists.
    assert (case.enforcement_subject, case.handling_unit) == (world.county_dept, world.county_dept)
    assert list(case.assisting_units.all()) == [world.brigade]
    assert case.events.filter(action="power_route").exists()

    case = run_to_notice(world, county, case, filed_on=dt.date(2026, 3, 3))
    assert case.number.startswith("县城管立〔2026〕")  # the lead's numbering
    units = dict(case.officers.values_list("officer__name", "unit__name"))
    assert units == {"吴城管": "示范县城市管理局", "张执法": "城关镇综合行政执法大队"}

    decision = decide(world, county, case, dt.date(2026, 3, 20))
    case.refresh_from_db()
    assert case.status == m.CaseStatus.DECIDED and decision.decided_by == county.dept_chief
    assert case.enforcement_subject == world.county_dept
    assert self_check(case, today=dt.date(2026, 3, 20), prefix="APL-24") == []
    # Both sides see the case; another township does not.
    for persona in (world.officer, world.head, world.county_officer, county.dept_head):
        assert cases_visible_to(user=persona.user).filter(pk=case.pk).exists()
    assert not cases_visible_to(user=world.outsider.user).filter(pk=case.pk).exists()


def test_township_mayor_cannot_decide_a_transition_case(world, county, transition):
    """The brigade assists; the decision is the department's (its agency head decides)."""
    case = b.clue(world, discovered_on=dt.date(2026, 3, 2), matter=county.matter)
    case = run_to_notice(world, county, case, filed_on=dt.date(2026, 3, 3))
    with refused(case, "APL-57-DECIDED-FOR-SUBJECT"):
        s.decision_make(
            case=case,
            actor=world.mayor.user,
            kind=m.DecisionKind.PENALTY,
            on=dt.date(2026, 3, 20),
            facts="占道经营",
            legal_basis="《城市道路管理条例》第四十二条",
            penalty_types=["fine"],
            fine_amount=Decimal("500"),
            correction_order="责令当事人立即停止占道经营",
        )


def test_after_the_transition_new_cases_go_to_the_township(world, county, transition):
    case = b.clue(world, discovered_on=TRANSITION_END + dt.timedelta(days=1), matter=county.matter)
    assert (case.enforcement_subject, case.handling_unit) == (world.township, world.brigade)
    assert not case.assisting_units.exists()


def test_department_case_on_the_last_transition_day_is_still_the_departments(world, county, transition):
    case = b.clue(world, discovered_on=TRANSITION_END, matter=county.matter)
    assert case.enforcement_subject == world.county_dept


def test_open_case_finishes_with_the_department_when_the_grant_says_so(world, county, transition):
    case = b.clue(world, discovered_on=dt.date(2026, 6, 22), matter=county.matter)
    case = run_to_notice(world, county, case, filed_on=dt.date(2026, 6, 23))
    decide(world, county, case, dt.date(2026, 7, 10))  # after the transition ended
    case.refresh_from_db()
    assert case.status == m.CaseStatus.DECIDED and case.enforcement_subject == world.county_dept


def test_open_cases_transferred_to_the_township_when_the_department_does_not_finish_them(world, county, transition):
    transition.lead_finishes_open_cases = False
    transition.save()
    case = b.clue(world, discovered_on=dt.date(2026, 6, 22), matter=county.matter)
    case = run_to_notice(world, county, case, filed_on=dt.date(2026, 6, 23))
    with refused(case, "APL-24-SUBJECT-HOLDS-MATTER"):
        decide(world, county, case, dt.date(2026, 7, 10))

    dry = ps.grant_reroute(grant=transition, on=TRANSITION_END + dt.timedelta(days=1), actor=county.admin.user)
    assert [(i.case.pk, i.to_unit, i.action) for i in dry.items] == [(case.pk, world.brigade, "transfer")]
    assert not Transfer.objects.exists()

    done = ps.grant_reroute(
        grant=transition,
        on=TRANSITION_END + dt.timedelta(days=1),
        actor=county.admin.user,
        dry_run=False,
        at=at(dt.date(2026, 7, 1)),
    )
    transfer = done.transfers[0]
    assert (transfer.from_unit, transfer.to_unit, transfer.status) == (
        world.county_dept,
        world.brigade,
        TransferStatus.SENT,
    )
    ps.transfer_accept(transfer=transfer, actor=world.head.user, on=dt.date(2026, 7, 2), receipt_number="回执1")
    case.refresh_from_db()
    assert (case.enforcement_subject, case.handling_unit) == (world.township, world.brigade)
    assert not case.assisting_units.exists()  # the brigade now handles it
    b.decide(world, case, on=dt.date(2026, 7, 10))
    case.refresh_from_db()
    assert case.status == m.CaseStatus.DECIDED


def test_department_registering_a_transition_matter_gets_the_township_brigade_as_assistant(world, county, transition):
    case = s.clue_register(
        actor=world.county_officer.user,
        handling_unit=world.county_dept,
        source=m.ClueSource.COMPLAINT,
        summary="群众举报城关镇人民路占道经营",
        discovered_on=dt.date(2026, 3, 2),
        cause="占道经营",
        matter=county.matter,
        locality=world.township,
        at=at(dt.date(2026, 3, 2)),
    )
    assert (case.enforcement_subject, case.handling_unit, case.locality) == (
        world.county_dept,
        world.county_dept,
        world.township,
    )
    assert list(case.assisting_units.all()) == [world.brigade]
    # After the transition the department may no longer register it for 城关镇.
    with pytest.raises(InputError):
        s.clue_register(
            actor=world.county_officer.user,
            handling_unit=world.county_dept,
            source=m.ClueSource.COMPLAINT,
            summary="群众举报",
            discovered_on=TRANSITION_END + dt.timedelta(days=1),
            cause="占道经营",
            matter=county.matter,
            locality=world.township,
            at=at(TRANSITION_END + dt.timedelta(days=1)),
        )
