"""Clue intake, filing (立案) or not filing, officer assignment, suspension, termination, withdrawal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt
from casemgmt.cases.rulebook.acts import STAGE
from casemgmt.org import docnumber
from casemgmt.org.models import Officer, Unit

from .base import (
    HANDLER_ROLES,
    ConflictError,
    InputError,
    act_begin,
    act_now,
    actor_officer,
    gate,
    record_event,
    touch,
)


@dataclass(frozen=True)
class Channel:
    """A clue delivered by an external platform (casemgmt.intake), registered without an officer: ``name`` is the
    platform as the clue records it (``Clue.registered_via``), ``units`` the units it may deliver to (checked here
    instead of the officer's memberships), ``note`` what the case log says about the delivery (e.g. the work order
    number). The registering actor is the platform's service account: it is the case event's actor."""

    name: str
    units: frozenset[int]
    note: str = ""


@transaction.atomic
def clue_register(
    *,
    actor,
    handling_unit: Unit,
    source: str,
    summary: str,
    discovered_on: dt.date,
    cause: str,
    procedure: str = m.ProcedureType.ORDINARY,
    reporter: str = "",
    at: dt.datetime | None = None,
    matter=None,
    locality: Unit | None = None,
    violation_place: str = "",
    channel: Channel | None = None,
) -> m.Case:
    """案件来源登记: registers the clue and opens a case record in status 线索核查 (SAMR Art. 18).

    With a ``matter`` (案由 from the 执法事项清单) the enforcement subject comes from the power list on the day of
    discovery (casemgmt.powers.routing): e.g. a transition-period matter goes to the lead county department with
    the township brigade assisting. With a ``channel`` the clue came from an external platform: no officer
    registers it (``actor`` is the platform's service account) and the platform must serve ``handling_unit``."""
    at = at or act_now()
    subject = handling_unit.enforcement_subject()
    if subject is None:
        raise InputError("承办单位没有所属执法主体", field="handling_unit")
    from django.core.exceptions import PermissionDenied

    if channel is None:
        officer = actor_officer(actor)
        held = {ms.unit_id for ms in officer.memberships.all() if ms.role in HANDLER_ROLES}
        from casemgmt.cases.rulebook._util import unit_chain

        if not held & unit_chain(handling_unit) and not held & {handling_unit.pk}:
            raise PermissionDenied("您不属于该承办单位")
    else:
        officer = None
        if handling_unit.pk not in channel.units:
            raise PermissionDenied(f"{channel.name}未被授权向{handling_unit.name}推送线索")
    if discovered_on > timezone.localdate(at):
        raise InputError("发现日期不能晚于今天", field="discovered_on")
    routing = None
    if matter is not None:
        from casemgmt.powers.routing import route_case

        routing = route_case(matter=matter, handling_unit=handling_unit, locality=locality, on=discovered_on)
        subject, handling_unit, locality = routing.subject, routing.handling_unit, routing.locality
    elif locality is None:
        from casemgmt.powers.holders import catalogue_snapshot

        township_id = catalogue_snapshot().township_of(handling_unit.pk)
        locality = Unit.objects.get(pk=township_id) if township_id else None
    clue = m.Clue(
        source=source,
        summary=summary,
        discovered_on=discovered_on,
        reporter=reporter,
        registered_by=officer,
        registered_via=channel.name if channel else "",
        registered_at=at,
    )
    clue.full_clean()
    clue.save()
    case = m.Case(
        clue=clue,
        procedure=procedure,
        status=m.CaseStatus.CLUE,
        enforcement_subject=subject,
        handling_unit=handling_unit,
        cause=cause,
        discovered_on=discovered_on,
        matter=matter,
        matter_code=matter.code if matter is not None else "",
        locality=locality,
        violation_place=violation_place,
    )
    case.full_clean()
    case._change_reason = "登记案件线索" if channel is None else f"{channel.name}推送线索"
    case.save()
    hooks.case_changed(case.pk)
    if channel is None:
        record_event(case, action="clue_register", summary=f"登记线索：{summary[:80]}", actor=actor, at=at)
    else:
        record_event(
            case,
            action="clue_register",
            summary=f"经对接平台“{channel.name}”接收线索{channel.note}：{summary[:80]}",
            actor=actor,
            at=at,
            payload={"platform": channel.name, "note": channel.note},
        )
    if routing is not None:
        from casemgmt.powers.services import apply_routing

        apply_routing(case, routing, actor=actor, on=discovered_on, at=at)
    return case


def officer_unit(case: m.Case, officer: Officer) -> Unit:
    """The case unit an officer takes part for (CaseOfficer.unit): the handling unit, or an assisting unit such as
    the township brigade on a transition-period case led by a county department."""
    from casemgmt.org.selectors import unit_subtree_ids

    candidates = [case.handling_unit] + [a.unit for a in m.CaseAssist.objects.filter(case=case).select_related("unit")]
    member_units = {ms.unit_id for ms in officer.memberships.all()}
    for unit in candidates:
        if member_units & unit_subtree_ids({unit.pk}):
            return unit
    return case.handling_unit


def _case_number(case: m.Case, on: dt.date, kind: str = "立") -> str:
    """案件编号 per enforcement subject, procedure and year, e.g. 城关镇立〔2026〕12号. Numbering is serialised by
    locking the enforcement subject's row. Document 文号 come with the documents module."""
    subject = Unit.objects.select_for_update().get(pk=case.enforcement_subject_id)
    code = f"{subject.short_name or subject.name}{kind}"
    count = m.Case.objects.filter(
        enforcement_subject=subject, number__startswith=docnumber.year_part(code, on.year)
    ).count()
    return docnumber.compose(code, on.year, count + 1)


@transaction.atomic
def case_file(
    *,
    case: m.Case,
    actor,
    officers: list[Officer],
    lead: Officer,
    approved_by: Officer,
    on: dt.date,
    violation_start: dt.date | None,
    violation_end: dt.date | None,
    facts_summary: str = "",
    violation_place: str = "",
    involves_safety_harm: bool = False,
    is_complex: bool = False,
    major_public_interest: bool = False,
    multiple_legal_relations: bool = False,
    matter=None,
    expected_version: int | None = None,
) -> m.Case:
    """立案: head approval and ≥ 2 certified officers (APL Arts. 42, 54; SAMR Art. 19), within the
    limitation period (APL Art. 36); the enforcement subject must hold the matter (案由) on the filing day
    (rule 25). A ``matter`` given here sets or corrects the case's matter."""
    case = act_begin("file", case=case, actor=actor, expected_version=expected_version)
    if matter is not None:
        case.matter, case.matter_code = matter, matter.code
    if lead not in officers:
        raise InputError("主办人员须在承办人员之中", field="lead")
    if violation_start and violation_end and violation_end < violation_start:
        raise InputError("违法行为终了日期早于发生日期", field="violation_end")
    if on < case.discovered_on:
        raise InputError("立案日期不能早于发现日期", field="on")
    if on > timezone.localdate():
        raise InputError("立案日期不能晚于今天", field="on")
    gate(
        case,
        Attempt(
            "file",
            on,
            actor=actor_officer(actor),
            data={
                "officers": officers,
                "approved_by": approved_by,
                "violation_start": violation_start,
                "violation_end": violation_end,
                "discovered_on": case.discovered_on,
                "involves_safety_harm": involves_safety_harm,
                "dates": {"on": on, "violation_start": violation_start, "violation_end": violation_end},
            },
        ),
    )
    now = act_now()
    for officer in dict.fromkeys(officers):
        cert = officer.valid_certificate(on)
        m.CaseOfficer.objects.create(
            case=case,
            officer=officer,
            unit=officer_unit(case, officer),
            role=m.OfficerRole.LEAD if officer == lead else m.OfficerRole.ASSIST,
            certificate_number=cert.number,
            assigned_at=now,
        )
    touch(
        case,
        status=m.CaseStatus.INVESTIGATION,
        reason="立案",
        number=_case_number(case, on),
        filed_on=on,
        filing_approved_by=approved_by,
        filing_approved_at=now,
        violation_start=violation_start,
        violation_end=violation_end,
        facts=facts_summary or case.facts,
        violation_place=violation_place,
        involves_safety_harm=involves_safety_harm,
        is_complex=is_complex,
        major_public_interest=major_public_interest,
        multiple_legal_relations=multiple_legal_relations,
        matter=case.matter,
        matter_code=case.matter_code,
    )
    record_event(
        case,
        action="file",
        summary=f"立案，编号{case.number}，承办人员{'、'.join(o.name for o in officers)}",
        actor=actor,
        payload={"on": on, "officers": [o.pk for o in officers], "approved_by": approved_by.pk},
    )
    return case


@transaction.atomic
def case_decline_filing(
    *, case: m.Case, actor, approved_by: Officer, on: dt.date, reason: str, expected_version: int | None = None
) -> m.Case:
    """不予立案 with a recorded reason and head approval (SAMR Art. 20)."""
    case = act_begin("decline_filing", case=case, actor=actor, expected_version=expected_version)
    if not reason.strip():
        raise InputError("须填写不予立案理由", field="reason")
    data = {"approved_by": approved_by, "dates": {"on": on}}
    gate(case, Attempt("decline_filing", on, actor=actor_officer(actor), data=data))
    touch(
        case,
        status=m.CaseStatus.NOT_FILED,
        reason="不予立案",
        not_filed_reason=reason,
        filing_approved_by=approved_by,
        closed_on=on,
    )
    record_event(case, action="decline_filing", summary=f"不予立案：{reason[:100]}", actor=actor, payload={"on": on})
    return case


@transaction.atomic
def case_assign_officers(
    *,
    case: m.Case,
    actor,
    add: list[Officer],
    release: list[Officer],
    on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> m.Case:
    """Change the assigned officers (e.g. after 回避, APL Art. 43); at least two certified remain (APL Art. 42)."""
    case = act_begin("assign_officers", case=case, actor=actor, expected_version=expected_version)
    current = {a.officer_id: a for a in case.officers.filter(released_at__isnull=True).select_related("officer")}
    remaining = [a.officer for pk, a in current.items() if pk not in {o.pk for o in release}]
    resulting = remaining + [o for o in add if o.pk not in current]
    data = {"officers": resulting, "dates": {"on": on}}
    gate(case, Attempt("assign_officers", on, actor=actor_officer(actor), data=data))
    now = act_now()
    for officer in release:
        assignment = current.get(officer.pk)
        if assignment:
            assignment.released_at = now
            assignment._change_reason = reason
            assignment.save()
    for officer in add:
        if officer.pk in current:
            continue
        m.CaseOfficer.objects.create(
            case=case,
            officer=officer,
            unit=officer_unit(case, officer),
            certificate_number=officer.valid_certificate(on).number,
            assigned_at=now,
        )
    touch(case, reason=reason)
    record_event(
        case,
        action="assign_officers",
        summary=f"调整承办人员：加入{'、'.join(o.name for o in add) or '无'}，退出{'、'.join(o.name for o in release) or '无'}",
        actor=actor,
        reason=reason,
    )
    return case


@transaction.atomic
def case_suspend(
    *,
    case: m.Case,
    actor,
    approved_by: Officer,
    on: dt.date,
    kind: str,
    reason: str,
    expected_version: int | None = None,
) -> m.Case:
    """中止调查 / a period excluded from the 90-day clock, with head approval (SAMR Arts. 46, 64)."""
    case = act_begin("suspend", case=case, actor=actor, expected_version=expected_version)
    if m.Suspension.objects.filter(case=case, ended_on__isnull=True).exists():
        raise ConflictError("已有未结束的中止/扣除期间")
    if case.filed_on is None or on < case.filed_on:
        raise InputError("中止日期不能早于立案日期", field="on")
    if kind == m.SuspensionKind.INVESTIGATION and case.status != m.CaseStatus.INVESTIGATION:
        # Only the investigation itself is suspended (SAMR Art. 46); later periods are excluded from the clock.
        raise ConflictError(f"案件当前状态为“{case.get_status_display()}”，不能中止调查", rule=STAGE, case=case)
    if not reason.strip():
        raise InputError("须填写中止理由", field="reason")
    data = {"approved_by": approved_by, "kind": kind, "dates": {"on": on}}
    gate(case, Attempt("suspend", on, actor=actor_officer(actor), data=data))
    m.Suspension.objects.create(case=case, kind=kind, reason=reason, started_on=on, approved_by=approved_by)
    status = m.CaseStatus.SUSPENDED if kind == m.SuspensionKind.INVESTIGATION else case.status
    touch(case, status=status, reason=reason)
    record_event(
        case,
        action="suspend",
        summary=f"期限中止（{dict(m.SuspensionKind.choices)[kind]}）：{reason[:80]}",
        actor=actor,
        payload={"on": on, "kind": kind},
    )
    return case


@transaction.atomic
def case_resume(*, case: m.Case, actor, on: dt.date, expected_version: int | None = None) -> m.Case:
    """恢复调查: the cause of the suspension has ended; the investigation resumes at once, without a further
    approval (SAMR Art. 46 para 2)."""
    case = act_begin("resume", case=case, actor=actor, expected_version=expected_version)
    open_suspension = m.Suspension.objects.filter(case=case, ended_on__isnull=True).first()
    if open_suspension is None:
        raise ConflictError("没有正在进行的中止/扣除期间")
    if on < open_suspension.started_on:
        raise InputError("恢复日期早于中止日期", field="on")
    gate(case, Attempt("resume", on, actor=actor_officer(actor), data={"dates": {"on": on}}))
    open_suspension.ended_on = on
    open_suspension.save()
    status = m.CaseStatus.INVESTIGATION if case.status == m.CaseStatus.SUSPENDED else case.status
    touch(case, status=status, reason="恢复")
    record_event(case, action="resume", summary="中止原因消除，恢复办理", actor=actor, payload={"on": on})
    return case


@transaction.atomic
def case_terminate(
    *, case: m.Case, actor, approved_by: Officer, on: dt.date, reason: str, expected_version: int | None = None
) -> m.Case:
    """终止调查 (SAMR Art. 47): party died / dissolved with no successor, etc."""
    case = act_begin("terminate", case=case, actor=actor, expected_version=expected_version)
    if not reason.strip():
        raise InputError("须填写终止调查理由", field="reason")
    data = {"approved_by": approved_by, "dates": {"on": on}}
    gate(case, Attempt("terminate", on, actor=actor_officer(actor), data=data))
    for suspension in m.Suspension.objects.filter(case=case, ended_on__isnull=True):
        suspension.ended_on = on
        suspension.save()
    touch(case, status=m.CaseStatus.TERMINATED, reason=reason)
    record_event(
        case,
        action="terminate",
        summary=f"终止调查：{reason[:100]}",
        actor=actor,
        payload={"on": on, "approved_by": approved_by.pk},
    )
    return case


@transaction.atomic
def case_withdraw(
    *, case: m.Case, actor, approved_by: Officer, on: dt.date, reason: str, expected_version: int | None = None
) -> m.Case:
    """撤销立案: the filing was wrong (e.g. outside jurisdiction); with head approval."""
    case = act_begin("withdraw", case=case, actor=actor, expected_version=expected_version)
    if not reason.strip():
        raise InputError("须填写撤销立案理由", field="reason")
    data = {"approved_by": approved_by, "dates": {"on": on}}
    gate(case, Attempt("withdraw", on, actor=actor_officer(actor), data=data))
    touch(case, status=m.CaseStatus.WITHDRAWN, reason=reason, closed_on=on)
    record_event(
        case,
        action="withdraw",
        summary=f"撤销立案：{reason[:100]}",
        actor=actor,
        payload={"on": on, "approved_by": approved_by.pk},
    )
    return case
