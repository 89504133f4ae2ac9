"""Demo documents: every closed demo case gets the documents its path requires (``documents.requirements``),
drawn up from the recorded acts, issued on the day of each act and served with their 送达回证, through the real
document services (文号, PDF, snapshot). The service the case act recorded is linked, not recorded again.

A few files deliberately lack a document the evaluation standard expects but the law does not make a condition
of archiving (the 行政处罚决定审批表, the 陈述申辩笔录), so the self-check and the evaluation find something to
deduct; the archive rule still passes for them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.services.base import acting_at

GAP_RATE = 0.2  # share of closed files missing one expected (not mandatory) document
GAP_RULE = "EVAL-CASE-FILE-DOCUMENTS"

# Values no recorded act holds, for the document types that need them.
TRANSFER_VALUES = {
    "transfer_reason": "经调查，案件涉嫌构成犯罪（不属于本机关管辖），依法移送",
    "materials": "立案审批表、调查终结报告、询问笔录、现场检查笔录及证据材料",
}


def _signer(case: m.Case, code: str, lead):
    """Who draws up and issues the document: the head who approved or decided the act, else the lead officer."""
    if code in ("la_spb", "bla_spb") and case.filing_approved_by_id:
        return case.filing_approved_by.user
    if code in ("xzcf_jds", "byxzcf_jds", "xzcf_jdspb", "sxfz_ysf", "aj_yjh"):
        decision = case.decisions.order_by("-id").first()
        if decision is not None and decision.decided_by.user_id:
            return decision.decided_by.user
    if code == "ja_spb":
        closing = case.closings.order_by("-id").first()
        if closing is not None and closing.approved_by.user_id:
            return closing.approved_by.user
    return lead


def complete_case_file(
    case: m.Case,
    *,
    omit: frozenset[str] = frozenset(),
    place: str = "",
    values: dict | None = None,
    until: dt.date | None = None,
    final: bool = True,
    clock=None,
    progress: FileProgress | None = None,
) -> list:
    """Issue (and serve) every document the case's path requires that its file lacks, but the types in ``omit``;
    ``place`` is the place of the violation when the case does not record one (an on-the-spot decision);
    ``values`` are entered on every draft (e.g. the provision violated of a case with no catalogue matter).
    Returns the documents issued.

    The demo draws up a file as the case goes (``until``, not ``final``): at the end of each day of the case the
    documents of the acts up to that day, each issued and served at a time ``clock`` (``timeline.ActClock``)
    gives on its own day. What cannot be done yet waits in ``progress`` for a later day: a document whose
    service has not happened (the case act records it later, or the party receives it later), and one that
    lacks an element a later act supplies (the 陈述申辩笔录 lacks the 复核意见 until the recheck), issued on the
    day it is complete. The ``final`` call (the case's last day) does what is still waiting, as a file drawn up
    at once does."""
    from documents import services as ds
    from documents.requirements import missing_documents, required_documents
    from documents.services import SERVICE_ACTS

    facts = load_facts(case)
    progress = progress or FileProgress()
    waiting = progress.unserved
    due = [r for r in missing_documents(facts) if r.code not in omit]
    missing = due if final or until is None else [r for r in due if (r.on or facts.today) <= until]
    if not missing and not waiting:
        return []
    assignment = case.officers.filter(released_at=None).select_related("officer__user").order_by("-role", "id").first()
    lead = assignment.officer.user
    party = case.parties.order_by("id").first()
    context = _Serving(
        facts=facts, lead=lead, party=party, clock=clock, until=None if final else until, service_acts=SERVICE_ACTS
    )
    if waiting:
        now_required = required_documents(facts)
        for document, req, on in list(waiting):
            fresh = next((r for r in now_required if r.code == req.code and r.source_ref == req.source_ref), req)
            if context.serve(document, fresh, on):
                waiting.remove((document, req, on))
    issued = []
    for req in missing:
        actor = _signer(case, req.code, lead)
        on = req.on or facts.today
        if (req.code, req.source_ref) in progress.incomplete:
            on = max(on, until or on)  # complete since: issued on this day
        entered = dict(TRANSFER_VALUES) if req.code in ("sxfz_ysf", "aj_yjh") else {}
        entered.update(values or {})
        if place and not case.violation_place:
            entered["violation_place"] = place
        if req.code == "dcxzcf_jds" and not facts.decision.fine_amount:
            entered["performance"] = "当场宣告警告，即行履行完毕"
        try:
            with acting_at(clock.tick(on) if clock else None), transaction.atomic():
                draft = ds.document_draft(
                    case=case, actor=actor, type_code=req.code, source_ref=req.source_ref, values=entered
                )
                document = ds.document_issue(document=draft, actor=actor, on=on)
        except ds.DocumentIncomplete:
            if final:
                raise
            progress.incomplete.add((req.code, req.source_ref))  # a later act supplies what it lacks
            continue
        issued.append(document)
        if (req.served or req.code in SERVICE_ACTS) and not context.serve(document, req, on):
            waiting.append((document, req, on))
    return issued


@dataclass
class FileProgress:
    """What a demo file drawn up as its case goes left for a later day (see ``complete_case_file``)."""

    unserved: list = field(default_factory=list)  # (document, requirement, issue day)
    incomplete: set = field(default_factory=set)  # (type code, source_ref) of documents lacking an element


class _Serving:
    """Serves an issued document of the demo file once its service has happened (by ``until``; any time when
    the file is drawn up at once)."""

    def __init__(self, *, facts, lead, party, clock, until, service_acts):
        self.facts, self.lead, self.party, self.clock = facts, lead, party, clock
        self.until, self.service_acts = until, service_acts

    def serve(self, document, req, on: dt.date) -> bool:
        from documents import services as ds

        service = req.service
        if service is None and (not req.served or (req.code in self.service_acts and self.until is not None)):
            return self.until is None  # never served; or the case act records the service later
        delivered_on = service.delivered_on if service else _served_on(self.facts, req, on)
        if self.until is not None and delivered_on > self.until:
            return False
        with acting_at(self.clock.tick(delivered_on) if self.clock else None):
            ds.document_serve(
                document=document,
                actor=self.lead,
                method=service.method if service else m.ServiceMethod.DIRECT,
                recipient=service.recipient if service else (self.party.name if self.party else ""),
                delivered_on=delivered_on,
                service_record=service,
            )
        return True


def _served_on(facts, req, on: dt.date) -> dt.date:
    """The day a document without a recorded service reached the party: the reminder's recorded service day,
    else the day it was issued (handed over on the spot)."""
    if req.code == "lxcg_s":
        reminder = next((r for r in facts.reminders if req.source_ref == f"reminder:{r.pk}"), None)
        if reminder is not None and reminder.served_on:
            return reminder.served_on
    return on


def demo_gap_omit(rng: random.Random) -> frozenset[str]:
    """The expected document a demo file deliberately lacks, if any (one file in five)."""
    if rng.random() < GAP_RATE:
        return frozenset({rng.choice(("xzcf_jdspb", "cssb_bl"))})
    return frozenset()


def file_gaps(case: m.Case) -> tuple[str, ...]:
    """The rules a self-check reports for a closed file lacking an expected (not mandatory) document."""
    from documents.requirements import missing_documents

    gaps = [r for r in missing_documents(load_facts(case)) if not r.mandatory]
    return (GAP_RULE,) if gaps else ()


def issue_demo_documents(case: m.Case, *, rng: random.Random, place: str = "") -> tuple[str, ...]:
    """The documents of a closed demo case (nothing for a case still open); returns the rules a self-check
    reports for the file's deliberate gap, if it has one."""
    case.refresh_from_db()
    if case.status != m.CaseStatus.CLOSED:
        return ()
    omit = demo_gap_omit(rng)
    # One transaction for the file: the case's dashboard snapshot and search entry are refreshed once after it
    # commits, not after each of its ten-odd documents is issued and served.
    with transaction.atomic():
        complete_case_file(case, omit=omit, place=place)
    return file_gaps(case)
