"""Rule 22: the penalty decision is published within the configured working days (7 by default, 20 where the policy
says), withdrawn within 3 working days of a recorded change, and a penalty case is not closed unpublished
(APL Art. 48; 国办发〔2018〕118号; SAMR 信息公示规定 Arts. 9, 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b
from tests.rules.support import codes, d, refused, self_check, set_policy

pytestmark = pytest.mark.django_db

DISCLOSURE = "APL-48-DISCLOSURE"

# b.decided()/b.served(): decided Friday 2026-03-20; the 7th working day after it is Tuesday 2026-03-31.
LAST_DAY = d("2026-03-31")


def publish(world, case, *, on, **kw):
    return s.disclosure_publish(
        case=case, actor=world.officer.user, on=on, channel="县政府网站", content="行政处罚决定信息", **kw
    )


def withdraw(world, disclosure, *, change_on, on, **kw):
    return s.disclosure_withdraw(
        disclosure=disclosure,
        actor=world.head.user,
        change_recorded_on=change_on,
        on=on,
        reason="复议机关撤销原处罚决定",
        **kw,
    )


def close_executed(world, case, *, ground_on, on):
    return s.case_close(case=case, actor=world.head.user, ground=m.ClosingGround.EXECUTED, ground_on=ground_on, on=on)


def test_publication_on_the_seventh_working_day_is_in_time_and_the_eighth_is_late(world):
    case = b.served(world)

    with refused(case, DISCLOSURE) as caught:
        publish(world, case, on=d("2026-04-01"))
    assert "公示期限至2026年3月31日" in caught.value.findings[0].detail

    assert publish(world, case, on=LAST_DAY).published_on == LAST_DAY
    assert self_check(case, today=d("2026-06-01"), prefix=DISCLOSURE) == []


def test_the_policy_can_set_twenty_working_days(world):
    set_policy(world, disclosure_working_days=20)
    case = b.served(world)
    # 20 working days after 03-20, skipping the 清明 holiday 04-04..04-06: 2026-04-20.

    with refused(case, DISCLOSURE):
        publish(world, case, on=d("2026-04-21"))

    assert publish(world, case, on=d("2026-04-20"))


def test_late_publication_needs_a_reason_and_remains_a_finding(world):
    case = b.served(world)

    disclosure = publish(world, case, on=d("2026-04-02"), late_reason="公示平台故障")

    assert disclosure.published_on == d("2026-04-02")
    assert case.events.order_by("-seq").first().reason == "公示平台故障"
    found = self_check(case, today=d("2026-04-03"), prefix=DISCLOSURE)
    assert codes(found) == {DISCLOSURE}
    assert "超过期限2026年3月31日" in found[0].detail


def test_publication_dated_before_the_decision_is_refused(world):
    case = b.served(world)

    with refused(case, DISCLOSURE) as caught:
        publish(world, case, on=d("2026-03-19"))
    assert "早于决定日期" in caught.value.findings[0].detail


def test_self_check_reports_an_unpublished_penalty_after_the_deadline(world):
    case = b.served(world)

    assert self_check(case, today=LAST_DAY, prefix=DISCLOSURE) == []
    found = self_check(case, today=d("2026-04-01"), prefix=DISCLOSURE)
    assert codes(found) == {DISCLOSURE}
    assert "未公示" in found[0].detail


def test_withdrawal_within_three_working_days_of_the_recorded_change(world):
    case = b.served(world)
    disclosure = publish(world, case, on=LAST_DAY)
    # Change recorded Wed 04-01; 04-04..04-06 are the 清明 holiday: 04-02, 04-03, 04-07.

    with refused(case, DISCLOSURE) as caught:
        withdraw(world, disclosure, change_on=d("2026-04-01"), on=d("2026-04-08"))
    assert "应于2026年4月7日前撤下公示" in caught.value.findings[0].detail

    with refused(case, DISCLOSURE) as caught:
        withdraw(world, disclosure, change_on=d("2026-04-01"), on=d("2026-03-31"))
    assert "早于决定变更日期" in caught.value.findings[0].detail

    withdrawn = withdraw(world, disclosure, change_on=d("2026-04-01"), on=d("2026-04-07"))
    assert withdrawn.withdrawn_on == d("2026-04-07")
    assert self_check(case, today=d("2026-05-01"), prefix=DISCLOSURE) == []


def test_late_withdrawal_needs_a_reason_and_remains_a_finding(world):
    case = b.served(world)
    disclosure = publish(world, case, on=LAST_DAY)

    withdraw(world, disclosure, change_on=d("2026-04-01"), on=d("2026-04-10"), late_reason="未及时收到复议决定书")

    found = self_check(case, today=d("2026-05-01"), prefix=DISCLOSURE)
    assert codes(found) == {DISCLOSURE}
    assert "公示未在2026年4月7日前撤下" in found[0].detail


def test_closing_a_penalty_case_without_disclosure_is_refused(world):
    case = b.served(world)
    s.payment_record(
        case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=Decimal("500"), paid_on=d("2026-03-30")
    )

    with refused(case, DISCLOSURE) as caught:
        close_executed(world, case, ground_on=d("2026-03-30"), on=d("2026-04-01"))
    assert "尚未公示" in caught.value.findings[0].detail

    publish(world, case, on=LAST_DAY)
    assert close_executed(world, case, ground_on=d("2026-03-30"), on=d("2026-04-01"))


def test_a_warning_only_penalty_is_closed_without_disclosure(world):
    case = b.served(world, types=("warning",), fine=Decimal("0"))

    closing = close_executed(world, case, ground_on=d("2026-03-23"), on=d("2026-03-25"))

    assert closing.ground == m.ClosingGround.EXECUTED
    assert self_check(case, today=d("2026-06-01"), prefix=DISCLOSURE) == []
