"""Drive a case through the real services up to a stage, for tests that need a case at that point."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases import services as s


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def clue(
    world,
    *,
    discovered_on=dt.date(2026, 3, 2),
    procedure=m.ProcedureType.ORDINARY,
    party_kind=m.PartyKind.CITIZEN,
    matter=None,
    actor=None,
    handling_unit=None,
):
    case = s.clue_register(
        actor=(actor or world.officer).user,
        handling_unit=handling_unit or world.brigade,
        matter=matter,
        source=m.ClueSource.INSPECTION,
        summary="巡查发现某商户占用人行道经营",
        discovered_on=discovered_on,
        cause="擅自占用城市道路经营",
        procedure=procedure,
        at=at(discovered_on),
    )
    if party_kind == m.PartyKind.CITIZEN:
        s.party_add(
            case=case,
            actor=(actor or world.officer).user,
            kind=party_kind,
            name="陈某",
            id_number="110101199003077571",
            address="城关镇人民路1号",
        )
    else:
        s.party_add(
            case=case,
            actor=(actor or world.officer).user,
            kind=party_kind,
            name="示范县某商贸有限公司",
            id_number="91110000MA01ABCD1M",
            address="城关镇人民路2号",
        )
    return case


def filed(world, *, filed_on=dt.date(2026, 3, 3), **kw):
    case = clue(
        world,
        discovered_on=kw.pop("discovered_on", dt.date(2026, 3, 2)),
        party_kind=kw.pop("party_kind", m.PartyKind.CITIZEN),
        matter=kw.pop("matter", None),
    )
    return s.case_file(
        case=case,
        actor=world.officer.user,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.head,
        on=filed_on,
        violation_start=kw.pop("violation_start", dt.date(2026, 3, 1)),
        violation_end=kw.pop("violation_end", dt.date(2026, 3, 2)),
        facts_summary="当事人在人民路占用人行道摆摊经营",
        **kw,
    )


def reported(world, *, report_on=dt.date(2026, 3, 10), fine=Decimal("500"), types=("fine",), reduction=False, **kw):
    case = filed(world, **kw)
    inspected_on = min(case.filed_on + dt.timedelta(days=1), report_on)  # 2026-03-04 by default
    s.record_add(
        case=case,
        actor=world.officer.user,
        kind=m.RecordKind.INSPECTION,
        started_at=at(inspected_on),
        ended_at=at(inspected_on, 11),
        place="人民路",
        content="现场检查情况",
        signers=[world.officer, world.colleague],
        pages=1,
        party_signed_pages=1,
        rights_told=True,
    )
    s.report_submit(
        case=case,
        actor=world.officer.user,
        on=report_on,
        facts="占道经营",
        evidence_summary="现场笔录、照片",
        nature="违反《城市道路管理条例》第二十七条",
        legal_basis="《城市道路管理条例》第四十二条",
        discretion_reasons="初次违法，一般情节",
        penalty_types=list(types),
        fine_amount=fine,
        proposes_reduction=reduction,
        reduction_ground="当事人主动消除违法后果" if reduction else "",
    )
    return case


def reviewed(world, *, review_on=dt.date(2026, 3, 11), kind=m.ReviewKind.CASE, **kw):
    case = reported(world, **kw)
    s.review_record(
        case=case,
        actor=world.reviewer.user,
        kind=kind,
        result=m.ReviewResult.APPROVE,
        opinion="事实清楚，证据确凿",
        on=review_on,
    )
    return case


def noticed(
    world,
    *,
    notice_on=dt.date(2026, 3, 12),
    served_on=dt.date(2026, 3, 12),
    hearing_right=False,
    notice_fine=None,
    **kw,
):
    case = reviewed(world, **kw)
    report = case.investigationreports.get()
    notice = s.notice_issue(
        case=case,
        actor=world.officer.user,
        on=notice_on,
        facts_and_reasons="占道经营，依据……",
        penalty_types=report.penalty_types,
        fine_amount=notice_fine if notice_fine is not None else report.fine_amount,
        includes_hearing_right=hearing_right,
    )
    if served_on is not None:
        s.notice_serve(
            notice=notice,
            actor=world.officer.user,
            method=m.ServiceMethod.DIRECT,
            recipient="陈某",
            delivered_on=served_on,
        )
    case.refresh_from_db()
    return case


def decide(world, case, *, on, fine=None, types=None, **kw):
    notice = case.notices.order_by("-id").first()
    kind = kw.pop("kind", m.DecisionKind.PENALTY)
    if kind == m.DecisionKind.PENALTY:
        kw.setdefault("correction_order", "责令当事人立即停止占道经营行为，恢复道路原状")
    return s.decision_make(
        case=case,
        actor=kw.pop("actor", world.mayor).user,
        kind=kind,
        on=on,
        facts="占道经营事实",
        legal_basis="《城市道路管理条例》第四十二条",
        penalty_types=list(types if types is not None else notice.penalty_types),
        fine_amount=fine if fine is not None else notice.fine_amount,
        performance="十五日内到指定银行缴纳",
        remedy="六十日内申请行政复议或六个月内提起行政诉讼",
        **kw,
    )


def decided(world, *, decide_on=dt.date(2026, 3, 20), **kw):
    case = noticed(world, **kw)
    decide(world, case, on=decide_on)
    case.refresh_from_db()
    return case


def served(world, *, delivered_on=dt.date(2026, 3, 23), method=m.ServiceMethod.DIRECT, **kw):
    case = decided(world, **kw)
    s.decision_serve(
        case=case,
        actor=world.officer.user,
        method=method,
        recipient="陈某",
        delivered_on=delivered_on,
        public_reason=m.PublicServiceReason.WHEREABOUTS_UNKNOWN if method == m.ServiceMethod.PUBLIC else "",
        public_process="按登记地址直接送达、邮寄均被退回，经村委会查找下落不明"
        if method == m.ServiceMethod.PUBLIC
        else "",
    )
    case.refresh_from_db()
    return case


def signed_waiver(world, case: m.Case, *, on: dt.date, upload: bool = True) -> m.EvidenceItem:
    """The party's signed waiver registered as evidence (uploaded unless ``upload`` is False)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("放弃书.txt", "本人自愿放弃权利。签名：陈某".encode(), content_type="text/plain")
    return s.evidence_add(
        case=case,
        actor=world.officer.user,
        evidence_type=m.EvidenceType.DOCUMENTARY,
        title="当事人放弃权利声明书",
        collected_at=at(on, 9),
        place="大队办公室",
        collected_by=[world.officer],
        source="陈某",
        upload=file if upload else None,
    )


def road_matter(world, *, code="CG-001", name="擅自占用城市道路从事经营活动", field="城市管理"):
    """A matter (default 占道经营, CG-001) with its law version, handed to the world's township: cases on it cite its
    provisions (the provision violated and the penalty provision every served document states); ``field`` decides
    whether it is a market-regulation matter."""
    from casemgmt.powers.models import GrantMode, Law, LawVersion, Matter, PowerGrant

    law, _ = Law.objects.get_or_create(name="《城市道路管理条例》", defaults={"issuer": "国务院"})
    version, _ = LawVersion.objects.get_or_create(
        law=law, label="2019年修订", defaults={"effective_from": dt.date(2019, 3, 24)}
    )
    matter = Matter.objects.create(
        code=code,
        name=name,
        field=field,
        source_department=world.county_dept,
        violated_clause="第二十七条第（六）项",
        violated_law=version,
        penalty_clause="第四十二条",
        penalty_law=version,
        penalty_types=["warning", "fine"],
        min_amount=Decimal("0"),
        max_amount=Decimal("20000"),
    )
    PowerGrant.objects.create(
        matter=matter,
        township=world.township,
        mode=GrantMode.EMPOWER,
        document_number="示政〔2025〕1号",
        published_on=dt.date(2025, 12, 20),
        effective_from=dt.date(2026, 1, 1),
    )
    return matter
