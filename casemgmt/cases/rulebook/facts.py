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
from casemgmt.discretion.models import DiscretionRationale, NoPenaltyAssessment
from casemgmt.org.models import Certificate
from casemgmt.powers.holders import catalogue_snapshot
from casemgmt.powers.models import Transfer


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
    # Powers issue: the matter catalogue and power lists (a short-lived snapshot) and the case's transfers.
    catalogue: object = None
    transfers: list = field(default_factory=list)
    # Discretion issue: the discretion rationales (裁量说明) and 首违不罚 reviews recorded with the case.
    rationales: list[DiscretionRationale] = field(default_factory=list)
    no_penalty_assessments: list[NoPenaltyAssessment] = field(default_factory=list)

    @property
    def matter(self):
        """The case's matter (执法事项) from the catalogue snapshot; None for a case without one."""
        if self.case.matter_id is None or self.catalogue is None:
            return None
        return self.catalogue.matters.get(self.case.matter_id)

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


def _rows(model, case_id: int, *keys: str, qs=None) -> list:
    """All rows of ``model`` for one case, sorted in Python (cheaper than compiling an ORDER BY each time)."""
    rows = list((qs if qs is not None else model._default_manager).filter(case_id=case_id))
    rows.sort(key=lambda row: tuple(getattr(row, k) for k in keys) + (row.pk,))
    return rows


# Tables most cases never use: one probe query tells which of them have rows for the case, so the empty ones
# cost nothing. The probe is one UNION of the table names, one SELECT per table.
SPARSE = {
    "measures": m.Measure,
    "statements": m.Statement,
    "hearings": m.Hearing,
    "discussions": m.CollectiveDiscussion,
    "extensions": m.DeadlineExtension,
    "suspensions": m.Suspension,
    "deferments": m.Deferment,
    "challenges": m.RemedyChallenge,
    "reminders": m.Reminder,
    "court_applications": m.CourtApplication,
    "transfers": Transfer,
    "rationales": DiscretionRationale,
    "no_penalty_assessments": NoPenaltyAssessment,
}


def _populated(case_id: int) -> set[str]:
    from django.db import connection

    # Table names come from the models, never from input; the case id is a parameter.
    parts = [
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} WHERE case_id = %s)"  # noqa: S608
        for model in SPARSE.values()
    ]
    params: list = []
    for name in SPARSE:
        params += [name, case_id]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {row[0] for row in cursor.fetchall()}


def load_facts(case: m.Case, *, today: dt.date | None = None) -> CaseFacts:
    """Load a case's facts: one query per related table in use (settings tables come from a short-lived cache),
    whatever the length of the case's history."""
    today = today or timezone.localdate()
    settings_tables = m.policy_snapshot()
    pk = case.pk
    used = _populated(pk)

    def sparse(name: str, *keys: str, qs=None) -> list:
        return _rows(SPARSE[name], pk, *keys, qs=qs) if name in used else []

    certs = Prefetch("officer__certificates", queryset=Certificate.objects.all())
    return CaseFacts(
        case=case,
        today=today,
        policy=settings_tables.policy_for(case.enforcement_subject_id),
        hearing_triggers=settings_tables.hearing_triggers_for(case.enforcement_subject_id),
        review_triggers=settings_tables.review_triggers_for(case.enforcement_subject_id),
        parties=_rows(m.Party, pk),
        assignments=_rows(
            m.CaseOfficer,
            pk,
            qs=m.CaseOfficer.objects.select_related("officer").prefetch_related(certs, "officer__memberships"),
        ),
        records=_rows(m.Record, pk, "started_at", qs=m.Record.objects.prefetch_related("signatures")),
        measures=sparse("measures", "started_on"),
        reports=_rows(m.InvestigationReport, pk, "submitted_on"),
        reviews=_rows(
            m.ReviewOpinion, pk, "reviewed_on", "round", qs=m.ReviewOpinion.objects.select_related("reviewer")
        ),
        notices=_rows(m.Notice, pk, "issued_on"),
        statements=sparse("statements", "received_on"),
        hearings=sparse("hearings", "scheduled_on", qs=m.Hearing.objects.select_related("presider")),
        discussions=sparse("discussions", "held_on"),
        extensions=sparse("extensions", "approved_on"),
        suspensions=sparse("suspensions", "started_on"),
        decisions=_rows(m.Decision, pk, "decided_on"),
        services=_rows(m.ServiceRecord, pk, "served_on"),
        payments=_rows(m.Payment, pk, "paid_on"),
        deferments=sparse("deferments", "approved_on"),
        challenges=sparse("challenges", "filed_on"),
        reminders=sparse("reminders", "issued_on"),
        court_applications=sparse("court_applications", "applied_on"),
        disclosures=_rows(m.Disclosure, pk, "published_on"),
        closings=_rows(m.Closing, pk, "approved_on", qs=m.Closing.objects.select_related("approved_by")),
        catalogue=catalogue_snapshot(),
        transfers=sparse("transfers", "sent_at"),
        rationales=sparse("rationales"),
        no_penalty_assessments=sparse("no_penalty_assessments"),
    )


__all__ = ["CaseFacts", "load_facts"]
