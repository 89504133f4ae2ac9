"""A small county year for the annual statistics, built through the real services with the clock moved to when
each act happened. Hand-computed figures of 2026 (城关镇 unless said):

- case ``heard``: filed 05-01, legal review 05-09 (同意), notice with hearing right, hearing requested 05-13 and
  held 05-26, legal review again 05-29 (同意), penalty decision 06-01: fine 6,000, confiscation 1,000
  (罚款 + 没收违法所得), 普通程序;
- case ``warned``: filed 03-03, 案件审核 only, decision 03-20: 警告 + 罚款 500; fine paid 100 on 04-01; 行政复议
  filed 04-10 (pending);
- case ``spot``: 当场处罚 03-02, 警告 + 罚款 50 collected on the spot;
- case ``hexi``: 河西镇, filed 03-03 (and nothing else).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.org.models import Role
from tests import builders as b
from tests.factories import make_officer
from tests.rules.support import issue_notice, serve_notice, statement, summary_case, summary_decide

SH = ZoneInfo("Asia/Shanghai")


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


def travel(*args):
    return time_machine.travel(local(*args), tick=False)


@dataclass
class County:
    heard: m.Case
    warned: m.Case
    spot: m.Case
    hexi: m.Case


def legal_review(world, case, *, on, result=m.ReviewResult.APPROVE):
    return s.review_record(
        case=case, actor=world.reviewer.user, kind=m.ReviewKind.LEGAL, result=result, opinion="法制审核意见", on=on
    )


def build(world) -> County:
    m.ProcedurePolicy.objects.create(unit=world.township, collective_discussion_for_all_reviewed=False)
    with travel(2026, 7, 1, 10):
        warned = b.served(world, types=("warning", "fine"), fine=Decimal("500"))
        s.payment_record(
            case=warned, actor=world.officer.user, kind=m.PaymentKind.FINE, amount="100", paid_on=dt.date(2026, 4, 1)
        )
        s.challenge_record(
            case=warned, actor=world.officer.user, kind=m.RemedyKind.RECONSIDERATION, filed_on=dt.date(2026, 4, 10)
        )

        spot = summary_case(world)
        summary_decide(
            world,
            spot,
            fine="50",
            types=("warning", "fine"),
            collected_on_spot=True,
            on_spot_ground=m.OnSpotGround.SMALL,
            receipt_number="NO.0001",
        )

        heard = b.filed(world, filed_on=dt.date(2026, 5, 1), discovered_on=dt.date(2026, 4, 30))
        b_inspect(world, heard, dt.date(2026, 5, 2))
        s.report_submit(
            case=heard,
            actor=world.officer.user,
            on=dt.date(2026, 5, 8),
            facts="占道经营",
            evidence_summary="现场笔录、照片",
            nature="违反《城市道路管理条例》第二十七条",
            legal_basis="《城市道路管理条例》第四十二条",
            discretion_reasons="多次违法",
            penalty_types=["fine", "confiscate_income"],
            fine_amount=Decimal("6000"),
            confiscation_amount=Decimal("1000"),
        )
        legal_review(world, heard, on=dt.date(2026, 5, 9))
        notice = issue_notice(
            world,
            heard,
            on=dt.date(2026, 5, 11),
            fine=Decimal("6000"),
            types=("fine", "confiscate_income"),
            confiscation=Decimal("1000"),
            hearing_right=True,
        )
        serve_notice(world, notice, dt.date(2026, 5, 11))
        statement(world, heard, kind=m.StatementKind.HEARING_REQUEST, on=dt.date(2026, 5, 13))
        hearing = s.hearing_schedule(
            case=heard,
            actor=world.officer.user,
            presider=world.head,
            notice_served_on=dt.date(2026, 5, 14),
            scheduled_on=dt.date(2026, 5, 26),
        )
        s.hearing_hold(
            hearing=hearing,
            actor=world.officer.user,
            held_on=dt.date(2026, 5, 26),
            ended_on=dt.date(2026, 5, 27),
            report="听证报告：当事人申辩理由不成立",
        )
        legal_review(world, heard, on=dt.date(2026, 5, 29))
        b.decide(world, heard, on=dt.date(2026, 6, 1), confiscation_amount=Decimal("1000"))

        hexi_officer = make_officer(world.other_brigade, name="冯外镇", username="feng")
        hexi_head = make_officer(world.other_brigade, Role.APPROVER, name="陈外队长", username="chenhead")
        clue = b.clue(world, actor=world.outsider, handling_unit=world.other_brigade)
        hexi = s.case_file(
            case=clue,
            actor=world.outsider.user,
            officers=[world.outsider, hexi_officer],
            lead=world.outsider,
            approved_by=hexi_head,
            on=dt.date(2026, 3, 3),
            violation_start=dt.date(2026, 3, 1),
            violation_end=dt.date(2026, 3, 2),
            facts_summary="当事人在河西街占道经营",
        )
    for case in (warned, spot, heard, hexi):
        case.refresh_from_db()
    return County(heard=heard, warned=warned, spot=spot, hexi=hexi)


def b_inspect(world, case, on):
    s.record_add(
        case=case,
        actor=world.officer.user,
        kind=m.RecordKind.INSPECTION,
        started_at=b.at(on),
        ended_at=b.at(on, 11),
        place="人民路",
        content="现场检查情况",
        signers=[world.officer, world.colleague],
        pages=1,
        party_signed_pages=1,
        rights_told=True,
    )
