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

    @property
    def law(self):
        """The law governing the case (market regulation or not, the subject's local rules): which article a
        finding cites (governing.py)."""
        from .governing import governing_law

        return governing_law(self.case, matter=self.matter, policy=self.policy)

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
    return _sort(list((qs if qs is not None else model._default_manager).filter(case_id=case_id)), keys)


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


def _officers():
    certs = Prefetch("officer__certificates", queryset=Certificate.objects.all())
    return m.CaseOfficer.objects.select_related("officer").prefetch_related(certs, "officer__memberships")


# The related tables of CaseFacts: (field, model, sort keys, queryset factory, sparse). ``load_facts`` and
# ``load_facts_many`` read this one list, so a case's facts are the same whichever loads them.
TABLES = (
    ("parties", m.Party, (), None, True),
    ("assignments", m.CaseOfficer, (), _officers, True),
    ("records", m.Record, ("started_at",), lambda: m.Record.objects.prefetch_related("signatures"), True),
    ("measures", m.Measure, ("started_on",), None, True),
    ("reports", m.InvestigationReport, ("submitted_on",), None, True),
    (
        "reviews",
        m.ReviewOpinion,
        ("reviewed_on", "round"),
        lambda: m.ReviewOpinion.objects.select_related("reviewer"),
        True,
    ),
    ("notices", m.Notice, ("issued_on",), None, True),
    ("statements", m.Statement, ("received_on",), None, True),
    ("hearings", m.Hearing, ("scheduled_on",), lambda: m.Hearing.objects.select_related("presider"), True),
    ("discussions", m.CollectiveDiscussion, ("held_on",), None, True),
    ("extensions", m.DeadlineExtension, ("approved_on",), None, True),
    ("suspensions", m.Suspension, ("started_on",), None, True),
    ("decisions", m.Decision, ("decided_on",), None, True),
    ("services", m.ServiceRecord, ("served_on",), None, True),
    ("payments", m.Payment, ("paid_on",), None, True),
    ("deferments", m.Deferment, ("approved_on",), None, True),
    ("challenges", m.RemedyChallenge, ("filed_on",), None, True),
    ("reminders", m.Reminder, ("issued_on",), None, True),
    ("court_applications", m.CourtApplication, ("applied_on",), None, True),
    ("disclosures", m.Disclosure, ("published_on",), None, True),
    ("closings", m.Closing, ("approved_on",), lambda: m.Closing.objects.select_related("approved_by"), True),
    ("transfers", Transfer, ("sent_at",), None, True),
    ("rationales", DiscretionRationale, (), None, True),
    ("no_penalty_assessments", NoPenaltyAssessment, (), None, True),
)


# One probe query (``_populated``) tells which tables have rows for the case, so the empty ones cost nothing: a
# case under investigation has no notice, decision, payment or closing yet. The probe is one UNION of EXISTS, one
# per table (index lookups on case_id), whatever the number of tables.
SPARSE = {name: model for name, model, _keys, _qs, sparse in TABLES if sparse}


def _sort(rows: list, keys: tuple[str, ...]) -> list:
    rows.sort(key=lambda row: tuple(getattr(row, k) for k in keys) + (row.pk,))
    return rows


def _facts(case: m.Case, today: dt.date, settings_tables, tables: dict[str, list]) -> CaseFacts:
    return CaseFacts(
        case=case,
        today=today,
        policy=settings_tables.policy_for(case.enforcement_subject_id),
        hearing_triggers=settings_tables.hearing_triggers_for(case.enforcement_subject_id),
        review_triggers=settings_tables.review_triggers_for(case.enforcement_subject_id),
        catalogue=catalogue_snapshot(),
        **tables,
    )


def load_facts(case: m.Case, *, today: dt.date | None = None) -> CaseFacts:
    """Load a case's facts: one query per related table in use (settings tables come from a short-lived cache),
    whatever the length of the case's history."""
    today = today or timezone.localdate()
    settings_tables = m.policy_snapshot()
    pk = case.pk
    used = _populated(pk)
    tables = {
        name: _rows(model, pk, *keys, qs=qs() if qs else None) if not sparse or name in used else []
        for name, model, keys, qs, sparse in TABLES
    }
    return _facts(case, today, settings_tables, tables)


def load_facts_many(cases: list[m.Case], *, today: dt.date | None = None, chunk: int = 500) -> dict[int, CaseFacts]:
    """The facts of many cases (case id → facts), the same as ``load_facts`` gives for each, in one query per
    related table per ``chunk`` cases instead of one per table per case (evaluation pre-scoring, sweeps)."""
    today = today or timezone.localdate()
    settings_tables = m.policy_snapshot()
    result: dict[int, CaseFacts] = {}
    for start in range(0, len(cases), chunk):
        part = cases[start : start + chunk]
        ids = [c.pk for c in part]
        grouped: dict[str, dict[int, list]] = {}
        for name, model, _keys, qs, _sparse in TABLES:
            by_case: dict[int, list] = {}
            for row in (qs() if qs else model._default_manager).filter(case_id__in=ids):
                by_case.setdefault(row.case_id, []).append(row)
            grouped[name] = by_case
        for case in part:
            tables = {name: _sort(grouped[name].get(case.pk, []), keys) for name, _m, keys, _q, _s in TABLES}
            result[case.pk] = _facts(case, today, settings_tables, tables)
    return result


__all__ = ["CaseFacts", "load_facts", "load_facts_many"]
