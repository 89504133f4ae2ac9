"""What the search index knows about a case: facet columns, visibility units and texts, built from the case.

Texts come from ``casemgmt.cases.hooks.case_texts``; this module registers the spine's own source (parties,
case number, 案由, facts, report, notice, decision, reviews, hearing, records, closing). The documents module
registers issued documents and evidence files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps

from casemgmt.cases import models as m
from casemgmt.cases.hooks import TextPart, case_texts, register_text_source
from casemgmt.org.models import UnitKind

from .models import Outcome

KEY_KINDS = frozenset({"case", "party"})
CHUNK_CHARS = 2000
CHUNK_OVERLAP = 200

NO_PENALTY_KINDS = (m.DecisionKind.NO_PENALTY_MINOR, m.DecisionKind.NO_PENALTY_FIRST, m.DecisionKind.NOT_ESTABLISHED)
TRANSFER_KINDS = (m.DecisionKind.TRANSFER, m.DecisionKind.CRIMINAL_REFERRAL)

# Fine bands (元): value, label, lower bound inclusive, upper bound exclusive.
FINE_BANDS = (
    ("none", "无罚款", Decimal("0"), Decimal("0.01")),
    ("lt1k", "1千元以下", Decimal("0.01"), Decimal("1000")),
    ("1k-10k", "1千至1万元", Decimal("1000"), Decimal("10000")),
    ("10k-100k", "1万至10万元", Decimal("10000"), Decimal("100000")),
    ("ge100k", "10万元以上", Decimal("100000"), None),
)


def fine_band(amount: Decimal) -> str:
    for value, _label, low, high in FINE_BANDS:
        if amount >= low and (high is None or amount < high):
            return value
    return "none"


@register_text_source
def spine_texts(case: m.Case):
    """The texts the case spine records."""
    parties = list(case.parties.all())
    head = [case.number, case.cause, case.violation_place]
    yield TextPart("case", "案件", "\n".join(x for x in head if x), number=case.number, ref=f"case:{case.pk}")
    for p in parties:
        text = " ".join(x for x in (p.name, p.id_number, p.legal_representative, p.address) if x)
        yield TextPart("party", "当事人", text, ref=f"party:{p.pk}")
    if case.facts:
        yield TextPart("facts", "违法事实", case.facts)
    for r in case.investigationreports.all():
        body = "\n".join((r.facts, r.evidence_summary, r.nature, r.legal_basis, r.discretion_reasons))
        yield TextPart("report", "调查终结报告", body, ref=f"report:{r.pk}")
    for r in case.records.all():
        yield TextPart("record", r.get_kind_display(), r.content, ref=f"record:{r.pk}")
    for r in case.reviewopinions.all():
        yield TextPart("review", r.get_kind_display(), r.opinion, ref=f"review:{r.pk}")
    for n in case.notices.all():
        yield TextPart("notice", "行政处罚事先告知书", n.facts_and_reasons, ref=f"notice:{n.pk}")
    for h in case.hearings.all():
        if h.report:
            yield TextPart("hearing", "听证报告", h.report, ref=f"hearing:{h.pk}")
    for d in case.decisions.all():
        body = "\n".join(x for x in (d.facts, d.legal_basis, d.performance, d.statement_handling) if x)
        yield TextPart("decision", d.get_kind_display(), body, ref=f"decision:{d.pk}")
    for c in case.closings.all():
        if c.summary:
            yield TextPart("closing", "结案审批", c.summary, ref=f"closing:{c.pk}")


@dataclass
class IndexEntry:
    """Everything a backend stores about one case."""

    case_id: int
    columns: dict
    tags: list[tuple[str, str]] = field(default_factory=list)
    parts: list[TextPart] = field(default_factory=list)

    @property
    def unit_ids(self) -> list[int]:
        return sorted(int(v) for f, v in self.tags if f == "unit")


def part_text(part: TextPart) -> str:
    """The searchable text of a part: its 文号 first when the text does not already carry it."""
    if part.number and part.number not in part.text:
        return f"{part.number}\n{part.text}"
    return part.text


def chunks(text: str) -> list[str]:
    """Cut long texts so that every phrase up to ``CHUNK_OVERLAP`` characters lies wholly in one chunk."""
    if len(text) <= CHUNK_CHARS:
        return [text]
    out, start = [], 0
    while start < len(text):
        out.append(text[start : start + CHUNK_CHARS])
        if start + CHUNK_CHARS >= len(text):
            break
        start += CHUNK_CHARS - CHUNK_OVERLAP
    return out


def _matter_field(code: str) -> str:
    if not code or not apps.is_installed("casemgmt.powers"):
        return ""
    Matter = apps.get_model("powers", "Matter")
    return Matter.objects.filter(code=code).values_list("field", flat=True).first() or ""


def _outcome(decision) -> str:
    if decision is None:
        return Outcome.NONE
    if decision.kind == m.DecisionKind.PENALTY:
        return Outcome.PENALTY
    if decision.kind in NO_PENALTY_KINDS:
        return Outcome.NO_PENALTY
    if decision.kind in TRANSFER_KINDS:
        return Outcome.TRANSFER
    return Outcome.NONE


def build_entry(case: m.Case) -> IndexEntry:
    """The index entry of ``case`` as recorded now."""
    case = (
        m.Case.objects.select_related("enforcement_subject", "handling_unit")
        .prefetch_related("parties", "officers", "decisions", "reviewopinions", "hearings")
        .get(pk=case.pk)
    )
    assists = list(m.CaseAssist.objects.filter(case=case).select_related("unit"))
    decision = max(case.decisions.all(), key=lambda d: (d.decided_on, d.pk), default=None)
    parties = list(case.parties.all())
    parts = [p for p in case_texts(case) if p.text and p.text.strip()]
    numbers = [p.number for p in parts if p.number]
    township_kinds = (UnitKind.TOWNSHIP, UnitKind.BRIGADE, UnitKind.SQUADRON)
    transition = case.enforcement_subject.kind == UnitKind.COUNTY_DEPARTMENT and (
        case.handling_unit.kind in township_kinds or any(a.unit.kind in township_kinds for a in assists)
    )
    record = getattr(case, "archive_record", None) if hasattr(m.Case, "archive_record") else None
    if record is not None and record.withdrawn_at is not None:
        record = None
    fine = decision.fine_amount if decision is not None and decision.is_penalty else Decimal("0")
    archived = case.status == m.CaseStatus.ARCHIVED
    columns = {
        "number": case.number,
        "cause": case.cause[:200],
        "party_names": "、".join(p.name for p in parties)[:300],
        "identifiers": " ".join(dict.fromkeys([case.number, *numbers, *(p.id_number for p in parties if p.id_number)])),
        "status": case.status,
        "archived": archived,
        "procedure": case.procedure,
        "subject_id": case.enforcement_subject_id,
        "handling_unit_id": case.handling_unit_id,
        "matter_code": case.matter_code,
        "field": _matter_field(case.matter_code) or (case.enforcement_subject.field or ""),
        "filed_on": case.filed_on,
        "decided_on": case.decided_on,
        "closed_on": case.closed_on,
        "archived_on": record.archived_on if (record and archived) else None,
        "outcome": _outcome(decision),
        "fine_amount": fine,
        "fine_band": fine_band(fine),
        "hearing_held": any(h.held_on is not None for h in case.hearings.all()),
        "legal_review": any(r.kind == m.ReviewKind.LEGAL for r in case.reviewopinions.all()),
        "discretion_tier": (decision.discretion_tier if decision is not None else "") or "",
        "transition": transition,
        "case_file_url": "",
    }
    if record is not None and archived and record.case_file_name:
        from django.urls import reverse

        columns["case_file_url"] = reverse("archive:case_file", args=[case.pk])
    units = {case.enforcement_subject_id, case.handling_unit_id, *(a.unit_id for a in assists)}
    tags = [("unit", str(u)) for u in sorted(units)]
    tags += [("officer", str(o)) for o in sorted({a.officer_id for a in case.officers.all()})]
    tags += [("penalty", t) for t in (decision.penalty_types if decision is not None and decision.is_penalty else [])]
    return IndexEntry(case_id=case.pk, columns=columns, tags=tags, parts=parts)
