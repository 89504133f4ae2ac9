import datetime as dt
from decimal import Decimal

import pytest
from viewflow.workflow.status import PROCESS

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import RuleViolation
from workflows import engine
from workflows.flows import SummaryProcedureFlow

from .helpers import do, open_task_names

S = m.CaseStatus
pytestmark = pytest.mark.django_db


def test_summary_case_flow_runs_from_on_spot_decision_to_closing(world, registered):
    case = registered(m.ProcedureType.SUMMARY)
    assert engine.process_of(case).flow_class is SummaryProcedureFlow
    assert open_task_names(case) == ["on_spot"]

    do(
        case,
        world.officer.user,
        "summary_decide",
        s.summary_decide,
        officers=[world.officer, world.colleague],
        on=dt.date(2026, 3, 2),
        violation_start=dt.date(2026, 3, 2),
        facts="占道经营",
        legal_basis="依据",
        penalty_types=["fine"],
        fine_amount=Decimal("50"),
    )
    assert (case.status, open_task_names(case)) == (S.SERVED, ["payment", "publish"])

    do(
        case,
        world.officer.user,
        "record_payment",
        s.payment_record,
        kind=m.PaymentKind.FINE,
        amount=Decimal("50"),
        paid_on=dt.date(2026, 3, 5),
    )
    do(
        case,
        world.officer.user,
        "publish",
        s.disclosure_publish,
        on=dt.date(2026, 3, 4),
        channel="县政府网站",
        content="公示",
    )
    do(
        case,
        world.head.user,
        "close",
        s.case_close,
        ground=m.ClosingGround.EXECUTED,
        ground_on=dt.date(2026, 3, 5),
        on=dt.date(2026, 3, 6),
    )
    assert case.status == S.CLOSED
    assert engine.process_of(case).status == PROCESS.DONE


def test_fine_collected_on_the_spot_needs_no_payment_task(world, registered):
    case = registered(m.ProcedureType.SUMMARY)
    do(
        case,
        world.officer.user,
        "summary_decide",
        s.summary_decide,
        officers=[world.officer, world.colleague],
        on=dt.date(2026, 3, 2),
        violation_start=dt.date(2026, 3, 2),
        facts="占道经营",
        legal_basis="依据",
        penalty_types=["fine"],
        fine_amount=Decimal("50"),
        collected_on_spot=True,
        on_spot_ground=m.OnSpotGround.SMALL,
        receipt_number="NO.0001",
    )
    assert (case.status, open_task_names(case)) == (S.EXECUTION, ["publish"])


def test_summary_fine_above_the_ceiling_is_refused_and_the_task_stays_open(world, registered):
    case = registered(m.ProcedureType.SUMMARY)
    with pytest.raises(RuleViolation) as refused:
        do(
            case,
            world.officer.user,
            "summary_decide",
            s.summary_decide,
            officers=[world.officer, world.colleague],
            on=dt.date(2026, 3, 2),
            violation_start=dt.date(2026, 3, 2),
            facts="占道经营",
            legal_basis="依据",
            penalty_types=["fine"],
            fine_amount=Decimal("500"),
        )
    assert "APL-51-SUMMARY-CEILING" in {f.rule for f in refused.value.findings}
    case.refresh_from_db()
    assert case.status == S.CLUE
    assert open_task_names(case) == ["on_spot"]
