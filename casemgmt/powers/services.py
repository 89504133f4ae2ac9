"""Use cases of the powers app: power grants, taking powers back, transfers (移送), designation (指定管辖),
criminal referrals and assistance requests. Same pattern as the case services: lock, check, write, log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt
from casemgmt.cases.services.base import (
    HANDLER_ROLES,
    LEADER_ROLES,
    ConflictError,
    InputError,
    gate,
    lock_case,
    record_event,
    require_role,
    touch,
)
from casemgmt.cases.textlimits import check_text
from casemgmt.legalcal.calendar import Binds, add_working_days
from casemgmt.org.models import Role, Unit, UnitKind
from casemgmt.org.selectors import officer_of, role_unit_ids
from casemgmt.org.services import grant_assist, revoke_assist
from casemgmt.org.tree import unit_tree

from .holders import catalogue_snapshot, clear_catalogue_cache
from .models import (
    AssistanceRequest,
    CriminalReferral,
    PowerGrant,
    ReferralStatus,
    Transfer,
    TransferStatus,
)
from .routing import Routing, township_brigades
from .validation import grant_problems

# A case can be transferred until the decision is made; afterwards the deciding body executes it.
TRANSFERABLE = (
    m.CaseStatus.CLUE,
    m.CaseStatus.INVESTIGATION,
    m.CaseStatus.SUSPENDED,
    m.CaseStatus.REPORTED,
    m.CaseStatus.REVIEW,
    m.CaseStatus.NOTICE,
    m.CaseStatus.HEARING,
    m.CaseStatus.DISCUSSION,
)
ADMIN_ROLES = (Role.ADMINISTRATOR,)
DESIGNATOR_ROLES = (Role.AGENCY_HEAD, Role.ADMINISTRATOR)


def _require_admin(actor) -> None:
    if getattr(actor, "is_superuser", False):
        return
    from casemgmt.org.selectors import roles_of

    if Role.ADMINISTRATOR not in roles_of(actor):
        raise PermissionDenied("仅管理员可以维护赋权事项清单")


def _day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


# --- routing a new case (called by clue registration) -----------------------------------------------------------


def apply_routing(case: m.Case, routing: Routing, *, actor, on: dt.date, at=None) -> None:
    """Attach the assisting units the power list asks for (过渡期: the township brigade 协办)."""
    for unit in routing.assisting:
        if unit.pk in (case.enforcement_subject_id, case.handling_unit_id):
            continue
        assist = m.CaseAssist(case=case, unit=unit, since=on)
        assist._change_reason = "过渡期协办"
        assist.save()
        grant_assist(case=case, unit=unit)
    if routing.holding.basis != "source" or routing.assisting:
        record_event(
            case,
            action="power_route",
            summary=(
                f"按赋权事项清单确定执法主体：{routing.subject}（{routing.note}）"
                + (f"，协办：{'、'.join(u.name for u in routing.assisting)}" if routing.assisting else "")
            ),
            actor=actor,
            at=at,
            payload={
                "subject": routing.subject.pk,
                "handling_unit": routing.handling_unit.pk,
                "assisting": [u.pk for u in routing.assisting],
                "grant": routing.holding.grant.pk if routing.holding.grant is not None else None,
            },
        )


def _save_for_case(obj, case: m.Case, *, reason: str, case_reason: str):
    """Save a record of the case with its history reason and give the locked case a new version."""
    obj._change_reason = reason
    obj.save()
    touch(case, reason=case_reason)
    return obj


# --- power grants ------------------------------------------------------------------------------------------------


@transaction.atomic
def grant_save(*, grant: PowerGrant, actor) -> PowerGrant:
    """Create or change a grant. Overlapping grants for the same matter and township are refused; the township
    row is locked so two administrators cannot create overlapping grants at once."""
    _require_admin(actor)
    Unit.objects.select_for_update().filter(pk=grant.township_id).first()
    problems = grant_problems(grant)
    if problems:
        raise InputError("；".join(problems), field="effective_from")
    grant.full_clean(validate_constraints=True)
    grant._change_reason = "维护赋权事项"
    grant.save()
    clear_catalogue_cache()
    return grant


@dataclass
class RerouteItem:
    case: m.Case
    to_unit: Unit | None
    action: str  # transfer / keep / refused
    reason: str = ""


@dataclass
class RerouteResult:
    items: list[RerouteItem] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    dry_run: bool = True

    def lines(self) -> list[str]:
        labels = {"transfer": "移送", "keep": "不移送", "refused": "不能移送"}
        out = []
        for item in self.items:
            to = f"→ {item.to_unit}" if item.to_unit else ""
            out.append(
                f"{item.case.number or item.case}（{item.case.get_status_display()}）{labels[item.action]}{to}"
                + (f"：{item.reason}" if item.reason else "")
            )
        return out


def _handler_for(subject_id: int, township_id: int | None) -> Unit:
    """The unit that handles cases for an enforcement subject: a township's brigade, a department itself."""
    subject = Unit.objects.get(pk=subject_id)
    if subject.kind == UnitKind.TOWNSHIP:
        brigades = township_brigades(subject)
        if brigades:
            return brigades[0]
    return subject


def affected_cases(*, grant: PowerGrant, on: dt.date):
    """Open cases about the grant's matter in its township whose enforcement subject does not hold the matter on
    ``on`` (e.g. after the grant ends, or after the transition period when the lead does not finish them)."""
    snapshot = catalogue_snapshot()
    cases = (
        m.Case.objects.filter(matter_id=grant.matter_id, status__in=m.OPEN_STATUSES)
        .filter(locality_id=grant.township_id)
        .select_related("enforcement_subject", "handling_unit")
        .order_by("pk")
    )
    out = []
    for case in cases:
        ok, holding = snapshot.holds(
            subject_id=case.enforcement_subject_id,
            matter_id=grant.matter_id,
            township_id=grant.township_id,
            day=on,
            filed_on=case.filed_on,
        )
        if not ok:
            out.append((case, holding))
    return out


def grant_reroute(
    *, grant: PowerGrant, on: dt.date, actor, dry_run: bool = True, reason: str = "", at: dt.datetime | None = None
) -> RerouteResult:
    """List (dry run) or transfer the open cases whose subject lost the matter on ``on``. Cases already decided
    stay with the body that decided them (it held the matter on the decision date); a case received by transfer
    cannot be transferred again (SAMR Art. 14) and is reported for designation by the superior."""
    _require_admin(actor)
    clear_catalogue_cache()
    result = RerouteResult(dry_run=dry_run)
    for case, holding in affected_cases(grant=grant, on=on):
        if holding.subject_id is None:
            result.items.append(RerouteItem(case, None, "refused", "该事项无执法主体"))
            continue
        target = _handler_for(holding.subject_id, grant.township_id)
        if case.status not in TRANSFERABLE:
            result.items.append(RerouteItem(case, target, "keep", "已作出决定，由原执法主体执行完毕"))
            continue
        if Transfer.objects.filter(case=case, status=TransferStatus.ACCEPTED).exists():
            result.items.append(RerouteItem(case, target, "refused", "受移送的案件不得再移送，请报请指定管辖"))
            continue
        if Transfer.objects.filter(case=case, status=TransferStatus.SENT).exists():
            result.items.append(RerouteItem(case, target, "refused", "已有待接收的移送"))
            continue
        result.items.append(RerouteItem(case, target, "transfer"))
    if dry_run:
        return result
    with transaction.atomic():
        for item in result.items:
            if item.action != "transfer":
                continue
            sent_at = at or timezone.now()
            transfer = _send(
                case=lock_case(item.case),
                actor=actor,
                to_unit=item.to_unit,
                reason=reason or f"执法事项“{grant.matter}”自{on:%Y-%m-%d}不再由本单位行使（{grant.document_number}）",
                found_at=sent_at,
                sent_at=sent_at,
                is_major=False,
            )
            result.transfers.append(transfer)
    return result


@transaction.atomic
def grant_end(
    *, grant: PowerGrant, last_day: dt.date, actor, dry_run: bool = True, reroute: bool = True, reason: str = ""
) -> RerouteResult:
    """收回赋权: the grant's last day becomes ``last_day``; open cases of the township about the matter are listed
    and (unless ``dry_run``) transferred to the holder from the next day. A dry run changes nothing."""
    _require_admin(actor)
    grant = PowerGrant.objects.select_for_update().get(pk=grant.pk)
    if last_day < grant.effective_from:
        raise InputError("收回日期早于赋权生效日期", field="last_day")
    if grant.effective_to is not None and grant.effective_to < last_day:
        raise InputError(f"该赋权已于{grant.effective_to}终止", field="last_day")
    sid = transaction.savepoint()
    grant.effective_to = last_day
    if grant.transition_until is not None and grant.transition_until > last_day:
        grant.transition_until = last_day
    grant._change_reason = reason or "收回赋权"
    grant.save()
    clear_catalogue_cache()
    result = grant_reroute(grant=grant, on=last_day + dt.timedelta(days=1), actor=actor, dry_run=True)
    if dry_run:
        transaction.savepoint_rollback(sid)
        clear_catalogue_cache()
        return result
    if reroute:
        result = grant_reroute(
            grant=grant, on=last_day + dt.timedelta(days=1), actor=actor, dry_run=False, reason=reason
        )
    return result


# --- transfers (移送) ---------------------------------------------------------------------------------------------


def transfer_due(*, unit: Unit, found_at: dt.datetime, is_major: bool) -> dt.datetime:
    """3 working days from the day of discovery (end of that day), or 24 hours for major cases (configurable)."""
    policy = m.ProcedurePolicy.for_unit(unit.enforcement_subject() if unit else None)
    if is_major:
        return found_at + dt.timedelta(hours=policy.transfer_major_hours)
    last = add_working_days(_day(found_at), policy.transfer_working_days, binds=Binds.AGENCY).date
    return timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59)))


def evidence_materials(case: m.Case) -> list[dict]:
    return [
        {"evidence": e.pk, "title": e.title, "sha256": e.sha256}
        for e in m.EvidenceItem.objects.filter(case=case).order_by("pk")
    ]


def _send(*, case, actor, to_unit, reason, found_at, sent_at, is_major, materials=None) -> Transfer:
    if not reason.strip():
        raise InputError("须填写移送理由", field="reason")
    check_text(reason, field="reason", label="移送理由")
    if to_unit.pk in (case.handling_unit_id, case.enforcement_subject_id):
        raise InputError("不能移送给本案执法主体或承办单位", field="to_unit")
    if unit_tree().enforcement_subject(to_unit.pk) is None:
        raise InputError("接收单位没有所属执法主体", field="to_unit")
    if found_at > sent_at:
        raise InputError("发现时间晚于移送时间", field="found_at")
    if case.status not in TRANSFERABLE:
        raise ConflictError(f"案件当前状态为“{case.get_status_display()}”，不能移送")
    if Transfer.objects.filter(
        case=case, status__in=[TransferStatus.SENT, TransferStatus.DESIGNATION_REQUESTED]
    ).exists():
        raise ConflictError("本案已有未办结的移送")
    gate(
        case,
        Attempt(
            "transfer",
            _day(sent_at),
            actor=officer_of(actor),
            data={"to_unit": to_unit.pk},
        ),
    )
    known = {e["evidence"]: e for e in evidence_materials(case)}
    if materials is None:
        listed = list(known.values())
    else:
        listed = []
        for item in materials:
            if isinstance(item, int):
                if item not in known:
                    raise InputError(f"证据#{item}不属于本案", field="materials")
                listed.append(known[item])
            else:
                listed.append({"title": str(item), "sha256": ""})
    transfer = Transfer(
        case=case,
        from_unit=case.handling_unit,
        to_unit=to_unit,
        reason=reason,
        materials=listed,
        is_major=is_major,
        found_at=found_at,
        due_at=transfer_due(unit=case.handling_unit, found_at=found_at, is_major=is_major),
        sent_at=sent_at,
        sent_by=actor,
    )
    _save_for_case(transfer, case, reason="移送案件", case_reason="移送案件")
    record_event(
        case,
        action="transfer",
        summary=f"移送{to_unit}：{reason[:80]}",
        actor=actor,
        at=sent_at,
        payload={"transfer": transfer.pk, "to_unit": to_unit.pk, "materials": len(listed), "due_at": transfer.due_at},
    )
    return transfer


@transaction.atomic
def transfer_send(
    *,
    case: m.Case,
    actor,
    to_unit: Unit,
    reason: str,
    found_at: dt.datetime,
    sent_at: dt.datetime | None = None,
    is_major: bool = False,
    materials: list | None = None,
    expected_version: int | None = None,
) -> Transfer:
    """移送: a case outside the unit's jurisdiction goes to the competent unit with its materials and their
    SHA-256 (市场监管程序规定第十七条); a received case may not be transferred again (第十四条)."""
    case = lock_case(case, expected_version=expected_version)
    require_role(actor, case, LEADER_ROLES)
    return _send(
        case=case,
        actor=actor,
        to_unit=to_unit,
        reason=reason,
        found_at=found_at,
        sent_at=sent_at or timezone.now(),
        is_major=is_major,
        materials=materials,
    )


def _require_receiver(actor, unit: Unit, roles) -> None:
    if unit.pk not in role_unit_ids(actor, tuple(roles)):
        raise PermissionDenied("您不是接收单位的负责人")


def _move_case(case: m.Case, unit: Unit, *, actor, on: dt.date, reason: str) -> None:
    """The receiver becomes the handling unit and its body the enforcement subject; the sender's officers leave
    the case (the receiver assigns its own), and the receiver stops being a mere assisting unit."""
    old_units = {case.handling_unit_id, case.enforcement_subject_id}
    case.handling_unit = unit
    case.enforcement_subject = unit.enforcement_subject()
    township = unit_tree().township_of(unit.pk)
    if township is not None:  # a township receiving the case takes it as its own territory
        case.locality_id = township
    case._unit_chain_cache = None
    case._leader_ids_cache = None
    gate(case, Attempt("transfer_accept", on, actor=officer_of(actor)))
    now = timezone.now()
    for assignment in m.CaseOfficer.objects.filter(case=case, released_at__isnull=True, unit_id__in=old_units):
        assignment.released_at = now
        assignment._change_reason = reason
        assignment.save()
    for assist in m.CaseAssist.objects.filter(case=case, unit_id__in={unit.pk, case.enforcement_subject_id}):
        assist._change_reason = reason
        assist.delete()
        revoke_assist(case=case, unit=assist.unit)


@transaction.atomic
def transfer_accept(*, transfer: Transfer, actor, on: dt.date, receipt_number: str = "", matter=None) -> Transfer:
    """接收: the case moves to the receiver, which becomes its enforcement subject and handling unit; it must hold
    the matter (案由, which it may set now) on the day it accepts (rule 25)."""
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("to_unit").get(pk=transfer.pk)
    case = lock_case(transfer.case_id)
    _require_receiver(actor, transfer.to_unit, HANDLER_ROLES + LEADER_ROLES)
    if transfer.status != TransferStatus.SENT:
        raise ConflictError(f"移送状态为“{transfer.get_status_display()}”，不能接收")
    if on < _day(transfer.sent_at):
        raise InputError("接收日期早于移送日期", field="on")
    if on > timezone.localdate():
        raise InputError("接收日期不能晚于今天", field="on")
    if matter is not None:
        case.matter, case.matter_code = matter, matter.code
    _move_case(case, transfer.to_unit, actor=actor, on=on, reason="接收移送案件")
    transfer.status = TransferStatus.ACCEPTED
    transfer.received_on = on
    transfer.receipt_number = receipt_number
    transfer.received_by = actor
    _save_for_case(transfer, case, reason="接收移送", case_reason="接收移送案件")
    record_event(
        case,
        action="transfer_accept",
        summary=f"{transfer.to_unit}接收移送案件",
        actor=actor,
        payload={"transfer": transfer.pk, "on": on, "receipt_number": receipt_number},
    )
    return transfer


def common_superior(a: Unit, b: Unit) -> Unit | None:
    """The nearest unit above both enforcement subjects (共同的上一级机关)."""
    tree = unit_tree()
    above_b = set(tree.ancestors(tree.enforcement_subject(b.pk) or b.pk))
    for pk in tree.ancestors(tree.enforcement_subject(a.pk) or a.pk):
        if pk in above_b:
            return Unit.objects.get(pk=pk)
    return None


@transaction.atomic
def transfer_request_designation(*, transfer: Transfer, actor, on: dt.date, reason: str) -> Transfer:
    """The receiver disputes jurisdiction: it asks the common superior to designate and may not transfer the
    case on (市场监管程序规定第十四条); the superior designates within 7 working days (第十六条)."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",)).select_related("from_unit", "to_unit").get(pk=transfer.pk)
    )
    case = lock_case(transfer.case_id)
    _require_receiver(actor, transfer.to_unit, LEADER_ROLES)
    if transfer.status != TransferStatus.SENT:
        raise ConflictError(f"移送状态为“{transfer.get_status_display()}”，不能报请指定管辖")
    if not reason.strip():
        raise InputError("须写明对管辖的异议", field="reason")
    check_text(reason, field="reason", label="报请指定管辖理由")
    superior = common_superior(transfer.from_unit, transfer.to_unit)
    if superior is None:
        raise InputError("移送单位与接收单位没有共同的上一级机关", field="reason")
    policy = m.ProcedurePolicy.for_unit(transfer.to_unit.enforcement_subject())
    transfer.status = TransferStatus.DESIGNATION_REQUESTED
    transfer.designation_reason = reason
    transfer.designation_requested_on = on
    transfer.designation_due_on = add_working_days(on, policy.designation_working_days, binds=Binds.AGENCY).date
    transfer.superior = superior
    _save_for_case(transfer, case, reason="报请指定管辖", case_reason="报请指定管辖")
    record_event(
        case,
        action="transfer_designation_request",
        summary=f"{transfer.to_unit}对管辖有异议，报请{superior}指定管辖",
        actor=actor,
        payload={"transfer": transfer.pk, "on": on},
    )
    return transfer


@transaction.atomic
def transfer_designate(*, transfer: Transfer, actor, unit: Unit, on: dt.date, document_number: str) -> Transfer:
    """指定管辖 by the common superior (行政处罚法第二十五条): the case moves to the designated unit."""
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("superior").get(pk=transfer.pk)
    case = lock_case(transfer.case_id)
    if transfer.status != TransferStatus.DESIGNATION_REQUESTED:
        raise ConflictError("该移送未报请指定管辖")
    if not getattr(actor, "is_superuser", False) and transfer.superior_id not in role_unit_ids(actor, DESIGNATOR_ROLES):
        raise PermissionDenied("仅共同上一级机关可以指定管辖")
    if not document_number.strip():
        raise InputError("须填写指定管辖文书文号", field="document_number")
    if unit_tree().enforcement_subject(unit.pk) is None:
        raise InputError("被指定单位没有所属执法主体", field="unit")
    if unit.pk != case.handling_unit_id:
        _move_case(case, unit, actor=actor, on=on, reason="指定管辖")
    transfer.status = TransferStatus.DESIGNATED
    transfer.designated_unit = unit
    transfer.designated_on = on
    transfer.designation_document = document_number
    _save_for_case(transfer, case, reason="指定管辖", case_reason="指定管辖")
    record_event(
        case,
        action="transfer_designate",
        summary=f"{transfer.superior}指定由{unit}管辖（{document_number}）",
        actor=actor,
        payload={"transfer": transfer.pk, "unit": unit.pk, "on": on},
    )
    return transfer


# --- criminal referral and assistance ----------------------------------------------------------------------------


def seized_items(case: m.Case) -> list[dict]:
    return [
        {
            "measure": measure.pk,
            "kind": measure.get_kind_display(),
            "items": measure.items,
            "started_on": measure.started_on.isoformat(),
            "disposal": measure.get_disposal_display() if measure.disposal else "",
        }
        for measure in m.Measure.objects.filter(case=case).order_by("started_on", "pk")
    ]


@transaction.atomic
def referral_send(
    *, case: m.Case, actor, organ: str, reason: str, on: dt.date, expected_version: int | None = None
) -> CriminalReferral:
    """涉嫌犯罪案件移送司法机关 with the seized items and the evidence list (行政处罚法第二十七条；
    行政强制法第二十一条)."""
    case = lock_case(case, expected_version=expected_version)
    require_role(actor, case, LEADER_ROLES)
    if case.status not in m.OPEN_STATUSES:
        raise ConflictError("案件已办结，不能移送司法机关")
    if not organ.strip() or not reason.strip():
        raise InputError("须填写接收的司法机关和涉嫌犯罪的事实理由", field="reason")
    check_text(reason, field="reason", label="涉嫌犯罪的事实和理由")
    check_text(organ, field="organ", label="接收机关", limit=100)
    if case.filed_on and on < case.filed_on:
        raise InputError("移送日期早于立案日期", field="on")
    if on > timezone.localdate():
        raise InputError("移送日期不能晚于今天", field="on")
    referral = CriminalReferral(
        case=case,
        from_unit=case.enforcement_subject,
        organ=organ,
        reason=reason,
        seized_items=seized_items(case),
        materials=evidence_materials(case),
        sent_on=on,
        sent_by=actor,
    )
    _save_for_case(referral, case, reason="涉嫌犯罪移送", case_reason="涉嫌犯罪案件移送")
    record_event(
        case,
        action="criminal_referral",
        summary=f"涉嫌犯罪，移送{organ}（涉案物品{len(referral.seized_items)}项）",
        actor=actor,
        payload={"referral": referral.pk, "on": on},
    )
    return referral


@transaction.atomic
def referral_receipt(*, referral: CriminalReferral, actor, on: dt.date, receipt_number: str) -> CriminalReferral:
    referral = CriminalReferral.objects.select_for_update().get(pk=referral.pk)
    case = lock_case(referral.case_id)
    require_role(actor, case, HANDLER_ROLES + LEADER_ROLES)
    if referral.status != ReferralStatus.SENT:
        raise ConflictError("已登记回执")
    if on < referral.sent_on:
        raise InputError("接收日期早于移送日期", field="on")
    referral.status = ReferralStatus.RECEIVED
    referral.received_on = on
    referral.receipt_number = receipt_number
    _save_for_case(referral, case, reason="司法机关回执", case_reason="司法机关接收回执")
    record_event(case, action="criminal_referral_receipt", summary=f"{referral.organ}接收移送", actor=actor)
    return referral


@transaction.atomic
def assistance_request(
    *, case: m.Case, actor, to_unit: Unit, request: str, on: dt.date, expected_version: int | None = None
) -> AssistanceRequest:
    """协助调查请求 (行政处罚法第二十六条); reply due in 15 working days (市场监管程序规定第四十五条, configurable)."""
    case = lock_case(case, expected_version=expected_version)
    require_role(actor, case, HANDLER_ROLES + LEADER_ROLES)
    if case.status not in TRANSFERABLE:
        raise ConflictError("案件当前状态不能请求协助调查")
    if not request.strip():
        raise InputError("须写明请求协助的事项", field="request")
    check_text(request, field="request", label="请求协助的事项")
    if to_unit.pk in (case.handling_unit_id, case.enforcement_subject_id):
        raise InputError("不能向本单位请求协助", field="to_unit")
    if on > timezone.localdate():
        raise InputError("请求日期不能晚于今天", field="on")
    policy = m.ProcedurePolicy.for_unit(case.enforcement_subject)
    req = AssistanceRequest(
        case=case,
        from_unit=case.handling_unit,
        to_unit=to_unit,
        request=request,
        sent_on=on,
        due_on=add_working_days(on, policy.assistance_reply_working_days, binds=Binds.AGENCY).date,
        sent_by=actor,
    )
    _save_for_case(req, case, reason="请求协助调查", case_reason="请求协助调查")
    record_event(
        case,
        action="assistance_request",
        summary=f"请求{to_unit}协助调查，{req.due_on:%Y-%m-%d}前答复",
        actor=actor,
        payload={"request": req.pk, "due_on": req.due_on},
    )
    return req


@transaction.atomic
def assistance_reply(
    *, request: AssistanceRequest, actor, on: dt.date, reply: str, delay_reason: str = ""
) -> AssistanceRequest:
    """The requested unit replies; after the deadline only with a reason for the delay (SAMR Art. 45)."""
    request = AssistanceRequest.objects.select_for_update(of=("self",)).select_related("to_unit").get(pk=request.pk)
    case = lock_case(request.case_id)
    _require_receiver(actor, request.to_unit, HANDLER_ROLES + LEADER_ROLES)
    if request.replied_on is not None:
        raise ConflictError("已答复")
    if on < request.sent_on:
        raise InputError("答复日期早于请求日期", field="on")
    if not reply.strip():
        raise InputError("须填写答复内容", field="reply")
    check_text(reply, field="reply", label="答复内容")
    check_text(delay_reason, field="delay_reason", label="不能按期完成的理由")
    if on > request.due_on and not delay_reason.strip():
        raise InputError(f"已超过答复期限（{request.due_on:%Y-%m-%d}），须说明不能按期完成的理由", field="delay_reason")
    request.replied_on = on
    request.reply = reply
    request.delay_reason = delay_reason
    request.replied_by = actor
    _save_for_case(request, case, reason="答复协助调查", case_reason="协助调查答复")
    record_event(
        case,
        action="assistance_reply",
        summary=f"{request.to_unit}答复协助调查",
        actor=actor,
        payload={"request": request.pk, "on": on},
    )
    return request
