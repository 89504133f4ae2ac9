"""Helpers for the rulebook tests: refusals that change nothing, and cases built on a chosen timeline."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.apps import apps

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import RuleViolation, check_case, load_facts
from tests import builders as b

at = b.at
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ONE_DAY = dt.timedelta(days=1)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- refusals ------------------------------------------------------------------------------------------------


def database_state() -> dict[str, object]:
    """Every row of every table of the cases app, and the row count of every history table (append-only)."""
    state: dict[str, object] = {}
    for model in apps.get_app_config("cases").get_models():
        if model.__name__.startswith("Historical"):
            state[model._meta.label] = model.objects.count()
        else:
            state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


@contextmanager
def refused(case: m.Case, *codes: str, exact: bool = True):
    """The block must raise RuleViolation with exactly the rule ``codes`` (at least them when not ``exact``) and
    leave the database untouched: no new or changed rows, the case's version and status unchanged, no new
    CaseEvent."""
    case.refresh_from_db()
    version, status, events = case.version, case.status, case.events.count()
    before = database_state()
    with pytest.raises(RuleViolation) as caught:
        yield caught
    found = {f.rule for f in caught.value.findings}
    assert (found == set(codes)) if exact else (set(codes) <= found), caught.value.as_list()
    case.refresh_from_db()
    assert (case.version, case.status, case.events.count()) == (version, status, events)
    assert database_state() == before


@contextmanager
def unchanged(case: m.Case, exception: type[Exception]):
    """Like :func:`refused` for a refusal that is not the rulebook's (state machine, input)."""
    case.refresh_from_db()
    version, status = case.version, case.status
    before = database_state()
    with pytest.raises(exception) as caught:
        yield caught
    case.refresh_from_db()
    assert (case.version, case.status) == (version, status)
    assert database_state() == before


def self_check(case: m.Case, *, today: dt.date, prefix: str = "") -> list:
    """The self-check's findings for ``case`` as of ``today``, restricted to rule codes starting with ``prefix``."""
    case.refresh_from_db()
    return [f for f in check_case(load_facts(case, today=today)) if f.rule.startswith(prefix)]


def codes(findings) -> set[str]:
    return {f.rule for f in findings}


def set_policy(world, **fields) -> m.ProcedurePolicy:
    """The township's own procedure policy (overrides the county default)."""
    return m.ProcedurePolicy.objects.create(unit=world.township, **fields)


# --- cases on a chosen timeline --------------------------------------------------------------------------------


def filed_case(world, *, filed_on: dt.date, party_kind=m.PartyKind.CITIZEN, **kw) -> m.Case:
    """A case filed on ``filed_on`` (violation the day before discovery, discovery the day before filing)."""
    discovered = kw.pop("discovered_on", filed_on - ONE_DAY)
    return b.filed(
        world,
        filed_on=filed_on,
        discovered_on=discovered,
        violation_start=kw.pop("violation_start", discovered - ONE_DAY),
        violation_end=kw.pop("violation_end", discovered - ONE_DAY),
        party_kind=party_kind,
        **kw,
    )


def inspect(world, case: m.Case, on: dt.date) -> m.Record:
    return s.record_add(
        case=case,
        actor=world.officer.user,
        kind=m.RecordKind.INSPECTION,
        started_at=at(on),
        ended_at=at(on, 11),
        place="人民路",
        content="现场检查情况",
        signers=[world.officer, world.colleague],
        pages=1,
        party_signed_pages=1,
        rights_told=True,
    )


def reviewed_case(
    world, *, filed_on: dt.date, review_on: dt.date, fine=Decimal("500"), types=("fine",), **kw
) -> m.Case:
    """Filed, inspected, reported and approved by case review (案件审核) on ``review_on``."""
    case = filed_case(world, filed_on=filed_on, **kw)
    inspect(world, case, filed_on)
    s.report_submit(
        case=case,
        actor=world.officer.user,
        on=review_on,
        facts="占道经营",
        evidence_summary="现场笔录、照片",
        nature="违反《城市道路管理条例》第二十七条",
        legal_basis="《城市道路管理条例》第四十二条",
        discretion_reasons="初次违法，一般情节",
        penalty_types=list(types),
        fine_amount=fine,
    )
    s.review_record(
        case=case,
        actor=world.reviewer.user,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="事实清楚，证据确凿",
        on=review_on,
    )
    case.refresh_from_db()
    return case


def issue_notice(
    world, case: m.Case, *, on: dt.date, fine=Decimal("500"), types=("fine",), hearing_right=False, confiscation=0
):
    return s.notice_issue(
        case=case,
        actor=world.officer.user,
        on=on,
        facts_and_reasons="占道经营，依据……",
        penalty_types=list(types),
        fine_amount=fine,
        confiscation_amount=confiscation,
        includes_hearing_right=hearing_right,
    )


def serve_notice(world, notice: m.Notice, on: dt.date) -> m.ServiceRecord:
    return s.notice_serve(
        notice=notice, actor=world.officer.user, method=m.ServiceMethod.DIRECT, recipient="陈某", delivered_on=on
    )


def noticed_case(
    world, *, served_on: dt.date, fine=Decimal("500"), types=("fine",), hearing_right=False, filed_on=None, **kw
) -> m.Case:
    """A case whose prior notice was issued and served on ``served_on`` (filed ten days before by default)."""
    filed_on = filed_on or served_on - dt.timedelta(days=10)
    case = reviewed_case(world, filed_on=filed_on, review_on=served_on - 2 * ONE_DAY, fine=fine, types=types, **kw)
    notice = issue_notice(world, case, on=served_on, fine=fine, types=types, hearing_right=hearing_right)
    serve_notice(world, notice, served_on)
    case.refresh_from_db()
    return case


def decide(world, case: m.Case, *, on: dt.date, **kw) -> m.Decision:
    return b.decide(world, case, on=on, **kw)


def statement(world, case: m.Case, *, kind: str, on: dt.date, content: str = "") -> m.Statement:
    if kind == m.StatementKind.STATEMENT and not content:
        content = "当事人称系初次经营，请求从轻处罚"
    return s.statement_record(case=case, actor=world.officer.user, kind=kind, received_on=on, content=content)


def signed_waiver(world, case: m.Case, *, on: dt.date, upload: bool = True) -> m.EvidenceItem:
    return b.signed_waiver(world, case, on=on, upload=upload)


def waive(
    world, case: m.Case, *, on: dt.date, statement: bool = True, hearing: bool = False, document="signed"
) -> m.Statement:
    """The party's written waiver (the statement, the hearing, or both) with its signed document as evidence."""
    if document == "signed":
        document = signed_waiver(world, case, on=on)
    return s.statement_waive(
        case=case,
        actor=world.officer.user,
        received_on=on,
        signed_document=document,
        waives_statement=statement,
        waives_hearing=hearing,
    )


# --- summary procedure ------------------------------------------------------------------------------------------

SUMMARY_ON = dt.date(2026, 3, 2)


def summary_case(world, party_kind=m.PartyKind.CITIZEN) -> m.Case:
    return b.clue(world, discovered_on=SUMMARY_ON, procedure=m.ProcedureType.SUMMARY, party_kind=party_kind)


def summary_decide(world, case: m.Case, *, fine="0", types=("fine",), officers=None, **kw) -> m.Decision:
    return s.summary_decide(
        case=case,
        actor=world.officer.user,
        officers=officers or [world.officer, world.colleague],
        on=SUMMARY_ON,
        violation_start=SUMMARY_ON,
        facts="当事人在人民路占道摆摊",
        legal_basis="《城市道路管理条例》第四十二条",
        penalty_types=list(types),
        fine_amount=Decimal(fine),
        statement_heard="当事人无异议",
        **kw,
    )


# --- measures ---------------------------------------------------------------------------------------------------

MEASURE_ON = dt.date(2026, 3, 5)


def take_measure(
    world, case: m.Case, *, on=MEASURE_ON, approved_by="mayor", emergency=False, kind=m.MeasureKind.PRESERVATION
):
    """先行登记保存 (or 查封/扣押 by ``kind``) taken at 10:00 on ``on``; ``approved_by`` names a persona or is None."""
    return s.measure_take(
        case=case,
        actor=world.officer.user,
        kind=kind,
        items="电动三轮车一辆、遮阳伞一把",
        started_on=on,
        taken_at=at(on),
        approved_by=getattr(world, approved_by) if approved_by else None,
        emergency=emergency,
    )


def dispose_measure(world, measure: m.Measure, on: dt.date, disposal=m.MeasureDisposal.RECORDED) -> m.Measure:
    return s.measure_dispose(measure=measure, actor=world.officer.user, disposal=disposal, on=on)
