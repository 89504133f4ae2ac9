"""Rule 19: the decision is served within 7 working days unless handed over on announcement; 公告 publication within
that period counts and is deemed served 30 days later; electronic service only with consent (APL Art. 61;
民事诉讼法 Art. 95)."""

from __future__ import annotations

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b
from tests.rules.support import codes, d, decide, issue_notice, noticed_case, refused, reviewed_case, self_check

pytestmark = pytest.mark.django_db

SERVICE = "APL-61-DECISION-SERVICE"
CONSENT = "APL-61-ELECTRONIC-CONSENT"

# b.decided(): decided on Friday 2026-03-20; the 7th working day after it is Tuesday 2026-03-31.
DECIDED = d("2026-03-20")
LAST_DAY = d("2026-03-31")


def serve(world, case, *, on, method=m.ServiceMethod.DIRECT, **kw):
    if method == m.ServiceMethod.PUBLIC:
        kw.setdefault("public_reason", m.PublicServiceReason.WHEREABOUTS_UNKNOWN)
        kw.setdefault("public_process", "经邮寄、直接送达均未果，村委会证明当事人外出下落不明")
    return s.decision_serve(case=case, actor=world.officer.user, method=method, recipient="陈某", delivered_on=on, **kw)


def test_service_on_the_seventh_working_day_across_national_day_is_in_time(world):
    # Decided Wed 2026-09-30; 10-01..10-07 are holidays and Sat 10-10 is a make-up working day:
    # working days 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15.
    case = noticed_case(world, served_on=d("2026-09-21"))
    decide(world, case, on=d("2026-09-30"))

    with refused(case, SERVICE) as caught:
        serve(world, case, on=d("2026-10-16"))
    assert "送达期限至2026年10月15日" in caught.value.findings[0].detail

    record = serve(world, case, on=d("2026-10-15"))
    case.refresh_from_db()
    assert (record.served_on, case.status) == (d("2026-10-15"), m.CaseStatus.SERVED)
    assert self_check(case, today=d("2026-12-01"), prefix="APL-61") == []


def test_public_notice_published_in_time_counts_and_is_deemed_served_thirty_days_later(world):
    case = b.decided(world)

    record = serve(world, case, on=LAST_DAY, method=m.ServiceMethod.PUBLIC)

    assert record.delivered_on == LAST_DAY
    assert record.served_on == d("2026-04-30")
    assert self_check(case, today=d("2026-05-01"), prefix="APL-61") == []


def test_public_notice_published_after_seven_working_days_is_late(world):
    case = b.decided(world)

    with refused(case, SERVICE):
        serve(world, case, on=d("2026-04-01"), method=m.ServiceMethod.PUBLIC)


def test_late_service_needs_a_reason_and_remains_a_self_check_finding(world):
    case = b.decided(world)

    with refused(case, SERVICE) as caught:
        serve(world, case, on=d("2026-04-01"))
    assert "须填写逾期原因" in caught.value.findings[0].detail

    record = serve(world, case, on=d("2026-04-01"), late_reason="当事人外出务工，多次上门未遇")

    assert "逾期原因：当事人外出务工" in record.note
    assert case.events.order_by("-seq").first().reason == "当事人外出务工，多次上门未遇"
    found = self_check(case, today=d("2026-04-02"), prefix="APL-61")
    assert codes(found) == {SERVICE}
    assert "超过期限2026年3月31日" in found[0].detail


def test_service_dated_before_the_decision_is_refused(world):
    case = b.decided(world)

    with refused(case, SERVICE) as caught:
        serve(world, case, on=d("2026-03-19"))
    assert "早于决定日期" in caught.value.findings[0].detail


def test_self_check_reports_an_unserved_decision_after_the_seventh_working_day(world):
    case = b.decided(world)

    assert self_check(case, today=LAST_DAY, prefix="APL-61") == []
    found = self_check(case, today=d("2026-04-01"), prefix="APL-61")
    assert codes(found) == {SERVICE}
    assert "未送达" in found[0].detail


def test_a_decision_handed_over_on_announcement_needs_no_later_service(world):
    case = b.noticed(world)
    decide(world, case, on=DECIDED, handed_over_on_announcement=True)
    case.refresh_from_db()

    assert case.status == m.CaseStatus.SERVED
    assert self_check(case, today=d("2026-06-01"), prefix="APL-61") == []


def test_electronic_service_of_the_decision_needs_consent_and_a_confirmed_address(world):
    case = b.decided(world)

    with refused(case, CONSENT):
        serve(world, case, on=LAST_DAY, method=m.ServiceMethod.ELECTRONIC)

    case.parties.update(electronic_service_consent=True, electronic_address="chen@example.cn")
    with refused(case, CONSENT):
        serve(world, case, on=LAST_DAY, method=m.ServiceMethod.ELECTRONIC)

    case.parties.update(service_address_confirmed=True)
    assert serve(world, case, on=LAST_DAY, method=m.ServiceMethod.ELECTRONIC).served_on == LAST_DAY


def test_electronic_service_of_the_prior_notice_needs_consent_too(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-10"))
    notice = issue_notice(world, case, on=d("2026-03-11"))

    with refused(case, CONSENT):
        s.notice_serve(
            notice=notice,
            actor=world.officer.user,
            method=m.ServiceMethod.ELECTRONIC,
            recipient="陈某",
            delivered_on=d("2026-03-11"),
        )


def test_self_check_flags_recorded_electronic_service_without_consent(world):
    case = b.served(world)
    m.ServiceRecord.objects.filter(case=case, document=m.ServiceDocument.DECISION).update(
        method=m.ServiceMethod.ELECTRONIC
    )

    assert CONSENT in codes(self_check(case, today=d("2026-04-01")))
