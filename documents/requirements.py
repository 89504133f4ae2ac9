"""The documents a case file must hold, derived from what the case records (its path through the procedure).

One home for the question "which 执法文书 does this case's file need?": every recorded act that the law wants
written up names the document type (catalogue code) and the article that requires it. :func:`required_documents`
lists them; :func:`missing_documents` compares them with the case's issued documents. The archive rule
(``SAMR-78-REQUIRED-DOCUMENTS``, :mod:`documents.rules`) refuses a file that lacks a mandatory one; the
evaluation standard's own expectations (``EVAL-CASE-FILE-DOCUMENTS``) cost points in the rubric's 立卷 item.

A document served on the party needs its 送达回证: a requirement with ``served`` is met by the document; whether
the issued document has its receipt is the case-file rule's check (``SAMR-78-CASE-FILE``: every external
document issued has a 送达回证), so a missing receipt is reported once.

Matching: documents issued from the recorded act (``source_ref`` such as ``record:12``) meet that act's
requirement first; any other issued document of an accepted type meets the remaining ones in order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemgmt.cases import models as m
from casemgmt.cases.rulebook.closing import NO_PENALTY_KINDS
from casemgmt.cases.rulebook.documents import case_documents

from .catalogue import SPECS
from .models import DocumentStatus

NAMES = {spec.code: spec.name for spec in SPECS}
APL, SAMR, CE = "《行政处罚法》", "《市场监督管理行政处罚程序规定》", "《行政强制法》"


@dataclass(frozen=True)
class Requirement:
    """One document the file needs: the type to draw up (``code``; ``accepts`` every type that meets it), why
    (the recorded act) and under which article; ``on`` is the date of that act, ``source_ref`` the act's
    record. ``served``: it is served on the party and filed with its 送达回证 (``service``: the recorded
    service, when there is one). ``mandatory``: required by law (archiving is refused without it); otherwise
    the evaluation standard expects it (points are deducted)."""

    code: str
    reason: str
    article: str
    on: dt.date | None = None
    source_ref: str = ""
    accepts: tuple[str, ...] = ()
    served: bool = False
    service: m.ServiceRecord | None = None
    mandatory: bool = True

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code)

    @property
    def codes(self) -> tuple[str, ...]:
        return self.accepts or (self.code,)

    @property
    def label(self) -> str:
        """What a reader is told is missing: the document (with its receipt), the act and the article."""
        receipt = "及其送达回证" if self.served else ""
        return f"{self.name}{receipt}（{self.reason}；{self.article}）"


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def required_documents(facts) -> list[Requirement]:
    """Every document the recorded path of the case requires, in the order of the procedure."""
    case = facts.case
    reqs: list[Requirement] = []
    add = reqs.append
    if case.status == m.CaseStatus.NOT_FILED:
        add(Requirement("bla_spb", "决定不予立案", f"{SAMR}第二十条"))
    if case.filed_on:
        add(Requirement("la_spb", "案件已立案", f"{SAMR}第十九条", on=case.filed_on))
    for record in facts.records:
        code = "xw_bl" if record.kind == m.RecordKind.INQUIRY else "xcjc_bl"
        add(
            Requirement(
                code,
                f"{_day(record.started_at):%Y年%-m月%-d日}制作{record.get_kind_display()}",
                f"{APL}第五十五条；{SAMR}第二十八条、第二十九条",
                on=_day(record.started_at),
                source_ref=f"record:{record.pk}",
            )
        )
    for measure in facts.measures:
        preservation = measure.kind == m.MeasureKind.PRESERVATION
        add(
            Requirement(
                "xxdjbc_tzs" if preservation else "cfky_jds",
                f"采取{measure.get_kind_display()}措施",
                f"{APL}第五十六条；{SAMR}第三十三条" if preservation else f"{CE}第二十四条",
                on=measure.started_on,
                source_ref=f"measure:{measure.pk}",
                served=True,
            )
        )
        if measure.disposal:
            add(
                Requirement(
                    "wpcl_tzs",
                    f"对{measure.get_kind_display()}的物品作出处理",
                    f"{APL}第五十六条；{SAMR}第三十五条",
                    on=measure.disposed_on,
                    source_ref=f"measure:{measure.pk}",
                    served=True,
                )
            )
    for report in facts.reports:
        add(Requirement("dczj_bg", "调查终结", f"{SAMR}第四十八条", on=report.submitted_on))
    for review in facts.reviews:
        if review.kind == m.ReviewKind.LEGAL:
            add(
                Requirement(
                    "fzsh_yjs",
                    "进行法制审核",
                    f"{APL}第五十八条；{SAMR}第五十三条、第五十四条",
                    on=review.reviewed_on,
                    source_ref=f"review:{review.pk}",
                )
            )
    # Each served notice with its recorded service: the one on its service day, else the next one unclaimed.
    notice_services = [s for s in facts.services if s.document == m.ServiceDocument.NOTICE]
    for notice in facts.notices:
        service = None
        if notice.served_on is not None and notice_services:
            on_day = [s for s in notice_services if notice.served_on in (s.served_on, s.delivered_on)]
            service = (on_day or notice_services)[0]
            notice_services.remove(service)
        add(
            Requirement(
                "sxgz_s_tz" if notice.includes_hearing_right else "sxgz_s",
                "拟作出行政处罚决定，事先告知",
                f"{APL}第四十四条、第六十一条；{SAMR}第五十七条",
                on=notice.issued_on,
                source_ref=f"notice:{notice.pk}",
                accepts=("sxgz_s_tz", "sxgz_s"),
                served=notice.served_on is not None,
                service=service,
            )
        )
    for statement in facts.statements:
        if statement.kind == m.StatementKind.STATEMENT:
            add(
                Requirement(
                    "cssb_bl",
                    "当事人陈述、申辩，行政机关复核",
                    f"{APL}第四十五条；《行政执法案卷评查工作规定》",
                    on=statement.received_on,
                    source_ref=f"statement:{statement.pk}",
                    mandatory=False,
                )
            )
    for hearing in facts.hearings:
        ref = f"hearing:{hearing.pk}"
        add(
            Requirement(
                "tz_tzs",
                "组织听证",
                f"{APL}第六十四条第（二）项",
                on=hearing.notice_served_on,
                source_ref=ref,
                served=True,
            )
        )
        if hearing.held_on and not hearing.party_absent:
            add(Requirement("tz_bl", "举行听证", f"{APL}第六十四条第（八）项", on=hearing.held_on, source_ref=ref))
            add(Requirement("tz_bg", "听证结束", f"{APL}第六十五条", on=hearing.held_on, source_ref=ref))
    for discussion in facts.discussions:
        add(
            Requirement(
                "jttl_bl",
                "负责人集体讨论决定",
                f"{APL}第五十七条第二款",
                on=discussion.held_on,
                source_ref=f"discussion:{discussion.pk}",
            )
        )
    decision = facts.decision
    if decision is not None:
        ref = f"decision:{decision.pk}"
        services = facts.decision_services()
        service = services[0] if services else None
        if case.procedure == m.ProcedureType.SUMMARY:
            add(
                Requirement(
                    "dcxzcf_jds",
                    "当场作出行政处罚决定",
                    f"{APL}第五十二条",
                    on=decision.decided_on,
                    source_ref=ref,
                    served=True,
                    service=service,
                )
            )
        elif decision.kind == m.DecisionKind.PENALTY:
            add(
                Requirement(
                    "xzcf_jdspb",
                    "行政机关负责人审查决定",
                    f"{APL}第五十七条第一款；《行政执法案卷评查工作规定》",
                    on=decision.decided_on,
                    source_ref=ref,
                    mandatory=False,
                )
            )
            add(
                Requirement(
                    "xzcf_jds",
                    "作出行政处罚决定",
                    f"{APL}第五十九条、第六十一条",
                    on=decision.decided_on,
                    source_ref=ref,
                    served=True,
                    service=service,
                )
            )
        elif decision.kind in NO_PENALTY_KINDS:
            add(
                Requirement(
                    "byxzcf_jds",
                    "作出不予行政处罚决定",
                    f"{APL}第五十七条第一款第（二）项、第（三）项，第六十一条",
                    on=decision.decided_on,
                    source_ref=ref,
                    served=True,
                    service=service,
                )
            )
        elif decision.kind == m.DecisionKind.CRIMINAL_REFERRAL:
            add(
                Requirement(
                    "sxfz_ysf", "移送司法机关", f"{APL}第二十七条第一款", on=decision.decided_on, source_ref=ref
                )
            )
        elif decision.kind == m.DecisionKind.TRANSFER:
            add(Requirement("aj_yjh", "移送其他行政机关", f"{SAMR}第十七条", on=decision.decided_on, source_ref=ref))
    for deferment in facts.deferments:
        add(
            Requirement(
                "yqfq_spb",
                "批准延期（分期）缴纳罚款",
                f"{APL}第六十六条第二款；{SAMR}第七十四条",
                on=deferment.approved_on,
                source_ref=f"deferment:{deferment.pk}",
            )
        )
    for reminder in facts.reminders:
        add(
            Requirement(
                "lxcg_s",
                "催告当事人履行",
                f"{CE}第三十五条、第五十四条",
                on=reminder.issued_on,
                source_ref=f"reminder:{reminder.pk}",
                served=reminder.served_on is not None,
            )
        )
    for application in facts.court_applications:
        add(
            Requirement(
                "qzzx_sqs",
                "申请人民法院强制执行",
                f"{CE}第五十三条、第五十五条",
                on=application.applied_on,
                source_ref=f"court:{application.pk}",
            )
        )
    if facts.closings:
        closing = facts.closings[-1]
        add(
            Requirement(
                "ja_spb",
                "案件结案",
                f"{SAMR}第七十七条",
                on=closing.approved_on,
                source_ref=f"closing:{closing.pk}",
            )
        )
    return reqs


def missing_documents(facts, *, documents: list | None = None) -> list[Requirement]:
    """The requirements of :func:`required_documents` that no issued document of the case meets."""
    reqs = required_documents(facts)
    docs = case_documents(facts) if documents is None else documents
    pool = [d for d in docs if d.status == DocumentStatus.ISSUED]
    met: set[int] = set()
    used: set[int] = set()
    for exact in (True, False):
        for i, req in enumerate(reqs):
            if i in met:
                continue
            for d in pool:
                if d.pk in used or d.document_type.code not in req.codes:
                    continue
                if exact and not (req.source_ref and d.source_ref == req.source_ref):
                    continue
                met.add(i)
                used.add(d.pk)
                break
    return [req for i, req in enumerate(reqs) if i not in met]
