"""Required steps: the correction order with a penalty (APL Art. 28), the grounds of 公告 service (民事诉讼法 Art. 95)
and the party's written waiver of the statement or the hearing as its own act with a signed document (APL Arts.
44–45, 63–64)."""

from __future__ import annotations

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.services.base import InputError
from tests import builders as b

from .support import d, decide, issue_notice, noticed_case, refused, reviewed_case, self_check, signed_waiver, waive

pytestmark = pytest.mark.django_db

CORRECTION = "APL-28-CORRECTION-ORDER"
PUBLIC = "CPL-95-PUBLIC-SERVICE-GROUNDS"
WAIVER = "APL-45-WRITTEN-WAIVER"

SERVED = d("2026-03-13")
DECIDE_ON = d("2026-03-23")  # the statement period ran to 2026-03-20


# --- 责令改正 -------------------------------------------------------------------------------------------------------


def test_a_penalty_without_any_correction_order_is_refused(world):
    case = noticed_case(world, served_on=SERVED)
    with refused(case, CORRECTION) as caught:
        decide(world, case, on=DECIDE_ON, correction_order="")
    assert "未责令当事人改正" in caught.value.findings[0].detail


def test_a_penalty_ordering_correction_in_the_decision_is_allowed(world):
    case = noticed_case(world, served_on=SERVED)
    decision = decide(world, case, on=DECIDE_ON, correction_order="责令当事人立即停止占道经营")
    assert decision.correction_order == "责令当事人立即停止占道经营"
    assert self_check(case, today=DECIDE_ON, prefix=CORRECTION) == []


def test_a_correction_notice_served_by_the_decision_day_counts(world):
    case = noticed_case(world, served_on=SERVED)
    decision = decide(world, case, on=DECIDE_ON, correction_order="", correction_notice_on=DECIDE_ON)
    assert decision.correction_notice_on == DECIDE_ON


def test_a_correction_notice_dated_after_the_decision_is_refused(world):
    case = noticed_case(world, served_on=SERVED)
    with refused(case, CORRECTION) as caught:
        decide(world, case, on=DECIDE_ON, correction_order="", correction_notice_on=d("2026-03-24"))
    assert "晚于决定日期" in caught.value.findings[0].detail


def test_a_correction_notice_served_on_the_spot_before_filing_is_accepted(world):
    case = noticed_case(world, served_on=SERVED)  # filed 2026-03-03
    decide(world, case, on=DECIDE_ON, correction_order="", correction_notice_on=d("2026-03-01"))


def test_an_exemption_from_the_correction_order_needs_its_reason(world):
    case = noticed_case(world, served_on=SERVED)
    with refused(case, CORRECTION) as caught:
        decide(world, case, on=DECIDE_ON, correction_order="", correction_exemption=m.CorrectionExemption.CORRECTED)
    assert "须记录其事实和理由" in caught.value.findings[0].detail

    decision = decide(
        world,
        case,
        on=DECIDE_ON,
        correction_order="",
        correction_exemption=m.CorrectionExemption.CORRECTED,
        correction_exemption_reason="当事人已于2026年3月4日自行撤除摊位，恢复道路原状（见现场复查照片）",
    )
    assert decision.correction_exemption == m.CorrectionExemption.CORRECTED


def test_self_check_flags_a_recorded_penalty_without_a_correction_order(world):
    case = noticed_case(world, served_on=SERVED)
    decide(world, case, on=DECIDE_ON)
    case.decisions.update(correction_order="")
    assert [f.rule for f in self_check(case, today=DECIDE_ON, prefix=CORRECTION)] == [CORRECTION]


def test_the_decision_document_context_carries_the_correction_order(world):
    from documents.context import case_values

    case = noticed_case(world, served_on=SERVED)
    decide(world, case, on=DECIDE_ON, correction_order="责令当事人立即停止占道经营")
    assert case_values(case)["correction_order"] == "责令当事人立即停止占道经营"


# --- 公告送达 -------------------------------------------------------------------------------------------------------


def _notice(world):
    case = reviewed_case(world, filed_on=d("2026-03-03"), review_on=d("2026-03-11"))
    return case, issue_notice(world, case, on=d("2026-03-12"))


def _serve_publicly(world, notice, **kw):
    return s.notice_serve(
        notice=notice,
        actor=world.officer.user,
        method=m.ServiceMethod.PUBLIC,
        recipient="陈某",
        delivered_on=d("2026-03-13"),
        **kw,
    )


def test_public_service_of_the_notice_without_reason_or_process_is_refused(world):
    case, notice = _notice(world)
    with refused(case, PUBLIC) as caught:
        _serve_publicly(world, notice)
    assert "未记录原因" in caught.value.findings[0].detail


def test_public_service_with_a_reason_but_no_process_is_refused(world):
    case, notice = _notice(world)
    with refused(case, PUBLIC) as caught:
        _serve_publicly(world, notice, public_reason=m.PublicServiceReason.WHEREABOUTS_UNKNOWN)
    assert "未记录查找受送达人或以其他方式送达的经过" in caught.value.findings[0].detail


def test_public_service_with_its_reason_and_process_is_recorded(world):
    case, notice = _notice(world)
    record = _serve_publicly(
        world,
        notice,
        public_reason=m.PublicServiceReason.OTHER_METHODS_FAILED,
        public_process="3月12日上门无人，邮寄被退回，电话停机",
    )
    assert (record.public_reason, record.served_on) == (m.PublicServiceReason.OTHER_METHODS_FAILED, d("2026-04-12"))
    assert self_check(case, today=d("2026-04-12"), prefix=PUBLIC) == []


def test_public_service_of_the_decision_without_grounds_is_refused(world):
    case = b.decided(world)
    with refused(case, PUBLIC):
        s.decision_serve(
            case=case,
            actor=world.officer.user,
            method=m.ServiceMethod.PUBLIC,
            recipient="陈某",
            delivered_on=d("2026-03-23"),
            note="下落不明",
        )


def test_other_methods_need_no_public_grounds_and_record_none(world):
    case = b.decided(world)
    record = s.decision_serve(
        case=case,
        actor=world.officer.user,
        method=m.ServiceMethod.DIRECT,
        recipient="陈某",
        delivered_on=d("2026-03-23"),
        public_reason=m.PublicServiceReason.WHEREABOUTS_UNKNOWN,
    )
    assert (record.public_reason, record.public_process) == ("", "")


def test_self_check_flags_a_public_service_recorded_without_grounds(world):
    case = b.served(world, method=m.ServiceMethod.PUBLIC)
    assert self_check(case, today=d("2026-05-01"), prefix=PUBLIC) == []
    case.servicerecords.filter(method=m.ServiceMethod.PUBLIC).update(public_reason="")
    assert [f.rule for f in self_check(case, today=d("2026-05-01"), prefix=PUBLIC)] == [PUBLIC]


# --- 书面放弃 -------------------------------------------------------------------------------------------------------


def test_a_waiver_without_the_signed_document_is_refused(world):
    case = noticed_case(world, served_on=SERVED)
    with refused(case, WAIVER) as caught:
        waive(world, case, on=d("2026-03-16"), document=None)
    assert "未附当事人签名的书面放弃书" in caught.value.findings[0].detail


def test_a_waiver_whose_evidence_has_no_uploaded_file_is_refused(world):
    case = noticed_case(world, served_on=SERVED)
    document = signed_waiver(world, case, on=d("2026-03-16"), upload=False)
    with refused(case, WAIVER) as caught:
        waive(world, case, on=d("2026-03-16"), document=document)
    assert "没有上传的签名文件" in caught.value.findings[0].detail


def test_a_waiver_naming_no_right_is_refused(world):
    case = noticed_case(world, served_on=SERVED)
    document = signed_waiver(world, case, on=d("2026-03-16"))
    with refused(case, WAIVER) as caught:
        waive(world, case, on=d("2026-03-16"), statement=False, hearing=False, document=document)
    assert "未写明放弃陈述申辩还是放弃听证" in caught.value.findings[0].detail


def test_waiving_a_hearing_the_notice_did_not_offer_is_refused(world):
    case = noticed_case(world, served_on=SERVED, hearing_right=False)
    document = signed_waiver(world, case, on=d("2026-03-16"))
    with refused(case, WAIVER):
        waive(world, case, on=d("2026-03-16"), hearing=True, document=document)


def test_a_waiver_records_the_rights_and_the_signed_document(world):
    case = noticed_case(world, served_on=SERVED, hearing_right=True)
    waiver = waive(world, case, on=d("2026-03-16"), statement=True, hearing=True)
    assert (waiver.kind, waiver.waives_statement, waiver.waives_hearing) == (m.StatementKind.WAIVER, True, True)
    assert waiver.signed_document.sha256
    assert case.events.filter(action="statement_waiver").exists()
    assert self_check(case, today=d("2026-03-16"), prefix=WAIVER) == []


def test_a_waiver_of_another_cases_evidence_is_refused(world):
    case = noticed_case(world, served_on=SERVED)
    other = noticed_case(world, served_on=SERVED)
    document = signed_waiver(world, other, on=d("2026-03-16"))
    with pytest.raises(InputError, match="本案登记的证据"):
        waive(world, case, on=d("2026-03-16"), document=document)


def test_self_check_flags_a_recorded_waiver_without_its_signed_document(world):
    case = noticed_case(world, served_on=SERVED)
    waive(world, case, on=d("2026-03-16"))
    case.statements.update(signed_document=None)
    assert [f.rule for f in self_check(case, today=d("2026-03-16"), prefix=WAIVER)] == [WAIVER]
