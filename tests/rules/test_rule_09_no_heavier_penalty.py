"""Rule 9: the decision may not be heavier than the penalty in the prior notice; a heavier one needs a fresh notice
and a new statement period (APL Arts. 44–45; SAMR Art. 58)."""

from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s

from .support import d, decide, issue_notice, noticed_case, refused, reviewed_case, self_check, serve_notice, statement

pytestmark = pytest.mark.django_db

HEAVIER = "APL-45-NO-HEAVIER-PENALTY"
PERIOD = "SAMR-57-STATEMENT-PERIOD"
AFTER_PERIOD = d("2026-03-23")  # the notice is served Friday 03-13; its period ends 03-20


def notified(world, **kw):
    return noticed_case(world, served_on=d("2026-03-13"), fine=Decimal("500"), **kw)


def test_a_lighter_fine_than_notified_is_allowed(world):
    case = notified(world)
    assert decide(world, case, on=AFTER_PERIOD, fine=Decimal("400")).fine_amount == Decimal("400")


def test_a_higher_fine_than_notified_is_refused(world):
    case = notified(world)
    with refused(case, HEAVIER) as caught:
        decide(world, case, on=AFTER_PERIOD, fine=Decimal("500.01"))
    assert "重于告知书所告知的处罚" in caught.value.findings[0].detail


def test_an_extra_penalty_type_is_refused(world):
    case = notified(world)
    with refused(case, HEAVIER):
        decide(world, case, on=AFTER_PERIOD, types=["fine", "warning"], fine=Decimal("500"))


def test_a_warning_instead_of_the_notified_fine_is_lighter_and_allowed(world):
    case = notified(world)
    decision = decide(world, case, on=AFTER_PERIOD, types=["warning"], fine=Decimal("0"))
    assert decision.penalty_types == ["warning"]


def test_a_higher_confiscation_than_notified_is_refused(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"))
    notice = issue_notice(
        world,
        case,
        on=d("2026-03-13"),
        types=("fine", "confiscate_income"),
        fine=Decimal("500"),
        confiscation=Decimal("1000"),
    )
    serve_notice(world, notice, d("2026-03-13"))
    with refused(case, HEAVIER):
        decide(world, case, on=AFTER_PERIOD, types=["fine", "confiscate_income"], confiscation_amount=Decimal("1500"))


def test_after_a_statement_the_refusal_names_the_statement(world):
    case = notified(world)
    st = statement(world, case, kind=m.StatementKind.STATEMENT, on=d("2026-03-16"))
    s.statement_recheck(statement=st, actor=world.head.user, recheck="不予采纳", adopted=False, on=d("2026-03-17"))
    with refused(case, HEAVIER) as caught:
        decide(world, case, on=AFTER_PERIOD, fine=Decimal("800"))
    assert caught.value.findings[0].detail.startswith("当事人已陈述申辩或申请听证")


def test_a_fresh_notice_and_a_new_statement_period_allow_the_heavier_penalty(world):
    case = notified(world)
    with refused(case, HEAVIER):
        decide(world, case, on=AFTER_PERIOD, fine=Decimal("800"))

    # New facts found: notify the heavier penalty again, served Monday 03-23; new period 24, 25, 26, 27, 30.
    fresh = issue_notice(world, case, on=d("2026-03-23"), fine=Decimal("800"))
    serve_notice(world, fresh, d("2026-03-23"))
    assert fresh.supersedes is not None
    with refused(case, PERIOD):
        decide(world, case, on=d("2026-03-30"), fine=Decimal("800"))

    decision = decide(world, case, on=d("2026-03-31"), fine=Decimal("800"))
    assert decision.fine_amount == Decimal("800")
    assert self_check(case, today=d("2026-03-31"), prefix="APL-45") == []


def test_self_check_flags_a_recorded_decision_heavier_than_the_notice(world):
    case = notified(world)
    decision = decide(world, case, on=AFTER_PERIOD)
    assert self_check(case, today=AFTER_PERIOD, prefix="APL-45") == []

    m.Decision.objects.filter(pk=decision.pk).update(fine_amount=Decimal("900"))  # edited behind the service
    assert [f.rule for f in self_check(case, today=AFTER_PERIOD, prefix="APL-45")] == [HEAVIER]
