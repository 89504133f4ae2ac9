"""The values a document is prefilled with, read from the case's recorded data, and the header (who issues it:
the enforcement subject, its seal, the assisting brigade during the transition period)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.legaltext import days, performance_text, policy_texts, remedy_text, surcharge_text
from casemgmt.cases.models.penalty import penalty_labels
from casemgmt.cases.provisions import PENALTY, VIOLATED, provision
from casemgmt.legalcal.calendar import Binds, add_working_days
from casemgmt.org import issuer
from casemgmt.org.models import UnitKind


def cn_date(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        local = timezone.localtime(day) if timezone.is_aware(day) else day
        return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"
    return f"{day.year}年{day.month}月{day.day}日"


def provisional_date(deadline) -> str:
    """A computed deadline as printed: its date, marked （暂定） when its year's holiday schedule is unpublished."""
    text = cn_date(deadline.date)
    return f"{text}（暂定）" if deadline.provisional else text


def money(amount) -> str:
    value = Decimal(amount or 0)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}元"


def penalty_text(obj) -> str:
    """Penalty types with the amounts: 罚款500元、没收违法所得100元."""
    parts = []
    for t in obj.penalty_types or []:
        label = penalty_labels([t])
        if t == "fine":
            label += money(obj.fine_amount)
        elif t == "confiscate_income" and obj.confiscation_amount:
            label += money(obj.confiscation_amount)
        parts.append(label)
    return "、".join(parts)


SENTENCE_END = "。！？；：”）"


def sentence(text: str) -> str:
    """A generated sentence ends with Chinese punctuation (a recorded fact typed without it gets a full stop)."""
    text = (text or "").strip()
    return text if not text or text[-1] in SENTENCE_END else text + "。"


def correction_text(decision: m.Decision, you: str = "你单位") -> str:
    """The decision's correction order (APL Art. 28): the order itself, the prior 责令改正通知书, or why there is none."""
    if decision.correction_order:
        return decision.correction_order
    if decision.correction_notice_on:
        return f"本机关已于{cn_date(decision.correction_notice_on)}送达责令（限期）改正通知书，责令{you}改正违法行为。"
    if decision.correction_exemption:
        reason = decision.correction_exemption_reason
        return f"{decision.get_correction_exemption_display()}{'：' + reason if reason else ''}。"
    return ""


def parse_ref(ref: str) -> tuple[str, int | None]:
    kind, _, pk = (ref or "").partition(":")
    return kind, int(pk) if pk.isdigit() else None


SOURCE_MODELS = {
    "record": m.Record,
    "measure": m.Measure,
    "statement": m.Statement,
    "hearing": m.Hearing,
    "decision": m.Decision,
    "notice": m.Notice,
    "review": m.ReviewOpinion,
    "discussion": m.CollectiveDiscussion,
    "deferment": m.Deferment,
    "reminder": m.Reminder,
    "court": m.CourtApplication,
    "closing": m.Closing,
    "service": m.ServiceRecord,
}


def _latest(qs):
    return qs.order_by("-id").first()


def is_transition(case: m.Case) -> bool:
    """A county department leads and a township (brigade) assists: the transition-period variant applies."""
    if case.enforcement_subject.kind != UnitKind.COUNTY_DEPARTMENT:
        return False
    return m.CaseAssist.objects.filter(case=case, unit__kind__in=(UnitKind.TOWNSHIP, UnitKind.BRIGADE)).exists()


def case_policy(case: m.Case) -> m.ProcedurePolicy:
    return m.ProcedurePolicy.for_unit(case.enforcement_subject)


def header(case: m.Case) -> dict:
    """Who issues the document: the enforcement subject's name and seal (the county department during the
    transition period, the township once the power has moved), and the assisting units and their officers;
    and the periods and rates of the subject's procedure policy, which every text states from here (frozen
    with the header when the document is issued)."""
    subject = case.enforcement_subject
    assists = list(m.CaseAssist.objects.filter(case=case).select_related("unit").order_by("id"))
    assist_ids = {a.unit_id for a in assists}
    assist_officers = [
        f"{a.officer.name}（执法证号：{a.certificate_number}）"
        for a in case.officers.select_related("officer").order_by("id")
        if a.unit_id in assist_ids and a.released_at is None
    ]
    policy = case_policy(case)
    body, court = issuer.reconsideration_body(subject), issuer.court(subject)
    return {
        "subject_name": subject.name,
        "seal_name": subject.seal_name,
        "subject_prefix": number_prefix(subject),
        # 行政处罚法第五十九条第五项: the 复议机关 and the court the party may turn to, and the sentence naming them.
        "remedy_body": body,
        "remedy_court": court,
        "remedy_text": remedy_text(policy, body=body, court=court) if body and court else "",
        "transition": is_transition(case),
        "assist_units": "、".join(a.unit.name for a in assists),
        "assist_officers": "、".join(assist_officers),
        "handling_unit": case.handling_unit.name,
        **policy_texts(policy),
    }


def number_prefix(unit) -> str:
    """The subject's 代字 in 文号, as configured on the unit (default: a township's short name with 综执, a
    department's short name)."""
    return issuer.number_prefix(unit)


def address_word(party: m.Party | None) -> str:
    """How a letter addresses its party: 你 for a citizen, 你单位 for an organisation or an individual business
    (which is addressed by its registered name)."""
    if party is not None and party.kind == m.PartyKind.CITIZEN:
        return "你"
    return "你单位" if party is not None else "你（单位）"


def evidence_list(case: m.Case) -> str:
    """The evidence a decision rests on (APL Art. 59 item 2), numbered: the records made and the items taken."""
    items = [
        f"{r.get_kind_display()}（{cn_date(timezone.localtime(r.started_at).date())}）"
        for r in case.records.order_by("started_at", "id")
    ]
    items += [
        f"{e.title}（{e.get_evidence_type_display()}）" for e in case.evidenceitems.order_by("collected_at", "id")
    ]
    if not items:
        report = _latest(case.investigationreports)
        return report.evidence_summary if report is not None else ""
    return "；".join(f"{n}.{text}" for n, text in enumerate(items, start=1)) + "。"


def provision_values(case: m.Case) -> dict[str, str]:
    """The provision violated and the penalty provision, cited from the case's matter (its law versions)."""
    from casemgmt.discretion.services import case_matter

    matter = case_matter(case)
    if matter is None:
        # A case registered before the catalogue: the penalty provision is the basis recorded with the decision
        # (or proposed in the report); the provision violated is written into the draft by the officer.
        recorded = _latest(case.decisions) or _latest(case.investigationreports)
        return {"violated_provision": "", "penalty_provision": recorded.legal_basis if recorded else ""}
    violated, penalty = provision(matter, VIOLATED), provision(matter, PENALTY)
    return {
        "violated_provision": violated.citation if violated else "",
        "penalty_provision": penalty.citation if penalty else "",
    }


def with_surcharge(decision: m.Decision, policy: m.ProcedurePolicy) -> str:
    text = decision.performance or (performance_text(policy) if decision.fine_amount else "")
    if decision.fine_amount and "加处罚款" not in text:
        text = sentence(text) + surcharge_text(policy)
    return text


def issued_decision_number(case: m.Case) -> str:
    """The 文号 of the case's issued 行政处罚决定书 (the 履行催告书 and the court application cite it)."""
    from .models import Document, DocumentStatus

    doc = (
        Document.objects.filter(case=case, document_type__code="xzcf_jds", status=DocumentStatus.ISSUED)
        .order_by("-id")
        .first()
    )
    return doc.number if doc is not None else ""


def header_remedy(case: m.Case) -> str:
    subject = case.enforcement_subject
    body, court = issuer.reconsideration_body(subject), issuer.court(subject)
    return remedy_text(case_policy(case), body=body, court=court) if body and court else ""


def named_remedy(case: m.Case, recorded: str) -> str:
    """The recorded remedy sentence if it names the subject's 复议机关 and court; otherwise the one the
    subject's settings give (行政处罚法第五十九条第五项: the party is told where to turn)."""
    subject = case.enforcement_subject
    body, court = issuer.reconsideration_body(subject), issuer.court(subject)
    if recorded and body in recorded and court in recorded:
        return recorded
    return header_remedy(case) or recorded


def case_values(case: m.Case, source_ref: str = "", party: m.Party | None = None) -> dict[str, str]:
    """Every value a catalogue field may be prefilled with, as text."""
    values: dict[str, str] = {}
    kind, pk = parse_ref(source_ref)
    source = SOURCE_MODELS[kind].objects.filter(case=case, pk=pk).first() if kind in SOURCE_MODELS and pk else None

    def pick(model_kind: str, qs):
        return source if kind == model_kind and source is not None else _latest(qs)

    party = party or case.parties.order_by("id").first()
    clue = case.clue
    policy = case_policy(case)
    periods = policy_texts(policy)
    officers = [a for a in case.officers.select_related("officer").order_by("-role", "id") if a.released_at is None]
    values.update(
        case_number=case.number,
        cause=case.cause,
        case_facts=case.facts or clue.summary,
        violation_place=case.violation_place,
        filed_on=cn_date(case.filed_on),
        closed_on=cn_date(case.closed_on),
        discovered_on=cn_date(clue.discovered_on),
        source=clue.get_source_display(),
        clue_summary=clue.summary,
        reporter=clue.reporter,
        registered_by=clue.registrar,
        handling_proposal="建议立案调查" if case.filed_on else "",
        not_filed_reason=case.not_filed_reason,
        officers="、".join(f"{a.officer.name}（执法证号：{a.certificate_number}）" for a in officers),
        approver=f"同意。{case.filing_approved_by.name}" if case.filing_approved_by else "",
        doc_date=cn_date(timezone.localdate()),
        statement_days=periods["statement_days"],
        hearing_days=periods["hearing_days"],
        case_title=f"{party.name if party else ''}{case.cause}案",
        you=address_word(party),
        evidence_list=evidence_list(case),
        **provision_values(case),
    )
    if party is not None:
        values.update(
            party_name=party.name,
            party_id_number=party.id_number,
            party_address=party.address,
            party_legal_rep=party.legal_representative,
            party_phone=party.phone,
            service_address=party.service_address or party.address,
            electronic_address=party.electronic_address,
            electronic_consent="同意" if party.electronic_service_consent else "不同意",
        )
    record = pick("record", case.records)
    if record is not None:
        signed = f"执法人员{record.signatures.count()}人签名"
        party_note = (
            f"当事人拒绝签名（{record.refusal_note}），见证人：{record.witness or record.media_reference}"
            if record.party_refused
            else f"当事人逐页签名{record.party_signed_pages}/{record.pages}页"
        )
        values.update(
            record_time=f"{cn_date(record.started_at)}至{cn_date(record.ended_at)}",
            record_place=record.place,
            interviewee=record.interviewee or (party.name if party else ""),
            record_content=record.content,
            record_signature_note=f"{signed}；{party_note}",
        )
    measure = pick("measure", case.measures)
    if measure is not None:
        values.update(
            items=measure.items,
            measure_on=cn_date(measure.started_on),
            measure_kind=measure.get_kind_display(),
            measure_days=days(policy.seizure_days + measure.extended_days),
            measure_place="本机关指定场所",
            measure_reason="调查案件需要，防止证据损毁、危害发生",
            measure_basis="相关法律、法规",
            disposal=measure.get_disposal_display() if measure.disposal else "",
            disposed_on=cn_date(measure.disposed_on),
        )
    report = _latest(case.investigationreports)
    if report is not None:
        values.update(
            report_facts=report.facts,
            evidence_summary=report.evidence_summary,
            nature=report.nature,
            report_basis=report.legal_basis,
            discretion_reasons=report.discretion_reasons,
            proposal=f"建议给予{penalty_text(report)}" if report.penalty_types else "建议不予行政处罚",
            report_on=cn_date(report.submitted_on),
        )
    review = pick("review", case.reviewopinions)
    if review is not None:
        qual = (
            f"（法律职业资格证号：{review.reviewer.legal_qualification_no}）"
            if review.reviewer.legal_qualification_no
            else ""
        )
        values.update(
            review_result=review.get_result_display(),
            review_opinion=review.opinion,
            reviewer=f"{review.reviewer.name}{qual}",
            review_on=cn_date(review.reviewed_on),
        )
    discussion = pick("discussion", case.collectivediscussions)
    if discussion is not None:
        values.update(
            discussion_on=cn_date(discussion.held_on),
            chair=discussion.chair.name,
            participants=discussion.participants,
            conclusion=discussion.conclusion,
            case_summary=case.facts,
        )
    notice = pick("notice", case.notices)
    if notice is not None:
        values.update(notice_facts=notice.facts_and_reasons, notice_penalty=penalty_text(notice))
    statement = pick("statement", case.statements)
    if statement is not None:
        adopted = {True: "采纳", False: "不予采纳", None: ""}[statement.adopted]
        values.update(
            statement_on=cn_date(statement.received_on),
            statement_content=statement.content or statement.get_kind_display(),
            recheck=statement.recheck,
            adopted=adopted,
        )
    hearing = pick("hearing", case.hearings)
    if hearing is not None:
        values.update(
            hearing_on=cn_date(hearing.held_on or hearing.scheduled_on),
            hearing_place=case.enforcement_subject.address or case.enforcement_subject.name,
            presider=hearing.presider.name,
            hearing_report=hearing.report,
            hearing_content=hearing.report,
        )
    decision = pick("decision", case.decisions)
    if decision is not None:
        values.update(
            decision_facts=decision.facts,
            legal_basis=decision.legal_basis,
            penalty=penalty_text(decision),
            statement_handling=decision.statement_handling,
            discretion_tier=decision.discretion_tier,
            benchmark_ref=decision.benchmark_ref,
            # The recorded wording (a decision recorded without it gets the policy's periods), with the surcharge
            # warning stated once: added when the recorded wording lacks it (行政强制法第四十五条).
            performance=with_surcharge(decision, policy),
            remedy=named_remedy(case, decision.remedy),
            decided_on=cn_date(decision.decided_on),
            decided_by=f"同意。{decision.decided_by.name}",
            amount_due=money(decision.fine_amount),
            payment_method="到指定银行缴纳或者通过电子支付系统缴纳",
            execution_object=penalty_text(decision),
            receiver=decision.transfer_to,
            # APL Art. 28: the order to correct (or the recorded reason there is none) for the decision's text.
            correction_order=correction_text(decision, address_word(party)),
            decision_number=issued_decision_number(case),
        )
    deferment = pick("deferment", case.deferments)
    if deferment is not None:
        plan = "延期缴纳" if deferment.instalments == 1 else f"分{deferment.instalments}期缴纳"
        values.update(
            deferment_reason=deferment.reason,
            deferment_plan=f"{plan}，至{cn_date(deferment.until)}",
            deferment_on=cn_date(deferment.approved_on),
            approver=f"同意。{deferment.approved_by.name}",
        )
    reminder = pick("reminder", case.reminders)
    if reminder is not None:
        values.update(
            reminder_record=f"{cn_date(reminder.issued_on)}催告",
            reminder_deadline=provisional_date(
                add_working_days(reminder.issued_on, policy.reminder_working_days, binds=Binds.PARTY)
            ),
        )
    court = pick("court", case.courtapplications)
    if court is not None:
        values.update(court=court.court, agency_head=court.signed_by.name)
    closing = pick("closing", case.closings)
    if closing is not None:
        values.update(
            closing_ground=closing.get_ground_display(),
            closing_on=cn_date(closing.approved_on),
            closing_summary=closing.summary or closing.get_ground_display(),
            approver=f"同意结案。{closing.approved_by.name}",
            execution_outcome=closing.get_ground_display(),
        )
    service = pick("service", case.servicerecords)
    if service is not None:
        values.update(
            served_document=service.document_ref or service.get_document_display(),
            recipient=service.recipient,
            service_time=cn_date(service.delivered_on),
            service_method=service.get_method_display(),
            witness=service.witness,
            service_note=service.note,
            server=service.recorded_by.get_full_name() or service.recorded_by.get_username(),
        )
    return {k: ("" if v is None else str(v)) for k, v in values.items()}
