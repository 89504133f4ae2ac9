"""Rule 23: closing (结案) only on a listed ground that is true of the case, approved by a head within 15 working days
of the day the ground occurred (SAMR Art. 77)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b
from tests.rules.support import codes, d, decide, noticed_case, refused, reviewed_case, self_check

pytestmark = pytest.mark.django_db

CLOSING = "SAMR-77-CLOSING"


def close(world, case, *, ground=m.ClosingGround.EXECUTED, ground_on, on, **kw):
    return s.case_close(case=case, actor=world.head.user, ground=ground, ground_on=ground_on, on=on, **kw)


def pay_fine(world, case, *, on, amount="500"):
    return s.payment_record(
        case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=Decimal(amount), paid_on=on
    )


def published(world, case, *, on):
    s.disclosure_publish(case=case, actor=world.officer.user, on=on, channel="县政府网站", content="行政处罚决定信息")
    return case


def executed_case(world) -> m.Case:
    """b.served(): decided 03-20, served 03-23, published 03-24; the 500-yuan fine paid on 03-30."""
    case = published(world, b.served(world), on=d("2026-03-24"))
    pay_fine(world, case, on=d("2026-03-30"))
    return case


def test_approval_on_the_fifteenth_working_day_across_mid_autumn_and_national_day(world):
    # Fine paid Tue 09-22. Holidays 09-25..27 and 10-01..07, make-up working day Sat 10-10:
    # 09-23, 24, 28, 29, 30, 10-08, 09, 10, 12, 13, 14, 15, 16, 19, 20 — the 15th working day is 10-20.
    case = noticed_case(world, served_on=d("2026-08-24"))
    decide(world, case, on=d("2026-09-01"))
    s.decision_serve(
        case=case,
        actor=world.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=d("2026-09-02"),
    )
    published(world, case, on=d("2026-09-02"))
    pay_fine(world, case, on=d("2026-09-22"))

    with refused(case, CLOSING) as caught:
        close(world, case, ground_on=d("2026-09-22"), on=d("2026-10-21"))
    assert "结案审批期限至2026年10月20日" in caught.value.findings[0].detail

    closing = close(world, case, ground_on=d("2026-09-22"), on=d("2026-10-20"))
    case.refresh_from_db()
    assert (case.status, case.closed_on, closing.approved_by) == (m.CaseStatus.CLOSED, d("2026-10-20"), world.head)
    assert self_check(case, today=d("2026-11-01"), prefix=CLOSING) == []


def test_late_approval_needs_a_reason_and_remains_a_finding(world):
    case = executed_case(world)  # the 15th working day after 03-30 (清明 04-04..06 skipped) is 04-21

    close(world, case, ground_on=d("2026-03-30"), on=d("2026-04-22"), late_reason="负责人外出学习")

    assert case.events.order_by("-seq").first().reason == "负责人外出学习"
    found = self_check(case, today=d("2026-05-01"), prefix=CLOSING)
    assert codes(found) == {CLOSING}
    assert "2026年4月21日" in found[0].detail


def test_a_ground_that_is_not_true_of_the_case_is_refused(world):
    case = published(world, b.served(world), on=d("2026-03-24"))  # the fine is unpaid
    attempts = [
        (m.ClosingGround.EXECUTED, {}, "罚款尚未缴清"),
        (m.ClosingGround.NO_PENALTY, {}, "尚无不予行政处罚决定"),
        (m.ClosingGround.TRANSFERRED, {}, "尚无移送决定"),
        (m.ClosingGround.INVESTIGATION_TERMINATED, {}, "案件未终止调查"),
        (m.ClosingGround.COURT_TERMINATED, {}, "尚未申请法院强制执行"),
        (m.ClosingGround.OTHER, {"summary": "  "}, "须写明具体情形"),
    ]
    for ground, kw, detail in attempts:
        with refused(case, CLOSING) as caught:
            close(world, case, ground=ground, ground_on=d("2026-03-30"), on=d("2026-04-01"), **kw)
        assert detail in caught.value.findings[0].detail, ground


def test_the_ground_date_is_the_one_the_file_records(world):
    case = executed_case(world)  # fully executed on 03-30

    with refused(case, CLOSING) as caught:  # a later date would restart the 15-working-day clock
        close(world, case, ground_on=d("2026-04-20"), on=d("2026-05-06"))
    details = [f.detail for f in caught.value.findings]
    assert "依案卷记录，结案事由发生于2026年3月30日，填写的2026年4月20日不符" in details
    assert any("结案审批期限至2026年4月21日" in x for x in details)

    with refused(case, CLOSING):  # nor may it predate the last payment
        close(world, case, ground_on=d("2026-03-27"), on=d("2026-04-01"))

    assert close(world, case, ground_on=d("2026-03-30"), on=d("2026-04-21"))


def test_approval_dated_before_the_ground_is_refused(world):
    case = executed_case(world)

    with refused(case, CLOSING) as caught:
        close(world, case, ground_on=d("2026-03-30"), on=d("2026-03-27"))
    assert "早于结案事由发生日期" in caught.value.findings[0].detail


def test_a_no_penalty_decision_is_closed_on_its_own_date(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-10"))
    decide(world, case, on=d("2026-03-12"), kind=m.DecisionKind.NOT_ESTABLISHED, types=[], fine=Decimal("0"))

    with refused(case, CLOSING):
        close(world, case, ground=m.ClosingGround.TRANSFERRED, ground_on=d("2026-03-12"), on=d("2026-03-13"))
    with refused(case, CLOSING):
        close(world, case, ground=m.ClosingGround.NO_PENALTY, ground_on=d("2026-03-13"), on=d("2026-03-13"))

    assert close(world, case, ground=m.ClosingGround.NO_PENALTY, ground_on=d("2026-03-12"), on=d("2026-03-13"))


def test_a_terminated_investigation_is_closed_on_that_ground(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-10"))
    s.case_terminate(
        case=case, actor=world.head.user, approved_by=world.mayor, on=d("2026-03-16"), reason="当事人死亡，无继承人"
    )

    closing = close(
        world, case, ground=m.ClosingGround.INVESTIGATION_TERMINATED, ground_on=d("2026-03-16"), on=d("2026-03-18")
    )

    assert closing.ground == m.ClosingGround.INVESTIGATION_TERMINATED
    assert self_check(case, today=d("2026-04-01"), prefix=CLOSING) == []


def test_self_check_flags_a_recorded_closing_without_head_approval(world):
    case = executed_case(world)
    close(world, case, ground_on=d("2026-03-30"), on=d("2026-04-01"))
    m.Closing.objects.filter(case=case).update(approved_by=world.officer)

    found = self_check(case, today=d("2026-04-02"), prefix=CLOSING)

    assert codes(found) == {CLOSING}
    assert "未经本机关负责人批准" in found[0].detail
