"""From the investigation report to the decision: review, prior notice, statement, hearing, discussion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt
from casemgmt.org.models import Officer

from .base import (
    ConflictError,
    InputError,
    act_begin,
    actor_officer,
    gate,
    record_event,
    save_tracked,
    touch,
)

S = m.CaseStatus


def _penalty(penalty_types, fine_amount, confiscation_amount) -> dict:
    unknown = set(penalty_types) - set(m.PenaltyType.values)
    if unknown:
        raise InputError(f"未知的处罚种类：{'、'.join(sorted(unknown))}", field="penalty_types")
    fine = Decimal(fine_amount or 0)
    confiscation = Decimal(confiscation_amount or 0)
    if fine < 0 or confiscation < 0:
        raise InputError("金额不能为负数", field="fine_amount")
    if fine > 0 and m.PenaltyType.FINE not in penalty_types:
        raise InputError("填写了罚款金额，但处罚种类未选择罚款", field="penalty_types")
    return {
        "penalty_types": list(dict.fromkeys(penalty_types)),
        "fine_amount": fine,
        "confiscation_amount": confiscation,
    }


@transaction.atomic
def report_submit(
    *,
    case: m.Case,
    actor,
    on: dt.date,
    facts: str,
    evidence_summary: str,
    nature: str,
    legal_basis: str,
    discretion_reasons: str,
    penalty_types: list[str],
    fine_amount=0,
    confiscation_amount=0,
    proposes_reduction: bool = False,
    reduction_ground: str = "",
    proposes_no_penalty: bool = False,
    expected_version: int | None = None,
) -> m.InvestigationReport:
    """案件调查终结报告 (SAMR Art. 48), sent to review."""
    case = act_begin("submit_report", case=case, actor=actor, expected_version=expected_version)
    if proposes_reduction and not reduction_ground.strip():
        raise InputError("拟减轻处罚须写明法定依据（行政处罚法第三十二条）", field="reduction_ground")
    if on < case.filed_on:
        raise InputError("报告日期早于立案日期", field="on")
    gate(case, Attempt("submit_report", on, actor=actor_officer(actor), data={"dates": {"on": on}}))
    report = m.InvestigationReport(
        case=case,
        recorded_by=actor,
        submitted_on=on,
        facts=facts,
        evidence_summary=evidence_summary,
        nature=nature,
        legal_basis=legal_basis,
        discretion_reasons=discretion_reasons,
        proposes_reduction=proposes_reduction,
        reduction_ground=reduction_ground,
        proposes_no_penalty=proposes_no_penalty,
        **_penalty(penalty_types, fine_amount, confiscation_amount),
    )
    save_tracked(report, reason="调查终结")
    touch(case, status=S.REVIEW, reason="调查终结，送审核", facts=facts)
    record_event(
        case, action="submit_report", summary="提交调查终结报告，送审核", actor=actor, payload={"report": report.pk}
    )
    return report


@transaction.atomic
def review_record(
    *, case: m.Case, actor, kind: str, result: str, opinion: str, on: dt.date, expected_version: int | None = None
) -> m.ReviewOpinion:
    """法制审核 / 案件审核 opinion by the acting reviewer (APL Art. 58; SAMR Arts. 49–54). Each call is a round."""
    case = act_begin("review", case=case, actor=actor, expected_version=expected_version)
    reviewer = actor_officer(actor)
    if kind not in m.ReviewKind.values or result not in m.ReviewResult.values:
        raise InputError("审核类型或审核意见不正确", field="result")
    if not opinion.strip():
        raise InputError("须填写审核意见", field="opinion")
    if case.investigationreports.filter(submitted_on__lte=on).count() == 0:
        raise InputError("审核日期早于调查终结报告", field="on")
    gate(case, Attempt("review", on, actor=reviewer, data={"reviewer": reviewer, "kind": kind, "dates": {"on": on}}))
    rounds = case.reviewopinions.filter(kind=kind).count()
    review = m.ReviewOpinion(
        case=case,
        recorded_by=actor,
        kind=kind,
        round=rounds + 1,
        reviewer=reviewer,
        reviewed_on=on,
        result=result,
        opinion=opinion,
    )
    save_tracked(review, reason="审核")
    status = S.INVESTIGATION if result == m.ReviewResult.INVESTIGATE else case.status
    touch(case, status=status, reason="审核")
    record_event(
        case,
        action="review",
        summary=f"{review.get_kind_display()}第{review.round}轮：{review.get_result_display()}",
        actor=actor,
        payload={"review": review.pk, "result": result},
    )
    return review


@transaction.atomic
def notice_issue(
    *,
    case: m.Case,
    actor,
    on: dt.date,
    facts_and_reasons: str,
    penalty_types: list[str],
    fine_amount=0,
    confiscation_amount=0,
    includes_hearing_right: bool = False,
    expected_version: int | None = None,
) -> m.Notice:
    """行政处罚事先告知书 (APL Art. 44); a second one supersedes the first and restarts the period."""
    case = act_begin("issue_notice", case=case, actor=actor, expected_version=expected_version)
    if not case.reviewopinions.filter(result=m.ReviewResult.APPROVE).exists():
        raise ConflictError("调查终结报告尚未经审核同意，不能告知")
    penalty = _penalty(penalty_types, fine_amount, confiscation_amount)
    if not penalty["penalty_types"]:
        raise InputError("须写明拟作出的处罚种类", field="penalty_types")
    gate(
        case,
        Attempt(
            "issue_notice",
            on,
            actor=actor_officer(actor),
            data={**penalty, "includes_hearing_right": includes_hearing_right, "dates": {"on": on}},
        ),
    )
    previous = case.notices.order_by("-issued_on", "-id").first()
    notice = m.Notice(
        case=case,
        recorded_by=actor,
        issued_on=on,
        facts_and_reasons=facts_and_reasons,
        includes_hearing_right=includes_hearing_right,
        supersedes=previous,
        **penalty,
    )
    save_tracked(notice, reason="事先告知")
    touch(case, status=S.NOTICE, reason="事先告知")
    record_event(
        case,
        action="issue_notice",
        summary="制作行政处罚事先告知书" + ("（含听证权利）" if includes_hearing_right else ""),
        actor=actor,
        payload={"notice": notice.pk},
    )
    return notice


@transaction.atomic
def notice_serve(
    *,
    notice: m.Notice,
    actor,
    method: str,
    recipient: str,
    delivered_on: dt.date,
    witness: str = "",
    media_reference: str = "",
    public_reason: str = "",
    public_process: str = "",
) -> m.ServiceRecord:
    """Serve the prior notice; its service date starts the statement and hearing-request periods."""

    from casemgmt.cases.clocks import deemed_service_date

    case = act_begin("serve_notice", case=notice.case, actor=actor)
    notice = m.Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.served_on is not None:
        raise ConflictError("该告知书已送达")
    if case.notices.order_by("-issued_on", "-id").values_list("pk", flat=True).first() != notice.pk:
        raise ConflictError("该告知书已被新的告知书替代，请送达最新的告知书")
    if method not in m.ServiceMethod.values:
        raise InputError("送达方式不正确", field="method")
    if method == m.ServiceMethod.LEFT and not (witness or media_reference):
        raise InputError("留置送达须有见证人或音像记录", field="witness")
    if delivered_on < notice.issued_on:
        raise InputError("送达日期早于告知日期", field="delivered_on")
    public_reason, public_process = _public_grounds(method, public_reason, public_process)
    data = {
        "method": method,
        "public_reason": public_reason,
        "public_process": public_process,
        "dates": {"delivered_on": delivered_on},
    }
    gate(case, Attempt("serve", delivered_on, actor=actor_officer(actor), data=data))
    served_on = deemed_service_date(
        method=method, delivered_on=delivered_on, policy=m.ProcedurePolicy.for_unit(case.enforcement_subject)
    )
    record = m.ServiceRecord(
        case=case,
        recorded_by=actor,
        document=m.ServiceDocument.NOTICE,
        document_ref="行政处罚事先告知书",
        method=method,
        recipient=recipient,
        delivered_on=delivered_on,
        witness=witness,
        media_reference=media_reference,
        served_on=served_on,
        public_reason=public_reason,
        public_process=public_process,
    )
    save_tracked(record, reason="送达告知书")
    notice.served_on = served_on
    save_tracked(notice, reason="送达")
    touch(case, reason="送达告知书")
    record_event(
        case,
        action="serve_notice",
        summary=f"告知书送达（{record.get_method_display()}），视为送达日{served_on}",
        actor=actor,
    )
    return record


@transaction.atomic
def statement_record(
    *, case: m.Case, actor, kind: str, received_on: dt.date, content: str = "", expected_version: int | None = None
) -> m.Statement:
    """陈述申辩 / written waiver / hearing request against the latest notice (APL Arts. 45, 64)."""
    case = act_begin("record_statement", case=case, actor=actor, expected_version=expected_version)
    notice = case.notices.order_by("-issued_on", "-id").first()
    if notice is None or notice.served_on is None:
        raise ConflictError("告知书尚未送达")
    if received_on < notice.served_on:
        raise InputError("提出日期早于告知书送达日期", field="received_on")
    if kind not in m.StatementKind.values:
        raise InputError("类型不正确", field="kind")
    if kind == m.StatementKind.WAIVER:
        raise InputError(
            "书面放弃陈述申辩或听证，请使用“书面放弃陈述申辩/听证”操作，并附当事人签名的放弃书", field="kind"
        )
    if kind == m.StatementKind.STATEMENT and not content.strip():
        raise InputError("须记录陈述申辩内容", field="content")
    # A hearing request passes the hearing rules under its own code (APL Art. 64).
    code = "request_hearing" if kind == m.StatementKind.HEARING_REQUEST else "record_statement"
    data = {"notice": notice, "dates": {"received_on": received_on}}
    gate(case, Attempt(code, received_on, actor=actor_officer(actor), data=data))
    statement = m.Statement(
        case=case, recorded_by=actor, notice=notice, kind=kind, received_on=received_on, content=content
    )
    save_tracked(statement, reason=statement.get_kind_display())
    status = S.HEARING if kind == m.StatementKind.HEARING_REQUEST else case.status
    touch(case, status=status, reason=statement.get_kind_display())
    record_event(
        case,
        action=f"statement_{kind}",
        summary=f"{statement.get_kind_display()}（{received_on}）",
        actor=actor,
        payload={"statement": statement.pk},
    )
    return statement


@transaction.atomic
def statement_waive(
    *,
    case: m.Case,
    actor,
    received_on: dt.date,
    signed_document: m.EvidenceItem | None,
    waives_statement: bool = False,
    waives_hearing: bool = False,
    content: str = "",
    expected_version: int | None = None,
) -> m.Statement:
    """The party's written waiver of the statement/defence and/or the hearing against the latest notice (APL Arts.
    44–45, 63–64), with the signed waiver registered as evidence. A waiver of both lets the decision follow at once;
    waiving the statement alone leaves the hearing period running."""
    case = act_begin("waive_rights", case=case, actor=actor, expected_version=expected_version)
    notice = case.notices.order_by("-issued_on", "-id").first()
    if notice is None or notice.served_on is None:
        raise ConflictError("告知书尚未送达")
    if signed_document is not None and signed_document.case_id != case.pk:
        raise InputError("放弃书须为本案登记的证据", field="signed_document")
    data = {
        "notice": notice,
        "waives_statement": waives_statement,
        "waives_hearing": waives_hearing,
        "signed_document": signed_document,
        "dates": {"received_on": received_on},
    }
    gate(case, Attempt("waive_rights", received_on, actor=actor_officer(actor), data=data))
    rights = "、".join(x for x in ("陈述申辩" if waives_statement else "", "听证" if waives_hearing else "") if x)
    statement = m.Statement(
        case=case,
        recorded_by=actor,
        notice=notice,
        kind=m.StatementKind.WAIVER,
        received_on=received_on,
        content=content.strip() or f"当事人书面声明放弃{rights}权利",
        waives_statement=waives_statement,
        waives_hearing=waives_hearing,
        signed_document=signed_document,
    )
    save_tracked(statement, reason=f"书面放弃{rights}")
    touch(case, reason=f"书面放弃{rights}")
    record_event(
        case,
        action="statement_waiver",
        summary=f"当事人书面放弃{rights}（{received_on}）",
        actor=actor,
        payload={"statement": statement.pk, "evidence": signed_document.pk if signed_document else None},
    )
    return statement


@transaction.atomic
def statement_recheck(*, statement: m.Statement, actor, recheck: str, adopted: bool, on: dt.date) -> m.Statement:
    """复核 of the party's statement; adopted where the facts, reasons or evidence hold (APL Art. 45)."""
    case = act_begin("recheck", case=statement.case, actor=actor)
    statement = m.Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.kind != m.StatementKind.STATEMENT:
        raise ConflictError("只有陈述申辩需要复核")
    if statement.rechecked_on is not None:
        raise ConflictError("该陈述申辩已复核")
    if not recheck.strip():
        raise InputError("须填写复核意见", field="recheck")
    if on < statement.received_on:
        raise InputError("复核日期早于陈述申辩日期", field="on")
    gate(case, Attempt("recheck", on, actor=actor_officer(actor), data={"dates": {"on": on}}))
    statement.recheck, statement.adopted, statement.rechecked_on = recheck, adopted, on
    save_tracked(statement, reason="复核")
    touch(case, reason="复核陈述申辩")
    record_event(case, action="recheck", summary=f"复核陈述申辩：{'采纳' if adopted else '不予采纳'}", actor=actor)
    return statement


@transaction.atomic
def hearing_schedule(
    *,
    case: m.Case,
    actor,
    presider: Officer,
    notice_served_on: dt.date,
    scheduled_on: dt.date,
    expected_version: int | None = None,
) -> m.Hearing:
    """听证通知: presider not an investigator, notice ≥ 7 working days before (APL Art. 64)."""
    case = act_begin("schedule_hearing", case=case, actor=actor, expected_version=expected_version)
    request = case.statements.filter(kind=m.StatementKind.HEARING_REQUEST).order_by("-id").first()
    if request is None or m.Hearing.objects.filter(request=request).exists():
        raise ConflictError("没有待安排的听证申请")
    if notice_served_on < request.received_on:
        raise InputError("听证通知送达日期早于听证申请日期", field="notice_served_on")
    gate(
        case,
        Attempt(
            "schedule_hearing",
            notice_served_on,
            actor=actor_officer(actor),
            data={
                "presider": presider,
                "notice_served_on": notice_served_on,
                "scheduled_on": scheduled_on,
                "dates": {"notice_served_on": notice_served_on, "scheduled_on": scheduled_on},
            },
        ),
    )
    hearing = m.Hearing(
        case=case,
        recorded_by=actor,
        request=request,
        presider=presider,
        notice_served_on=notice_served_on,
        scheduled_on=scheduled_on,
    )
    save_tracked(hearing, reason="安排听证")
    touch(case, reason="安排听证")
    record_event(
        case, action="schedule_hearing", summary=f"安排听证：{scheduled_on}，主持人{presider.name}", actor=actor
    )
    return hearing


@transaction.atomic
def hearing_hold(
    *, hearing: m.Hearing, actor, held_on: dt.date, ended_on: dt.date, report: str, party_absent: bool = False
) -> m.Hearing:
    """Record the hearing (or the party's unjustified absence, a waiver) and its report (APL Arts. 64–65)."""
    case = act_begin("hold_hearing", case=hearing.case, actor=actor)
    hearing = m.Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.held_on is not None:
        raise ConflictError("听证已记录")
    if held_on < hearing.scheduled_on or ended_on < held_on:
        raise InputError("听证举行/结束日期不正确", field="held_on")
    if ended_on > timezone.localdate():
        raise InputError("听证结束日期不能晚于今天", field="ended_on")
    if not party_absent and not report.strip():
        raise InputError("须填写听证报告", field="report")
    data = {"presider": hearing.presider, "dates": {"held_on": held_on, "ended_on": ended_on}}
    gate(case, Attempt("hold_hearing", held_on, actor=actor_officer(actor), data=data))
    hearing.held_on, hearing.ended_on, hearing.report, hearing.party_absent = held_on, ended_on, report, party_absent
    save_tracked(hearing, reason="听证")
    # Hearing time is excluded from the 90-day clock (SAMR Art. 64 para 2).
    m.Suspension.objects.create(
        case=case,
        kind=m.SuspensionKind.HEARING,
        reason="听证",
        started_on=hearing.request.received_on,
        ended_on=ended_on,
    )
    touch(case, status=S.NOTICE, reason="听证结束")
    record_event(
        case,
        action="hold_hearing",
        summary="当事人无正当理由未到场，视为放弃听证" if party_absent else f"举行听证（{held_on}）",
        actor=actor,
        payload={"hearing": hearing.pk, "held_on": held_on, "party_absent": party_absent},
    )
    return hearing


@transaction.atomic
def discussion_record(
    *,
    case: m.Case,
    actor,
    held_on: dt.date,
    participants: str,
    conclusion: str,
    new_deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> m.CollectiveDiscussion:
    """集体讨论 chaired by the agency head (APL Art. 57 para 2)."""
    case = act_begin("discussion", case=case, actor=actor, expected_version=expected_version)
    chair = actor_officer(actor)
    if not participants.strip() or not conclusion.strip():
        raise InputError("须填写参加人员和讨论结论", field="conclusion")
    data = {"dates": {"held_on": held_on, "new_deadline": new_deadline}}
    gate(case, Attempt("discussion", held_on, actor=chair, data=data))
    discussion = m.CollectiveDiscussion(
        case=case,
        recorded_by=actor,
        held_on=held_on,
        chair=chair,
        participants=participants,
        conclusion=conclusion,
        new_deadline=new_deadline,
    )
    save_tracked(discussion, reason="集体讨论")
    status = S.DISCUSSION if case.status in (S.REVIEW, S.NOTICE) else case.status
    touch(case, status=status, reason="集体讨论")
    record_event(case, action="discussion", summary=f"集体讨论：{conclusion[:80]}", actor=actor)
    return discussion


@transaction.atomic
def deadline_extend(
    *,
    case: m.Case,
    actor,
    on: dt.date,
    reason: str,
    days: int | None = None,
    discussion: m.CollectiveDiscussion | None = None,
    expected_version: int | None = None,
) -> m.DeadlineExtension:
    """Extend the decision limit: by the head up to the policy's extension (30 days, SAMR Art. 64), further only by
    collective discussion. Without ``days`` the policy's extension is taken."""
    case = act_begin("extend_deadline", case=case, actor=actor, expected_version=expected_version)
    if days is None:
        days = m.ProcedurePolicy.for_unit(case.enforcement_subject).extension_days
    approver = actor_officer(actor)
    if not reason.strip():
        raise InputError("须填写延长理由", field="reason")
    gate(
        case,
        Attempt(
            "extend_deadline",
            on,
            actor=approver,
            data={"days": days, "approved_by": approver, "discussion": discussion, "dates": {"on": on}},
        ),
    )
    extension = m.DeadlineExtension(
        case=case,
        recorded_by=actor,
        approved_by=approver,
        approved_on=on,
        days=0 if discussion else days,
        discussion=discussion,
        reason=reason,
    )
    save_tracked(extension, reason="延长办案期限")
    touch(case, reason="延长办案期限")
    record_event(
        case,
        action="extend_deadline",
        summary="经集体讨论延长办案期限" if discussion else f"经负责人批准延长办案期限{days}日",
        actor=actor,
    )
    return extension


def _public_grounds(method: str, reason: str, process: str) -> tuple[str, str]:
    """The recorded grounds of a 公告 service (民事诉讼法 Art. 95); other methods carry none. A missing ground is
    refused by the rulebook (``CPL-95-PUBLIC-SERVICE-GROUNDS``), under its rule."""
    if method != m.ServiceMethod.PUBLIC:
        return "", ""
    if reason and reason not in m.PublicServiceReason.values:
        raise InputError("公告送达原因不正确", field="public_reason")
    return reason, process.strip()
