import datetime as dt
from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import check_case, load_facts
from casemgmt.demo.documents import complete_case_file
from tests import builders as b
from tests.archive.conftest import VIOLATED, with_seal_and_benchmark


@pytest.mark.django_db
def test_ordinary_case_runs_from_clue_to_closing_without_findings(world):
    case = b.served(world)
    s.payment_record(
        case=case,
        actor=world.officer.user,
        kind=m.PaymentKind.FINE,
        amount=Decimal("500"),
        paid_on=dt.date(2026, 3, 30),
    )
    s.disclosure_publish(
        case=case, actor=world.officer.user, on=dt.date(2026, 3, 24), channel="县政府网站", content="处罚决定公示"
    )
    closing = s.case_close(
        case=case,
        actor=world.head.user,
        ground=m.ClosingGround.EXECUTED,
        ground_on=dt.date(2026, 3, 30),
        on=dt.date(2026, 4, 1),
    )
    case.refresh_from_db()
    assert case.status == m.CaseStatus.CLOSED
    assert closing.approved_by == world.head
    # Closed with none of its documents on file: the case-file rules name each missing one.
    missing = check_case(load_facts(case, today=dt.date(2026, 4, 2)))
    assert {f.rule for f in missing} == {"SAMR-78-REQUIRED-DOCUMENTS", "EVAL-CASE-FILE-DOCUMENTS"}
    assert any("行政处罚决定书" in f.detail for f in missing)
    with_seal_and_benchmark(case)
    complete_case_file(case, values={"violated_provision": VIOLATED})  # the documents its path requires
    assert check_case(load_facts(case, today=dt.date(2026, 4, 2))) == []
    assert case.events.count() >= 10
