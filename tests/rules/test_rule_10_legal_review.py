"""Rule 10: 法制审核 before the decision when a trigger applies; who may review (APL Art. 58; SAMR Arts. 49–51)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.models.policy import Comparison
from casemgmt.cases.rulebook import Attempt, findings_for, load_facts
from casemgmt.org.models import Role
from casemgmt.org.services import membership_add
from tests import builders as b
from tests.rules.support import (
    codes,
    d,
    decide,
    issue_notice,
    noticed_case,
    refused,
    reviewed_case,
    self_check,
    serve_notice,
)

pytestmark = pytest.mark.django_db

REQUIRED = "APL-58-LEGAL-REVIEW-REQUIRED"
NOT_HANDLER = "SAMR-49-REVIEWER-NOT-HANDLER"
QUALIFIED = "APL-58-REVIEWER-QUALIFIED"

SERVED = d("2026-04-13")  # notice served on a Monday: the statement period runs to 2026-04-20
DECIDE_ON = d("2026-04-21")


@pytest.fixture(autouse=True)
def _no_collective_discussion_needed(world):
    """Rule 12 (集体讨论 for every reviewed case) is tested on its own; keep these refusals to rule 10."""
    m.ProcedurePolicy.objects.create(unit=world.township, collective_discussion_for_all_reviewed=False)


def legal_review(world, case, *, on, result=m.ReviewResult.APPROVE, reviewer=None):
    return s.review_record(
        case=case,
        actor=(reviewer or world.reviewer).user,
        kind=m.ReviewKind.LEGAL,
        result=result,
        opinion="法制审核意见",
        on=on,
    )


def review_trigger(**fields) -> m.ReviewTrigger:
    values = {
        "citizen_fine": Decimal("500"),
        "organisation_fine": Decimal("5000"),
        "effective_from": d("2026-01-01"),
        "source": "示范县重大执法决定法制审核目录清单",
    }
    values.update(fields)
    return m.ReviewTrigger.objects.create(**values)


# --- the gate on the decision ----------------------------------------------------------------------------------


def test_decision_refused_until_the_latest_legal_review_round_approves(world):
    case = noticed_case(world, served_on=SERVED, major_public_interest=True)

    with refused(case, REQUIRED) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "涉及重大公共利益" in caught.value.findings[0].detail
    assert "尚无法制审核意见" in caught.value.findings[0].detail

    legal_review(world, case, on=d("2026-04-20"), result=m.ReviewResult.CORRECT)
    with refused(case, REQUIRED) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "建议纠正" in caught.value.findings[0].detail

    second = legal_review(world, case, on=DECIDE_ON)
    decision = decide(world, case, on=DECIDE_ON)

    assert second.round == 2
    assert decision.decided_on == DECIDE_ON
    assert self_check(case, today=DECIDE_ON, prefix="APL-58") == []


def test_a_failing_round_after_an_approval_blocks_the_decision(world):
    case = noticed_case(world, served_on=SERVED, multiple_legal_relations=True)
    legal_review(world, case, on=d("2026-04-14"))
    legal_review(world, case, on=d("2026-04-16"), result=m.ReviewResult.OTHER)

    with refused(case, REQUIRED):
        decide(world, case, on=DECIDE_ON)


def test_a_legal_review_dated_after_the_decision_does_not_count(world):
    case = noticed_case(world, served_on=SERVED, major_public_interest=True)
    legal_review(world, case, on=d("2026-04-22"))

    with refused(case, REQUIRED):
        decide(world, case, on=DECIDE_ON)

    assert decide(world, case, on=d("2026-04-22"))


def test_an_approval_of_an_earlier_report_does_not_cover_a_resubmitted_report(world):
    case = noticed_case(world, served_on=SERVED, major_public_interest=True)
    legal_review(world, case, on=d("2026-04-14"))
    s.review_record(
        case=case, actor=world.head.user, kind=m.ReviewKind.CASE, result=m.ReviewResult.INVESTIGATE,
        opinion="证据不足，建议补充调查", on=d("2026-04-15"),
    )  # fmt: skip
    s.report_submit(
        case=case, actor=world.officer.user, on=d("2026-04-16"), facts="占道经营（补充调查）", evidence_summary="补充询问笔录",
        nature="违反《城市道路管理条例》第二十七条", legal_basis="《城市道路管理条例》第四十二条",
        discretion_reasons="初次违法，一般情节", penalty_types=["fine"], fine_amount=Decimal("500"),
    )  # fmt: skip

    with refused(case, REQUIRED) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "早于2026年4月16日重新提交的调查终结报告" in caught.value.findings[0].detail

    legal_review(world, case, on=d("2026-04-17"))
    assert decide(world, case, on=DECIDE_ON)


@pytest.mark.parametrize(
    ("case_flags", "decide_kw", "reason"),
    [
        ({"major_public_interest": True}, {}, "涉及重大公共利益"),
        ({"multiple_legal_relations": True}, {}, "涉及多个法律关系"),
        ({}, {"is_reduction": True, "reduction_ground": "当事人主动消除违法后果（行政处罚法第三十二条）"}, "减轻处罚"),
    ],
    ids=["major-public-interest", "complex-legal-relations", "reduction-in-decision"],
)
def test_built_in_triggers_block_the_decision_without_review(world, case_flags, decide_kw, reason):
    case = noticed_case(world, served_on=SERVED, **case_flags)

    with refused(case, REQUIRED) as caught:
        decide(world, case, on=DECIDE_ON, **decide_kw)
    assert reason in caught.value.findings[0].detail

    legal_review(world, case, on=DECIDE_ON)
    assert decide(world, case, on=DECIDE_ON, **decide_kw).decided_on == DECIDE_ON


def test_a_reduction_proposed_in_the_report_needs_review_even_if_the_decision_omits_the_flag(world):
    case = b.noticed(world, reduction=True)  # report proposes 减轻; notice served 2026-03-12

    with refused(case, REQUIRED) as caught:
        b.decide(world, case, on=d("2026-03-20"))
    assert "减轻处罚" in caught.value.findings[0].detail


def test_no_review_is_required_without_a_trigger(world):
    case = noticed_case(world, served_on=SERVED)

    assert decide(world, case, on=DECIDE_ON).decided_on == DECIDE_ON


def test_a_configured_fine_threshold_with_gte_catches_the_threshold_amount(world):
    review_trigger(comparison=Comparison.GTE)
    case = noticed_case(world, served_on=SERVED, fine=Decimal("500"))

    with refused(case, REQUIRED) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "达到法制审核标准（示范县重大执法决定法制审核目录清单）" in caught.value.findings[0].detail


def test_a_configured_fine_threshold_with_gt_lets_the_threshold_amount_through(world):
    review_trigger(comparison=Comparison.GT)
    case = noticed_case(world, served_on=SERVED, fine=Decimal("500"))

    assert decide(world, case, on=DECIDE_ON).fine_amount == Decimal("500")


def test_licence_revocation_in_the_county_list_needs_review(world):
    review_trigger(citizen_fine=None, organisation_fine=None, includes_licence_revocation=True)
    case = reviewed_case(world, filed_on=d("2026-04-01"), review_on=d("2026-04-10"), types=("revoke_licence",), fine=0)
    notice = issue_notice(world, case, on=SERVED, types=("revoke_licence",), fine=0, hearing_right=True)
    serve_notice(world, notice, SERVED)

    with refused(case, REQUIRED) as caught:
        decide(world, case, on=DECIDE_ON)
    assert "吊销许可证件" in caught.value.findings[0].detail

    legal_review(world, case, on=DECIDE_ON)
    assert decide(world, case, on=DECIDE_ON).penalty_types == ["revoke_licence"]


# --- the trigger table: comparison, effective dates, party type, scope (rulebook level) -------------------------------


def _review_required(case, on=DECIDE_ON, fine=Decimal("500")) -> bool:
    attempt = Attempt(
        "decide", on, data={"kind": m.DecisionKind.PENALTY, "penalty_types": ["fine"], "fine_amount": fine}
    )
    return REQUIRED in codes(findings_for(load_facts(case, today=on), attempt))


THRESHOLD_TABLE = [
    # (what is configured, intended fine, review required?)
    ({"comparison": Comparison.GTE}, "500", True),
    ({"comparison": Comparison.GTE}, "499.99", False),
    ({"comparison": Comparison.GT}, "500", False),
    ({"comparison": Comparison.GT}, "500.01", True),
    ({"effective_from": DECIDE_ON}, "500", True),
    ({"effective_from": DECIDE_ON + dt.timedelta(days=1)}, "500", False),
    ({"effective_to": DECIDE_ON}, "500", True),
    ({"effective_to": DECIDE_ON - dt.timedelta(days=1)}, "500", False),
    ({"citizen_fine": None}, "500", False),  # the party is a citizen: only the organisation figure is set
    ({"field": "市场监管"}, "500", False),  # another enforcement field
]


def test_configured_threshold_applies_by_comparison_and_effective_dates(world):
    case = noticed_case(world, served_on=SERVED)

    for trigger, fine, required in THRESHOLD_TABLE:
        configured = review_trigger(**trigger)
        assert _review_required(case, fine=Decimal(fine)) is required, (trigger, fine)
        configured.delete()


def test_organisation_parties_are_measured_against_the_organisation_threshold(world):
    case = noticed_case(world, served_on=SERVED, party_kind=m.PartyKind.ORGANISATION)
    review_trigger(citizen_fine=Decimal("100"), organisation_fine=Decimal("5000"))

    assert _review_required(case, fine=Decimal("4999")) is False
    assert _review_required(case, fine=Decimal("5000")) is True


def test_another_townships_threshold_does_not_apply(world):
    case = noticed_case(world, served_on=SERVED)
    review_trigger(unit=world.other_township)

    assert _review_required(case) is False
    review_trigger(unit=world.township)
    assert _review_required(case) is True


# --- who may review ------------------------------------------------------------------------------------------------


def test_a_case_handler_cannot_review_the_case(world):
    case = noticed_case(world, served_on=SERVED)
    # The colleague is one of the case's two handlers and also holds the reviewer role and the qualification.
    membership_add(officer=world.colleague, unit=world.township, role=Role.LEGAL_REVIEWER)
    world.colleague.legal_qualification_no = "A20190000001"
    world.colleague.save()

    for kind in (m.ReviewKind.LEGAL, m.ReviewKind.CASE):
        with refused(case, NOT_HANDLER) as caught:
            s.review_record(
                case=case,
                actor=world.colleague.user,
                kind=kind,
                result=m.ReviewResult.APPROVE,
                opinion="同意",
                on=SERVED,
            )
        assert "李执法是本案承办人员" in caught.value.findings[0].detail


def test_legal_review_needs_a_reviewer_with_legal_professional_qualification(world):
    case = noticed_case(world, served_on=SERVED, major_public_interest=True)
    assert not world.head.has_legal_qualification

    with refused(case, QUALIFIED):
        legal_review(world, case, on=SERVED, reviewer=world.head)

    # 案件审核 does not need the qualification; it does not satisfy the 法制审核 requirement either.
    s.review_record(
        case=case,
        actor=world.head.user,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=SERVED,
    )
    with refused(case, REQUIRED):
        decide(world, case, on=DECIDE_ON)


def test_self_check_flags_recorded_reviews_by_handlers_or_unqualified_reviewers(world):
    case = noticed_case(world, served_on=SERVED)
    # Imported from a legacy file, bypassing the services.
    m.ReviewOpinion.objects.create(
        case=case,
        recorded_by=world.officer.user,
        kind=m.ReviewKind.LEGAL,
        round=1,
        reviewer=world.officer,
        reviewed_on=SERVED,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
    )

    found = self_check(case, today=SERVED)

    assert {NOT_HANDLER, QUALIFIED} <= codes(found)


def test_self_check_flags_a_recorded_decision_that_needed_review(world):
    case = noticed_case(world, served_on=SERVED)
    decide(world, case, on=DECIDE_ON)
    assert self_check(case, today=DECIDE_ON, prefix="APL-58") == []

    m.Case.objects.filter(pk=case.pk).update(major_public_interest=True)  # re-characterised on evaluation

    assert codes(self_check(case, today=DECIDE_ON)) >= {REQUIRED}
