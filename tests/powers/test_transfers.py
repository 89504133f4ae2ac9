"""Transfers (移送): send with materials and hashes, deadlines, accept, designation, no re-transfer (SAMR Art. 14);
criminal referral with seized items; assistance requests with the 15-working-day clock."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.powers import services as ps
from casemgmt.powers.models import TransferStatus
from casemgmt.powers.selectors import transfer_get_for_user, transfers_visible_to
from tests import builders as b
from tests.rules.support import at, refused, self_check, take_measure, unchanged


def aware(day: dt.date, hour=10):
    return at(day, hour)


def send(world, case, **kw):
    fields = {
        "case": case,
        "actor": world.head.user,
        "to_unit": world.county_dept,
        "reason": "违法行为涉及县城管局专属管辖事项",
        "found_at": aware(dt.date(2026, 3, 6), 9),
        "sent_at": aware(dt.date(2026, 3, 9)),
    }
    fields.update(kw)
    return ps.transfer_send(**fields)


@pytest.fixture
def case(world):
    return b.filed(world)


def test_transfer_lists_materials_with_hashes_and_computes_the_deadline(world, county, case):
    evidence = s.evidence_add(
        case=case,
        actor=world.officer.user,
        evidence_type=m.EvidenceType.DOCUMENTARY,
        title="现场照片",
        collected_at=aware(dt.date(2026, 3, 4)),
        place="人民路",
        collected_by=[world.officer, world.colleague],
        upload=SimpleUploadedFile("p.txt", b"photo bytes", content_type="text/plain"),
    )
    transfer = send(world, case)
    expected = hashlib.sha256(b"photo bytes").hexdigest()
    assert transfer.materials == [{"evidence": evidence.pk, "title": "现场照片", "sha256": expected}]
    # Found on Friday 6 March: three working days → Wednesday 11 March, end of day.
    assert transfer.due_at == aware(dt.date(2026, 3, 11), 0).replace(hour=23, minute=59, second=59)
    assert case.events.filter(action="transfer").count() == 1


def test_major_case_deadline_is_24_hours(world, county, case):
    transfer = send(world, case, is_major=True, sent_at=aware(dt.date(2026, 3, 7), 8))
    assert transfer.due_at == aware(dt.date(2026, 3, 7), 9)
    assert self_check(case, today=dt.date(2026, 3, 10), prefix="LOCAL-TRANSFER") == []


def test_late_transfer_is_flagged_by_the_self_check(world, county, case):
    send(world, case, is_major=True, sent_at=aware(dt.date(2026, 3, 9)))
    findings = self_check(case, today=dt.date(2026, 3, 10), prefix="LOCAL-TRANSFER")
    assert len(findings) == 1 and "2026-03-07 09:00" in findings[0].detail


def test_receiver_accepts_and_becomes_subject_and_handler(world, county, case):
    transfer = send(world, case)
    # Before acceptance the receiver sees the transfer, not the case file.
    assert transfers_visible_to(user=world.county_officer.user).filter(pk=transfer.pk).exists()
    assert not cases_visible_to(user=world.county_officer.user).filter(pk=case.pk).exists()
    ps.transfer_accept(
        transfer=transfer,
        actor=county.dept_head.user,
        on=dt.date(2026, 3, 10),
        receipt_number="R-1",
        matter=county.matter,
    )
    case.refresh_from_db()
    transfer.refresh_from_db()
    assert (case.enforcement_subject, case.handling_unit) == (world.county_dept, world.county_dept)
    assert (transfer.status, transfer.received_on, transfer.receipt_number) == (
        TransferStatus.ACCEPTED,
        dt.date(2026, 3, 10),
        "R-1",
    )
    assert not case.officers.filter(released_at__isnull=True).exists()  # the sender's officers left
    assert cases_visible_to(user=world.county_officer.user).filter(pk=case.pk).exists()
    assert not cases_visible_to(user=world.officer.user).filter(pk=case.pk).exists()
    # The receiver assigns its own officers through the ordinary service.
    s.case_assign_officers(
        case=case,
        actor=county.dept_head.user,
        add=[world.county_officer, county.dept_head],
        release=[],
        on=dt.date(2026, 3, 10),
        reason="接收移送后指派承办人员",
    )


def test_received_case_cannot_be_transferred_again(world, county, case):
    transfer = send(world, case)
    ps.transfer_accept(transfer=transfer, actor=county.dept_head.user, on=dt.date(2026, 3, 10), matter=county.matter)
    case.refresh_from_db()
    with refused(case, "SAMR-14-NO-RETRANSFER") as caught:
        ps.transfer_send(
            case=case,
            actor=county.dept_head.user,
            to_unit=world.other_brigade,
            reason="认为应由河西镇管辖",
            found_at=aware(dt.date(2026, 3, 11)),
            sent_at=aware(dt.date(2026, 3, 11)),
        )
    assert "不得再次移送" in caught.value.findings[0].detail


def test_receiver_disputing_jurisdiction_asks_the_superior_who_designates(world, county, case):
    transfer = send(world, case)
    ps.transfer_request_designation(
        transfer=transfer, actor=county.dept_head.user, on=dt.date(2026, 3, 10), reason="该事项已赋权乡镇"
    )
    transfer.refresh_from_db()
    assert transfer.superior == world.county and transfer.designation_due_on == dt.date(2026, 3, 19)
    with pytest.raises(PermissionDenied):
        ps.transfer_designate(
            transfer=transfer, actor=world.mayor.user, unit=world.brigade, on=dt.date(2026, 3, 12), document_number="x"
        )
    ps.transfer_designate(
        transfer=transfer,
        actor=county.county_head.user,
        unit=world.brigade,
        on=dt.date(2026, 3, 12),
        document_number="示政指〔2026〕1号",
    )
    case.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.DESIGNATED and case.handling_unit == world.brigade


def test_refused_inputs_change_nothing(world, county, case):
    with unchanged(case, InputError):
        send(world, case, reason=" ")
    with unchanged(case, InputError):
        send(world, case, to_unit=world.brigade)
    with unchanged(case, PermissionDenied):
        send(world, case, actor=world.outsider.user)
    send(world, case)
    with unchanged(case, ConflictError):
        send(world, case, to_unit=world.other_brigade)


def test_outsider_sees_no_transfer(world, county, case):
    transfer = send(world, case)
    with pytest.raises(Http404):
        transfer_get_for_user(user=world.outsider.user, pk=transfer.pk)
    assert transfer_get_for_user(user=world.evaluator.user, pk=transfer.pk) == transfer


def test_criminal_referral_carries_the_seized_items(world, county, case):
    take_measure(world, case, on=dt.date(2026, 3, 5))
    referral = ps.referral_send(
        case=case, actor=world.head.user, organ="示范县公安局", reason="涉嫌非法经营罪", on=dt.date(2026, 3, 9)
    )
    assert referral.seized_items[0]["items"] == "电动三轮车一辆、遮阳伞一把"
    ps.referral_receipt(referral=referral, actor=world.officer.user, on=dt.date(2026, 3, 10), receipt_number="公移1")
    referral.refresh_from_db()
    assert referral.status == "received"
    assert case.events.filter(action="criminal_referral").exists()


def test_assistance_reply_clock_is_15_working_days(world, county, case):
    req = ps.assistance_request(
        case=case,
        actor=world.officer.user,
        to_unit=world.county_dept,
        request="核实摊位登记信息",
        on=dt.date(2026, 3, 9),
    )
    assert req.due_on == dt.date(2026, 3, 30)
    with pytest.raises(PermissionDenied):
        ps.assistance_reply(request=req, actor=world.outsider.user, on=dt.date(2026, 3, 20), reply="x")
    with pytest.raises(InputError):
        ps.assistance_reply(request=req, actor=world.county_officer.user, on=dt.date(2026, 3, 31), reply="已核实")
    ps.assistance_reply(
        request=req, actor=world.county_officer.user, on=dt.date(2026, 3, 31), reply="已核实", delay_reason="系统故障"
    )
    req.refresh_from_db()
    assert req.replied_on == dt.date(2026, 3, 31)


def test_receiver_that_does_not_name_a_matter_it_holds_cannot_accept(world, county, case):
    transfer = send(world, case)
    with refused(case, "APL-24-SUBJECT-HOLDS-MATTER") as caught:
        ps.transfer_accept(transfer=transfer, actor=county.dept_head.user, on=dt.date(2026, 3, 10))
    assert "须选择执法事项" in caught.value.findings[0].detail
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.SENT
