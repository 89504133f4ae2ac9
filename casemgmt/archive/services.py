"""Archiving (归档) and its withdrawal. 依据《市场监督管理行政处罚程序规定》第七十八条：一案一卷，完整有序。"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Attempt, check_case
from casemgmt.cases.services.base import (
    LEADER_ROLES,
    ConflictError,
    InputError,
    gate,
    lock_case,
    record_event,
    require_role,
    touch,
)

from .assembly import schedule_case_file
from .entries import build_entry
from .models import ArchivedText, ArchiveRecord, Outcome, RetentionRule


def retention_for(*, procedure: str, outcome: str) -> RetentionRule | None:
    """The first matching row of the retention table (保管期限表)."""
    for row in RetentionRule.objects.order_by("position", "id"):
        if row.matches(procedure=procedure, outcome=outcome):
            return row
    return None


def _archive_number(case: m.Case, on: dt.date) -> str:
    """档号: year-unit-serial, e.g. 2026-12-0007 (serial per unit and year)."""
    prefix = f"{on.year}-{case.enforcement_subject_id}-"
    last = ArchiveRecord.objects.filter(archive_number__startswith=prefix).aggregate(n=Max("archive_number"))["n"]
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def archive_case(
    *,
    case: m.Case,
    actor,
    on: dt.date,
    expected_version: int | None = None,
    acknowledge_defects: bool = False,
    case_file_job: bool = True,
) -> ArchiveRecord:
    """归档: a closed case becomes its archive record with retention and texts; the case turns read-only (SAMR
    Art. 78). Gated by the rulebook's ``archive`` rules (closed, required documents, case-file order and 送达回证,
    the rubric self-check: ``acknowledge_defects`` confirms its non-veto deductions).

    The case-file PDF is built after the commit by the job ``archive.assemble_case_file`` (``record.case_file_job``
    is that job), without the case's row lock: the record shows 案卷生成中 until it is there. ``case_file_job=False``
    starts no job: the caller builds it (``assembly.assemble_record_case_file``; the demo loader)."""
    # An already archived case is refused by the archive gate itself (案件已归档), not as a generic edit.
    case = lock_case(case, expected_version=expected_version, archived_ok=True)
    officer = require_role(actor, case, LEADER_ROLES)
    if on is None:
        raise InputError("须填写归档日期", field="on")
    if case.closed_on and on < case.closed_on:
        raise InputError("归档日期早于结案日期", field="on")
    facts = gate(case, Attempt("archive", on, actor=officer, data={"acknowledge_defects": acknowledge_defects}))
    findings = [f.as_dict() for f in check_case(facts)]
    entry = build_entry(case)
    outcome = entry.columns["outcome"]
    rule = retention_for(procedure=case.procedure, outcome=outcome)
    years = rule.years if rule else 30
    label = rule.label if rule else "30年"
    previous = ArchiveRecord.objects.filter(case=case).first()
    number = previous.archive_number if previous else _archive_number(case, on)
    metadata = {
        "number": case.number,
        "cause": case.cause,
        "procedure": case.get_procedure_display(),
        "outcome": Outcome(outcome).label,
        "parties": [p.name for p in case.parties.all()],
        "enforcement_subject": case.enforcement_subject.name,
        "handling_unit": case.handling_unit.name,
        "filed_on": case.filed_on,
        "decided_on": case.decided_on,
        "closed_on": case.closed_on,
        "fine_amount": str(entry.columns["fine_amount"]),
        "self_check": findings,
        "defects_acknowledged": acknowledge_defects,
    }
    record = previous or ArchiveRecord(case=case)
    record.archive_number = number
    record.archived_on = on
    record.archived_by = officer
    record.retention_years = years
    record.retention_label = label
    record.retain_until = None if years is None else _add_years(on, years)
    record.retention_rule = rule
    record.metadata = _jsonable(metadata)
    # Archived again after a withdrawal: the previous case file described the file as it was then.
    record.case_file_name = ""
    record.case_file_sha256 = ""
    record.case_file_pages = 0
    record.case_file_documents = 0
    record.note = "" if hooks.has_case_file_builder() else "未生成案卷PDF：系统未安装案卷组卷模块，仅归档元数据和文本"
    record.withdrawn_at = None
    record.withdrawn_reason = ""
    record._change_reason = "归档"
    record.save()
    record.texts.all().delete()
    ArchivedText.objects.bulk_create(
        ArchivedText(
            record=record, seq=i, kind=p.kind, title=p.title[:200], number=p.number[:100], ref=p.ref[:100], text=p.text
        )
        for i, p in enumerate(entry.parts, start=1)
    )
    touch(case, status=m.CaseStatus.ARCHIVED, reason="归档")
    record_event(
        case,
        action="archive",
        summary=f"归档：档号{number}，保管期限{label}",
        actor=actor,
        payload={"archive_number": number, "retention": label},
    )
    # touch() had the case reindexed after the commit (the archive app's case-changed hook). The case file's own
    # event (组卷, with its SHA-256) follows when the job has built it.
    record.case_file_job = schedule_case_file(record, officer=officer, user=actor) if case_file_job else None
    return record


@transaction.atomic
def unarchive_case(*, case: m.Case, actor, reason: str, expected_version: int | None = None) -> ArchiveRecord:
    """撤销归档: the head reopens an archived file for a correction; the case returns to 已结案 and the archive
    entry leaves the search index's archived set. The record is kept, marked withdrawn, with the reason."""
    case = lock_case(case, expected_version=expected_version, archived_ok=True)
    require_role(actor, case, LEADER_ROLES)
    if case.status != m.CaseStatus.ARCHIVED:
        raise ConflictError("案件未归档")
    if not (reason or "").strip():
        raise InputError("须说明撤销归档的理由", field="reason")
    record = ArchiveRecord.objects.select_for_update().get(case=case)
    from django.utils import timezone

    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason.strip()[:300]
    record._change_reason = "撤销归档"
    record.save()
    touch(case, status=m.CaseStatus.CLOSED, reason="撤销归档")
    record_event(case, action="unarchive", summary="撤销归档", actor=actor, reason=reason)
    return record  # reindexed after the commit, through touch() as above


@transaction.atomic
def case_file_rebuild(*, case: m.Case, actor):
    """重新生成案卷: start the case-file job again for an archived case whose file is missing (the job failed, e.g.
    a stored document no longer matched its SHA-256 and has been restored since). Returns the Job; ``JobBusy``
    while one is still running."""
    from casemgmt.jobs import start_job

    from .assembly import JOB_KIND

    case = lock_case(case, archived_ok=True)
    officer = require_role(actor, case, LEADER_ROLES)
    record = ArchiveRecord.objects.filter(case=case, withdrawn_at__isnull=True).first()
    if record is None or case.status != m.CaseStatus.ARCHIVED:
        raise ConflictError("案件未归档")
    if record.has_case_file:
        raise ConflictError("案卷已生成")
    if not hooks.has_case_file_builder():
        raise ConflictError("系统未安装案卷组卷模块")
    return start_job(JOB_KIND, user=actor, unit=case.handling_unit, case_id=case.pk, officer_id=officer.pk)


def _jsonable(value):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))
