"""Rule 21: apply to the court only after the 60-day 复议 and 6-month 诉讼 periods expired without challenge, at least
10 working days after a 催告书 was served, and within 3 months of the expiry or of an approved deferment's end
(行政强制法 Arts. 53–54, 69; APL Art. 72 para 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b
from tests.rules.conftest import NOW
from tests.rules.support import codes, d, refused, self_check

pytestmark = pytest.mark.django_db

COURT = "CE-53-COURT-APPLICATION"

# b.served(): served Monday 2026-03-23. 复议 ends 05-22, 诉讼 (6 months) ends Wed 09-23; the window is
# 2026-09-24 .. 2026-12-23.
FIRST_DAY = d("2026-09-24")
LAST_DAY = d("2026-12-23")


def remind(world, case, *, served_on, issued_on=None):
    return s.reminder_issue(
        case=case,
        actor=world.officer.user,
        issued_on=issued_on or served_on,
        served_on=served_on,
        content="请于收到本催告书之日起十日内缴纳罚款",
    )


def apply(world, case, *, on):
    """Apply on the day ``on`` itself: an application cannot be dated after today (PROC-DATE-NOT-FUTURE)."""
    with time_machine.travel(b.at(max(on, NOW.date())), tick=False):
        return s.court_apply(case=case, actor=world.mayor.user, on=on, court="示范县人民法院")


def test_refused_while_the_litigation_period_runs_and_allowed_the_day_after(world):
    case = b.served(world)
    remind(world, case, served_on=d("2026-09-01"))

    with refused(case, COURT) as caught:
        apply(world, case, on=d("2026-09-23"))
    assert "复议、诉讼期限至2026年9月23日届满" in caught.value.findings[0].detail

    application = apply(world, case, on=FIRST_DAY)
    case.refresh_from_db()
    assert (application.signed_by, case.status) == (world.mayor, m.CaseStatus.EXECUTION)
    assert self_check(case, today=FIRST_DAY, prefix="CE-53") == []


def test_refused_more_than_three_months_after_the_periods_expired(world):
    case = b.served(world)
    remind(world, case, served_on=d("2026-09-01"))

    with refused(case, COURT) as caught:
        apply(world, case, on=d("2026-12-24"))
    assert "申请期限已于2026年12月23日届满" in caught.value.findings[0].detail

    assert apply(world, case, on=LAST_DAY).applied_on == LAST_DAY


def test_refused_when_the_party_sought_reconsideration(world):
    case = b.served(world)
    s.challenge_record(case=case, actor=world.officer.user, kind=m.RemedyKind.RECONSIDERATION, filed_on=d("2026-05-01"))
    remind(world, case, served_on=d("2026-09-01"))

    with refused(case, COURT) as caught:
        apply(world, case, on=FIRST_DAY)
    assert "已申请行政复议或提起行政诉讼" in caught.value.findings[0].detail


def test_the_reminder_must_have_been_served_ten_working_days_earlier(world):
    case = b.served(world)
    # Served Tue 09-15; Sun 09-20 is a make-up working day and 09-25..09-27 are holidays:
    # 09-16, 17, 18, 20, 21, 22, 23, 24, 28, 29 — the tenth working day is 09-29.
    remind(world, case, served_on=d("2026-09-15"))

    with refused(case, COURT) as caught:
        apply(world, case, on=d("2026-09-28"))
    assert "须满十个工作日（2026年9月29日后）" in caught.value.findings[0].detail

    assert apply(world, case, on=d("2026-09-29"))


def test_refused_without_a_served_reminder(world):
    case = b.served(world)

    with refused(case, COURT) as caught:
        apply(world, case, on=FIRST_DAY)
    assert "尚未送达履行催告书" in caught.value.findings[0].detail

    remind(world, case, issued_on=d("2026-09-01"), served_on=None)  # issued, never served
    with refused(case, COURT):
        apply(world, case, on=FIRST_DAY)


def test_refused_once_the_fine_is_paid(world):
    case = b.served(world)
    s.payment_record(
        case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=Decimal("500"), paid_on=d("2026-08-01")
    )
    remind(world, case, served_on=d("2026-09-01"))

    with refused(case, COURT) as caught:
        apply(world, case, on=FIRST_DAY)
    assert "罚款已缴清" in caught.value.findings[0].detail


def test_an_approved_deferment_moves_the_window_to_its_end(world):
    case = b.served(world)
    s.deferment_approve(
        case=case, actor=world.head.user, on=d("2026-04-01"), until=d("2026-10-30"), instalments=3, reason="分期缴纳"
    )
    remind(world, case, served_on=d("2026-09-01"))

    with refused(case, COURT) as caught:
        apply(world, case, on=d("2026-10-30"))
    assert "延期（分期）缴纳期限至2026年10月30日" in caught.value.findings[0].detail

    # 3 months after 10-30 is Sat 2027-01-30, rolled to Mon 2027-02-01 — a provisional (2027) date.
    with refused(case, COURT) as caught:
        apply(world, case, on=d("2027-02-02"))
    assert "申请期限已于2027年2月1日（暂定）届满" in caught.value.findings[0].detail

    assert apply(world, case, on=d("2027-02-01"))


def test_self_check_flags_a_recorded_application_made_too_early(world):
    case = b.served(world)
    remind(world, case, served_on=d("2026-09-01"))
    apply(world, case, on=FIRST_DAY)
    m.CourtApplication.objects.filter(case=case).update(applied_on=d("2026-09-10"))

    found = self_check(case, today=FIRST_DAY, prefix="CE-53")

    assert codes(found) == {COURT}
