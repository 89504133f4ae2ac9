"""Investigation: 笔录, evidence uploads, 先行登记保存 and 查封/扣押."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt, load_facts
from casemgmt.files.uploads import Checked, UploadRefused, check_upload
from casemgmt.org.models import Officer

from .base import (
    ConflictError,
    InputError,
    act_begin,
    act_now,
    actor_officer,
    gate,
    lock_case,
    record_event,
    save_tracked,
    touch,
)


@transaction.atomic
def record_add(
    *,
    case: m.Case,
    actor,
    kind: str,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    place: str,
    content: str,
    signers: list[Officer],
    pages: int = 1,
    party_signed_pages: int = 0,
    interviewee: str = "",
    party_refused: bool = False,
    refusal_note: str = "",
    witness: str = "",
    media_reference: str = "",
    rights_told: bool = False,
    expected_version: int | None = None,
) -> m.Record:
    """询问笔录/现场笔录 with officer signatures and certificate numbers (APL Art. 55; SAMR Arts. 28–29, 43)."""
    case = act_begin("add_record", case=case, actor=actor, expected_version=expected_version)
    if ended_at < started_at:
        raise InputError("结束时间早于开始时间", field="ended_at")
    if pages < 1 or party_signed_pages > pages:
        raise InputError("页数不正确", field="pages")
    on = timezone.localtime(started_at).date()
    certs = []
    for officer in dict.fromkeys(signers):  # one signature per officer
        cert = officer.valid_certificate(on)
        certs.append((officer, cert.number if cert else ""))
    gate(
        case,
        Attempt(
            "add_record",
            on,
            actor=actor_officer(actor),
            data={
                "pages": pages,
                "party_signed_pages": party_signed_pages,
                "party_refused": party_refused,
                "refusal_note": refusal_note,
                "witness": witness,
                "media_reference": media_reference,
                "signers": certs,
                "signed_by": list(dict.fromkeys(signers)),
                "dates": {"started_at": started_at, "ended_at": ended_at},
            },
        ),
    )
    record = m.Record(
        case=case,
        recorded_by=actor,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        place=place,
        interviewee=interviewee,
        content=content,
        pages=pages,
        party_signed_pages=party_signed_pages,
        party_refused=party_refused,
        refusal_note=refusal_note,
        witness=witness,
        media_reference=media_reference,
        rights_told=rights_told,
    )
    save_tracked(record, reason="制作笔录")
    for officer, number in certs:
        m.RecordSignature.objects.create(record=record, officer=officer, certificate_number=number)
    touch(case, reason="制作笔录")
    record_event(
        case,
        action="add_record",
        summary=f"{record.get_kind_display()}：{place}",
        actor=actor,
        payload={"record": record.pk},
    )
    return record


def validate_upload(upload: UploadedFile) -> Checked:
    """Check an evidence upload by its content (``casemgmt.files.uploads``); raises InputError (Chinese) on ``file``."""
    try:
        return check_upload(upload, name=upload.name or "", size=upload.size or 0)
    except UploadRefused as refused:
        raise InputError(str(refused), field="file") from None


@transaction.atomic
def evidence_add(
    *,
    case: m.Case,
    actor,
    evidence_type: str,
    title: str,
    collected_at: dt.datetime,
    place: str,
    collected_by: list[Officer],
    description: str = "",
    source: str = "",
    upload: UploadedFile | None = None,
    expected_version: int | None = None,
) -> m.EvidenceItem:
    """Record an item of evidence (APL Art. 46); a file gets its SHA-256 at upload and is never overwritten."""
    if evidence_type not in m.EvidenceType.values:
        raise InputError("证据种类不属于行政处罚法第四十六条规定的种类", field="evidence_type")
    checked = validate_upload(upload) if upload is not None else None
    case = act_begin("add_evidence", case=case, actor=actor, expected_version=expected_version)
    if len(collected_by) < 1:
        raise InputError("须选择取证人员", field="collected_by")
    gate(
        case,
        Attempt(
            "add_evidence",
            timezone.localtime(collected_at).date(),
            actor=actor_officer(actor),
            data={"collected_by": list(dict.fromkeys(collected_by)), "dates": {"collected_at": collected_at}},
        ),
    )
    item = m.EvidenceItem(
        case=case,
        recorded_by=actor,
        evidence_type=evidence_type,
        title=title,
        description=description,
        collected_at=collected_at,
        place=place,
        source=source,
        sha256=checked.sha256 if checked else "",
        original_sha256=checked.original_sha256 if checked else "",
        content_type=checked.kind.mime if checked else "",
        size=checked.size if checked else 0,
        original_name=checked.original_name if checked else "",
        sanitized_note=checked.note if checked else "",
    )
    save_tracked(item, reason="登记证据")
    if checked is not None:
        # Stored under a generated name (the original name can be anything a phone produces); the PDF as cleaned.
        content = ContentFile(checked.data) if checked.data is not None else upload
        item.file.save(checked.stored_name, content, save=False)
        item.save(update_fields=["file"])
    item.collected_by.set(collected_by)
    touch(case, reason="登记证据")
    record_event(
        case,
        action="add_evidence",
        summary=f"登记证据：{title}",
        actor=actor,
        payload={
            "evidence": item.pk,
            "sha256": item.sha256,
            **(
                {"original_sha256": item.original_sha256, "removed": checked.removed}
                if checked and checked.removed
                else {}
            ),
        },
    )
    return item


@transaction.atomic
def measure_take(
    *,
    case: m.Case,
    actor,
    kind: str,
    items: str,
    started_on: dt.date,
    taken_at: dt.datetime,
    approved_by: Officer | None,
    emergency: bool = False,
    expected_version: int | None = None,
) -> m.Measure:
    """先行登记保存 (APL Art. 56) or 查封/扣押 (行政强制法 Arts. 18–19): approval first, or an emergency."""
    case = act_begin("take_measure", case=case, actor=actor, expected_version=expected_version)
    if not items.strip():
        raise InputError("须填写物品清单", field="items")
    gate(
        case,
        Attempt(
            "take_measure",
            started_on,
            actor=actor_officer(actor),
            data={
                "approved_by": approved_by,
                "emergency": emergency,
                "kind": kind,
                "dates": {"started_on": started_on, "taken_at": taken_at},
            },
        ),
    )
    measure = m.Measure(
        case=case,
        recorded_by=actor,
        kind=kind,
        items=items,
        started_on=started_on,
        taken_at=taken_at,
        approved_by=approved_by,
        approved_at=act_now() if approved_by else None,
        emergency=emergency,
    )
    save_tracked(measure, reason="采取措施")
    touch(case, reason="采取措施")
    record_event(
        case,
        action="take_measure",
        summary=f"{measure.get_kind_display()}：{items[:80]}",
        actor=actor,
        payload={"measure": measure.pk},
    )
    return measure


@transaction.atomic
def measure_report_emergency(*, measure: m.Measure, actor, approved_by: Officer, reported_at: dt.datetime) -> m.Measure:
    """Emergency measure reported to the head and approved afterwards, within 24 hours (SAMR Art. 33)."""
    case = act_begin("report_emergency", case=measure.case, actor=actor)
    measure = m.Measure.objects.select_for_update().get(pk=measure.pk)
    if not measure.emergency or measure.emergency_reported_at:
        raise ConflictError("该措施不是待补报的紧急措施")
    if reported_at < measure.taken_at or reported_at > timezone.now():
        raise InputError("报告时间须在实施时间之后、当前时间之前", field="reported_at")
    data = {
        "measure": measure,
        "reported_at": reported_at,
        "approved_by": approved_by,
        "dates": {"reported_at": reported_at},
    }
    gate(
        case, Attempt("report_emergency", timezone.localtime(reported_at).date(), actor=actor_officer(actor), data=data)
    )
    measure.emergency_reported_at = reported_at
    measure.approved_by = approved_by
    measure.approved_at = reported_at
    save_tracked(measure, reason="紧急措施补报批准")
    touch(case, reason="紧急措施补报")
    record_event(case, action="report_emergency", summary=f"{measure.get_kind_display()}紧急实施补报批准", actor=actor)
    return measure


@transaction.atomic
def measure_dispose(*, measure: m.Measure, actor, disposal: str, on: dt.date) -> m.Measure:
    """Dispose of a measure: for 先行登记保存 within 7 working days, or it lapses (APL Art. 56)."""
    case = act_begin("dispose_measure", case=measure.case, actor=actor)
    measure = m.Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.disposed_on is not None:
        raise ConflictError("该措施已处理")
    if disposal == m.MeasureDisposal.AUTO_RELEASED or disposal not in m.MeasureDisposal.values:
        raise InputError("处理结果不正确", field="disposal")
    if on < measure.started_on:
        raise InputError("处理日期早于采取日期", field="on")
    data = {"measure": measure, "dates": {"on": on}}
    gate(case, Attempt("dispose_measure", on, actor=actor_officer(actor), data=data))
    measure.disposal = disposal
    measure.disposed_on = on
    save_tracked(measure, reason="措施处理")
    touch(case, reason="措施处理")
    record_event(
        case,
        action="dispose_measure",
        summary=f"{measure.get_kind_display()}处理：{measure.get_disposal_display()}",
        actor=actor,
    )
    return measure


@transaction.atomic
def measure_extend(
    *, measure: m.Measure, actor, approved_by: Officer, days: int, on: dt.date, notice_served_on: dt.date | None
) -> m.Measure:
    """Extend a 查封/扣押 once by up to 30 days with approval and written notice (行政强制法 Art. 25)."""
    case = act_begin("extend_measure", case=measure.case, actor=actor)
    measure = m.Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.disposed_on is not None:
        raise ConflictError("该措施已解除或处理")
    gate(
        case,
        Attempt(
            "extend_measure",
            on,
            actor=actor_officer(actor),
            data={
                "measure": measure,
                "days": days,
                "approved_by": approved_by,
                "notice_served_on": notice_served_on,
                "dates": {"on": on, "notice_served_on": notice_served_on},
            },
        ),
    )
    measure.extended_days = days
    measure.extension_approved_by = approved_by
    measure.extension_notice_served_on = notice_served_on
    save_tracked(measure, reason="延长查封扣押")
    touch(case, reason="延长查封扣押")
    record_event(case, action="extend_measure", summary=f"{measure.get_kind_display()}延长{days}日", actor=actor)
    return measure


def measures_lapse(*, today: dt.date, actor) -> list[m.Measure]:
    """Mark 先行登记保存 not disposed of within 7 working days as automatically released (SAMR Art. 35)."""
    from casemgmt.cases.clocks import preservation_deadline

    lapsed = []
    candidates = (
        m.Measure.objects.filter(kind=m.MeasureKind.PRESERVATION, disposed_on__isnull=True)
        .exclude(case__status=m.CaseStatus.ARCHIVED)  # read-only; the self-check reports it instead
        .values_list("case_id", flat=True)
        .distinct()
    )
    for case_id in candidates:
        with transaction.atomic():
            case = lock_case(case_id)
            facts = load_facts(case, today=today)
            for measure in facts.measures:
                if measure.kind != m.MeasureKind.PRESERVATION or measure.disposed_on is not None:
                    continue
                deadline = preservation_deadline(facts, measure)
                if today > deadline.date:
                    measure.disposal = m.MeasureDisposal.AUTO_RELEASED
                    measure.disposed_on = deadline.date + dt.timedelta(days=1)
                    save_tracked(measure, reason="逾期未处理，自动解除")
                    touch(case, reason="先行登记保存自动解除")
                    record_event(
                        case,
                        action="measure_lapsed",
                        summary=f"先行登记保存（{measure.started_on}）至{deadline}未处理，自动解除",
                        actor=actor,
                    )
                    lapsed.append(measure)
    return lapsed
