"""The 文书与记录 card of the case page: the recorded stage records each enforcement document is made from.

The enforcement documents themselves (drafts, issued documents with 文号 and PDF, 送达回证, case files) are shown by
the documents app's section (``templates/documents/_case_documents.html``, included in the case page) and
managed at ``/documents/case/<id>/``; this lists what has been recorded, in procedural order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casemgmt.cases.rulebook import CaseFacts


@dataclass(frozen=True)
class StageRecord:
    document: str
    on: date | None
    summary: str


def stage_records(facts: CaseFacts) -> list[StageRecord]:
    case = facts.case
    rows: list[StageRecord] = []
    if case.filed_on:
        rows.append(StageRecord("立案审批表", case.filed_on, case.number))
    rows += [StageRecord(r.get_kind_display(), r.started_at.date(), r.place) for r in facts.records]
    rows += [StageRecord(f"{x.get_kind_display()}决定书", x.started_on, x.items[:40]) for x in facts.measures]
    rows += [StageRecord("案件调查终结报告", r.submitted_on, r.facts[:40]) for r in facts.reports]
    rows += [StageRecord(f"{r.get_kind_display()}意见书", r.reviewed_on, r.get_result_display()) for r in facts.reviews]
    rows += [
        StageRecord("行政处罚事先告知书", n.issued_on, "已送达" if n.served_on else "未送达") for n in facts.notices
    ]
    rows += [StageRecord(st.get_kind_display(), st.received_on, st.content[:40]) for st in facts.statements]
    rows += [StageRecord("听证笔录及报告", h.held_on or h.scheduled_on, h.report[:40]) for h in facts.hearings]
    rows += [StageRecord("集体讨论记录", d.held_on, d.conclusion[:40]) for d in facts.discussions]
    rows += [StageRecord("处理决定书", d.decided_on, d.get_kind_display()) for d in facts.decisions]
    rows += [
        StageRecord("送达回证", r.delivered_on, f"{r.get_document_display()}（{r.get_method_display()}）")
        for r in facts.services
    ]
    rows += [StageRecord("缴款凭证", p.paid_on, f"{p.get_kind_display()} {p.amount}元") for p in facts.payments]
    rows += [StageRecord("信息公示", d.published_on, d.channel) for d in facts.disclosures]
    rows += [StageRecord("结案审批表", c.approved_on, c.get_ground_display()) for c in facts.closings]
    # Stable sort: records of the same day keep their procedural order.
    return sorted(rows, key=lambda r: r.on or date.max)
