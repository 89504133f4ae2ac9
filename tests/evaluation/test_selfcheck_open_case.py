"""The self-check of a case still being handled reports its stage, the defects found so far and the steps still
to come, never a score (a case under investigation was predicted "100 分 优秀"); the dashboard's self-check
average counts finished (closed or archived) files only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import load_facts
from casemgmt.evaluation.scoring import score_facts
from casemgmt.evaluation.selfcheck import is_finished, still_to_come
from casemgmt.supervision.models import SweepTrigger
from casemgmt.supervision.selectors import Filters, dashboard_for
from casemgmt.supervision.snapshots import sweep_run
from tests import builders as b

pytestmark = pytest.mark.django_db
ARCHIVE = "立卷归档（卷内目录、备考表）"
DECIDE = "作出决定（行政处罚决定书）"
SERVE = "送达决定书（送达回证）"
EXECUTE = "执行（罚款缴纳凭证，或催告书、强制执行申请）"
CLOSE = "结案（结案报告）"


def test_a_case_under_investigation_gets_no_score_but_the_steps_to_come(world, client):
    case = b.filed(world)
    assert case.status == m.CaseStatus.INVESTIGATION and not is_finished(case)
    score = score_facts(load_facts(case))
    assert not score.final and score.stage == "调查取证"
    assert "立案（立案审批表）" not in score.to_come
    assert score.to_come[-5:] == [DECIDE, SERVE, EXECUTE, CLOSE, ARCHIVE]
    client.force_login(world.officer.user)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    card = page[page.index('data-testid="selfcheck"') :]
    assert 'data-testid="selfcheck-total"' not in card and "优秀" not in card.split("</div>")[0]
    assert "案件尚在办理（调查取证）" in card and f"<li>{DECIDE}</li>" in card


def test_a_decided_case_has_only_the_later_steps_to_come(world):
    score = score_facts(load_facts(b.decided(world)))
    assert not score.final
    assert score.to_come == [SERVE, EXECUTE, CLOSE, ARCHIVE]


def test_a_served_case_no_longer_waits_for_service(world):
    case = b.served(world)
    assert still_to_come(load_facts(case)) == [EXECUTE, CLOSE, ARCHIVE]


def test_a_paid_fine_leaves_closing_and_archiving(world):
    from casemgmt.cases import services as s

    case = b.served(world)
    fine = case.decisions.get().fine_amount
    assert fine > 0
    s.payment_record(
        case=case,
        actor=world.officer.user,
        kind=m.PaymentKind.FINE,
        amount=fine - Decimal("1"),
        paid_on=dt.date(2026, 3, 30),
    )
    assert still_to_come(load_facts(case)) == [EXECUTE, CLOSE, ARCHIVE]  # one yuan short: still to execute
    s.payment_record(
        case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=Decimal("1"), paid_on=dt.date(2026, 3, 31)
    )
    assert still_to_come(load_facts(case)) == [CLOSE, ARCHIVE]


def test_a_closed_case_is_scored_with_nothing_to_come(world):
    from tests.archive.conftest import closed_case

    case = closed_case(world)
    assert is_finished(case)
    score = score_facts(load_facts(case))
    assert score.final and score.to_come == [] and score.total == Decimal("100")


def test_the_dashboard_average_counts_finished_files_only(world):
    from tests.archive.conftest import closed_case

    b.filed(world)  # open: would have "scored" 100 before
    today = dt.date(2026, 4, 20)
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=today)
    board = dashboard_for(user=world.head.user, filters=Filters(year=2026), today=today)
    assert (board.finished_mean_score, board.finished_scored) == (None, 0)

    closed = closed_case(world)
    m.Case.objects.filter(pk=closed.pk).update(filing_approved_by=None)  # a 4-point deduction (P1)
    sweep_run(trigger=SweepTrigger.SCHEDULED, today=today)
    board = dashboard_for(user=world.head.user, filters=Filters(year=2026), today=today)
    assert (board.finished_mean_score, board.finished_scored) == (Decimal("96.0"), 1)


def test_a_terminated_case_still_has_closing_and_archiving_to_come(world):
    from casemgmt.cases import services as s

    case = s.case_terminate(
        case=b.filed(world),
        actor=world.officer.user,
        approved_by=world.head,
        on=dt.date(2026, 3, 5),
        reason="当事人死亡",
    )
    assert case.status == m.CaseStatus.TERMINATED
    score = score_facts(load_facts(case))
    assert not score.final and score.to_come == [CLOSE, ARCHIVE]
