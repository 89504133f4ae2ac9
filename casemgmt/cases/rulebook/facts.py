"""Everything the rules need about one case, loaded in a fixed number of queries.

The query count does not grow with the case's history: each related table is fetched once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.org.models import Certificate, Officer


@dataclass
class CaseFacts:
    case: m.Case
    today: dt.date
    policy: m.ProcedurePolicy
    hearing_triggers: list[m.HearingTrigger] = field(default_factory=list)
    review_triggers: list[m.ReviewTrigger] = field(default_factory=list)
    parties: list[m.Party] = field(default_factory=list)
    assignments: list[m.CaseOfficer] = field(default_factory=list)
    records: list[m.Record] = field(default_factory=list)
    measures: list[m.Measure] = field(default_factory=list)
    reports: list[m.InvestigationReport] = field(default_factory=list)
    reviews: list[m.ReviewOpinion] = field(default_factory=list)
    notices: list[m.Notice] = field(default_factory=list)
    statements: list[m.Statement] = field(default_factory=list)
    hearings: list[m.Hearing] = field(default_factory=list)
    discussions: list[m.CollectiveDiscussion] = field(default_factory=list)
    extensions: list[m.DeadlineExtension] = field(default_factory=list)
    suspensions: list[m.Suspension] = field(default_factory=list)
    decisions: list[m.Decision] = field(default_factory=list)
    services: list[m.ServiceRecord] = field(default_factory=list)
    payments: list[m.Payment] = field(default_factory=list)
    deferments: list[m.Deferment] = field(default_factory=list)
    challenges: list[m.RemedyChallenge] = field(default_factory=list)
    reminders: list[m.Reminder] = field(default_factory=list)
    court_applications: list[m.CourtApplication] = field(default_factory=list)
    disclosures: list[m.Disclosure] = field(default_factory=list)
    closings: list[m.Closing] = field(default_factory=list)

    # --- derived facts used by several rules -------------------------------------------------------------
    @property
    def party_is_citizen(self) -> bool:
        """Fine ceilings use the organisation figure as soon as one party is an organisation."""
        return all(p.is_citizen for p in self.parties) if self.parties else True

    @property
    def active_assignments(self) -> list[m.CaseOfficer]:
        return [a for a in self.assignments if a.released_at is None]

    @property
    def handler_ids(self) -> set[int]:
        """Everyone who ever handled the case, including officers released later (SAMR Art. 49)."""
        return {a.officer_id for a in self.assignments}

    @property
    def latest_notice(self) -> m.Notice | None:
        return self.notices[-1] if self.notices else None

    @property
    def decision(self) -> m.Decision | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def report(self) -> m.InvestigationReport | None:
        return self.reports[-1] if self.reports else None

    def statements_on(self, notice: m.Notice | None) -> list[m.Statement]:
        if notice is None:
            return []
        return [s for s in self.statements if s.notice_id == notice.pk]

    def hearing_requests(self, notice: m.Notice | None) -> list[m.Statement]:
        return [s for s in self.statements_on(notice) if s.kind == m.StatementKind.HEARING_REQUEST]

    @property
    def held_hearing(self) -> m.Hearing | None:
        held = [h for h in self.hearings if h.held_on is not None and not h.party_absent]
        return held[-1] if held else None

    def decision_services(self) -> list[m.ServiceRecord]:
        return [s for s in self.services if s.document == m.ServiceDocument.DECISION]

    def paid(self, kind: str = m.PaymentKind.FINE) -> Decimal:
        return sum((p.amount for p in self.payments if p.kind == kind), Decimal("0"))

    def legal_reviews(self) -> list[m.ReviewOpinion]:
        return [r for r in self.reviews if r.kind == m.ReviewKind.LEGAL]


def _effective(triggers, on: dt.date, field_name: str):
    return [t for t in triggers if t.effective_from <= on and (t.effective_to is None or on <= t.effective_to)]


def load_facts(case: m.Case, *, today: dt.date | None = None) -> CaseFacts:
    """Load a case's facts: one query per related table, whatever the history length."""
    today = today or timezone.localdate()
    subject = case.enforcement_subject
    certs = Prefetch("officer__certificates", queryset=Certificate.objects.order_by("valid_from"))
    facts = CaseFacts(
        case=case,
        today=today,
        policy=m.ProcedurePolicy.for_unit(subject),
        hearing_triggers=[
            t for t in m.HearingTrigger.objects.all() if t.unit_id in (None, case.enforcement_subject_id)
        ],
        review_triggers=[t for t in m.ReviewTrigger.objects.all() if t.unit_id in (None, case.enforcement_subject_id)],
        parties=list(case.parties.all()),
        assignments=list(case.officers.select_related("officer").prefetch_related(certs).order_by("id")),
        records=list(case.records.prefetch_related("signatures").order_by("started_at", "id")),
        measures=list(case.measures.order_by("started_on", "id")),
        reports=list(case.investigationreports.order_by("submitted_on", "id")),
        reviews=list(case.reviewopinions.select_related("reviewer").order_by("reviewed_on", "round", "id")),
        notices=list(case.notices.order_by("issued_on", "id")),
        statements=list(case.statements.order_by("received_on", "id")),
        hearings=list(case.hearings.order_by("scheduled_on", "id")),
        discussions=list(case.collectivediscussions.order_by("held_on", "id")),
        extensions=list(case.deadlineextensions.order_by("approved_on", "id")),
        suspensions=list(case.suspensions.order_by("started_on", "id")),
        decisions=list(case.decisions.order_by("decided_on", "id")),
        services=list(case.servicerecords.order_by("served_on", "id")),
        payments=list(case.payments.order_by("paid_on", "id")),
        deferments=list(case.deferments.order_by("approved_on", "id")),
        challenges=list(case.remedychallenges.order_by("filed_on", "id")),
        reminders=list(case.reminders.order_by("issued_on", "id")),
        court_applications=list(case.courtapplications.order_by("applied_on", "id")),
        disclosures=list(case.disclosures.order_by("published_on", "id")),
        closings=list(case.closings.order_by("approved_on", "id")),
    )
    return facts


def officer_certificate(officer: Officer, on: dt.date) -> Certificate | None:
    """A valid certificate of ``officer`` on ``on``; uses prefetched certificates when present."""
    return officer.valid_certificate(on)


__all__ = ["CaseFacts", "load_facts", "officer_certificate"]
