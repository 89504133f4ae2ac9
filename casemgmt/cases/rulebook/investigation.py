"""Investigation: signed records (笔录), 先行登记保存 and 查封/扣押."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.models.investigation import MeasureDisposal

from ._util import fmt, is_subject_head
from .approval import approver_defects
from .core import LawFamily, rule

ADD_RECORD = "add_record"
TAKE_MEASURE = "take_measure"
DISPOSE_MEASURE = "dispose_measure"
EXTEND_MEASURE = "extend_measure"
REPORT_EMERGENCY = "report_emergency"


def _record_defects(
    *, pages, party_signed_pages, party_refused, refusal_note, witness, media_reference, signers, on, minimum
):
    valid: set[int] = set()  # one officer signing twice is still one signature
    for officer, number in signers:
        if not number:
            yield f"{officer.name}的签名未注明执法证号"
            continue
        cert = officer.valid_certificate(on)
        if cert is None or cert.number != number:
            yield f"{officer.name}签名所注执法证号{number}在{fmt(on)}无效或不属于本人"
            continue
        valid.add(officer.pk)
    if len(valid) < minimum:
        yield f"执法人员有效签名{len(valid)}人，少于{minimum}人"
    if party_signed_pages < pages:
        if not party_refused:
            yield f"笔录共{pages}页，当事人仅签名{party_signed_pages}页，且未注明拒签或不在场"
        elif not (witness or media_reference):
            yield "当事人拒签或不在场，但未记录见证人或音像记录"
        elif not refusal_note:
            yield "当事人拒签或不在场，未注明拒签情况"


@rule(
    code="APL-55-RECORD-SIGNATURES",
    name="笔录签名",
    family=LawFamily.APL,
    number=3,
    message="询问笔录、现场笔录须有两名以上执法人员签名并注明执法证号，当事人逐页签名，拒签的须注明并有见证人或音像记录",
    article="《行政处罚法》第五十五条；《市场监督管理行政处罚程序规定》第二十九条、第四十三条",
    gates={ADD_RECORD},
)
def record_signatures(facts, attempt):
    minimum = (
        1 if (facts.case.procedure == m.ProcedureType.SUMMARY and facts.policy.summary_single_officer_allowed) else 2
    )
    if attempt is not None:
        yield from _record_defects(
            pages=attempt.get("pages", 1),
            party_signed_pages=attempt.get("party_signed_pages", 0),
            party_refused=attempt.get("party_refused", False),
            refusal_note=attempt.get("refusal_note", ""),
            witness=attempt.get("witness", ""),
            media_reference=attempt.get("media_reference", ""),
            signers=attempt.get("signers", []),
            on=attempt.on,
            minimum=minimum,
        )
        return
    officers = {a.officer_id: a.officer for a in facts.assignments}
    for record in facts.records:
        signers = [(officers.get(s.officer_id) or s.officer, s.certificate_number) for s in record.signatures.all()]
        for detail in _record_defects(
            pages=record.pages,
            party_signed_pages=record.party_signed_pages,
            party_refused=record.party_refused,
            refusal_note=record.refusal_note,
            witness=record.witness,
            media_reference=record.media_reference,
            signers=signers,
            on=timezone.localtime(record.started_at).date(),
            minimum=minimum,
        ):
            yield f"{record}：{detail}"


@rule(
    code="APL-56-PRESERVATION-APPROVAL",
    name="保全与强制措施审批",
    family=LawFamily.APL,
    number=17,
    message="先行登记保存、查封、扣押须经行政机关负责人批准；情况紧急当场实施的，须在二十四小时内报告并补办批准手续",
    article="《行政处罚法》第五十六条；《行政强制法》第十九条；《市场监督管理行政处罚程序规定》第三十三条",
    gates={TAKE_MEASURE, REPORT_EMERGENCY},
)
def measure_approval(facts, attempt):
    case = facts.case
    if attempt is not None and attempt.action == TAKE_MEASURE:
        approver = attempt.get("approved_by")
        if approver is None and not attempt.get("emergency"):
            yield "未经负责人批准，也未注明情况紧急"
        elif approver is not None:
            yield from approver_defects(case, TAKE_MEASURE, approver, attempt.actor)
        return
    if attempt is not None and attempt.action == REPORT_EMERGENCY:
        measure = attempt.get("measure")
        reported_at = attempt.get("reported_at")
        approver = attempt.get("approved_by")
        if measure.taken_at + dt.timedelta(hours=24) < reported_at:
            yield f"紧急实施于{timezone.localtime(measure.taken_at):%Y-%m-%d %H:%M}，报告时间已超过二十四小时"
        yield from approver_defects(case, REPORT_EMERGENCY, approver, attempt.actor)
        return
    as_of = _as_of(facts.today)
    for measure in facts.measures:
        label = f"{measure.get_kind_display()}（{fmt(measure.started_on)}）"
        approver = measure.approved_by
        if not measure.emergency:
            if approver is None:
                yield f"{label}未经负责人批准"
            elif not is_subject_head(case, approver):
                yield f"{label}的批准人{approver.name}不是本案执法主体的行政机关负责人"
            continue
        limit = measure.taken_at + dt.timedelta(hours=24)
        reported = measure.emergency_reported_at
        if reported is None:
            if as_of > limit:
                yield f"{label}紧急实施后二十四小时内未报告负责人"
        elif reported > limit:
            yield f"{label}紧急实施后超过二十四小时才报告"
        elif approver is None:
            yield f"{label}紧急实施已报告，但未补办负责人批准"
        elif not is_subject_head(case, approver):
            yield f"{label}的补办批准人{approver.name}不是本案执法主体的行政机关负责人"


def _as_of(today: dt.date) -> dt.datetime:
    """The moment a self-check "as of ``today``" looks at: now for today, the end of that day otherwise."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time.max))


@rule(
    code="APL-56-PRESERVATION-7-DAYS",
    name="登记保存七日处理",
    family=LawFamily.APL,
    number=17,
    message="先行登记保存的证据，应当在七个工作日内作出处理决定；逾期未处理的，先行登记保存措施自动解除",
    article="《行政处罚法》第五十六条；《市场监督管理行政处罚程序规定》第三十五条",
    gates={DISPOSE_MEASURE},
)
def preservation_deadline(facts, attempt):
    from casemgmt.cases.clocks import preservation_deadline as deadline_of

    if attempt is not None:
        measure = attempt.get("measure")
        if measure.kind != m.MeasureKind.PRESERVATION:
            return
        if measure.disposal == MeasureDisposal.AUTO_RELEASED:
            yield "该先行登记保存已因逾期自动解除，不能再作处理决定"
            return
        deadline = deadline_of(facts, measure)
        if attempt.on > deadline.date:
            yield f"处理期限至{deadline}届满，{fmt(attempt.on)}已逾期，措施已自动解除"
        return
    for measure in facts.measures:
        if measure.kind != m.MeasureKind.PRESERVATION:
            continue
        deadline = deadline_of(facts, measure)
        if measure.disposed_on is None and facts.today > deadline.date:
            yield f"{fmt(measure.started_on)}的先行登记保存至{deadline}未作处理"
        elif measure.disposal == MeasureDisposal.AUTO_RELEASED:
            yield f"{fmt(measure.started_on)}的先行登记保存逾期未处理，已自动解除"


@rule(
    code="CE-25-SEIZURE-DURATION",
    name="查封扣押期限",
    family=LawFamily.CE,
    number=18,
    message="查封、扣押的期限不得超过三十日；情况复杂的，经负责人批准可以延长，但延长期限不得超过三十日，延长决定应当及时书面告知当事人",
    article="《行政强制法》第二十五条",
    gates={EXTEND_MEASURE, DISPOSE_MEASURE},
)
def seizure_duration(facts, attempt):
    from casemgmt.cases.clocks import seizure_end

    policy = facts.policy
    if attempt is not None and attempt.action == EXTEND_MEASURE:
        measure = attempt.get("measure")
        if measure.kind == m.MeasureKind.PRESERVATION:
            yield "先行登记保存不能延长"
            return
        days = attempt.get("days", 0)
        if measure.extended_days:
            yield "查封、扣押已经延长过一次"
        if days <= 0 or days > policy.seizure_extension_days:
            yield f"延长天数须为1至{policy.seizure_extension_days}日"
        approver = attempt.get("approved_by")
        if approver is None:
            yield "延长未经负责人批准"
        else:
            yield from approver_defects(facts.case, EXTEND_MEASURE, approver, attempt.actor)
        if attempt.get("notice_served_on") is None:
            yield "延长决定未书面告知当事人"
        end = seizure_end(facts, measure)
        if attempt.on > end.date:
            yield f"原期限已于{end}届满，不能再延长"
        return
    if attempt is not None:
        return  # disposing of a seizure is always allowed; lateness is found by the self-check
    for measure in facts.measures:
        if measure.kind == m.MeasureKind.PRESERVATION:
            continue
        end = seizure_end(facts, measure)
        released = measure.disposed_on
        if measure.extended_days and (
            not is_subject_head(facts.case, measure.extension_approved_by) or measure.extension_notice_served_on is None
        ):
            yield f"{measure.get_kind_display()}延长缺少负责人批准或未告知当事人"
        if (released or facts.today) > end.date:
            yield f"{measure.get_kind_display()}（{fmt(measure.started_on)}）超过法定期限{end}"
