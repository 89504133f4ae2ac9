"""The 双公示 records of a period, built from the cases' own data, and the decisions left out with their reason.

Which decisions are published is the rulebook's ``must_publish`` (APL-48-DISCLOSURE); the publication deadline is
``clocks.disclosure_deadline`` (ProcedurePolicy); how long a record stays public is ``rulebook.publication``.

One record per party of the case (each party's own decision document and 文号): a record never carries data of
another party. A record's operation follows the case's disclosure rows: not yet published or published once →
新增; published again after a recorded change of the decision (the earlier publication withdrawn) → 修改; the
latest publication withdrawn (APL Art. 48: decision changed, revoked, declared unlawful or void) → 撤销.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.clocks import disclosure_deadline
from casemgmt.cases.models.penalty import PenaltyType, penalty_labels
from casemgmt.cases.rulebook import load_facts_many
from casemgmt.cases.rulebook._util import fmt
from casemgmt.cases.rulebook.execution import must_publish
from casemgmt.cases.rulebook.publication import publication_end, publication_months
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.legalcal.calendar import Deadline
from casemgmt.org.identity import IdentityError, check_citizen_id, looks_like_citizen_id
from casemgmt.org.models import Unit
from casemgmt.org.selectors import scope_unit_ids, sees_everything, unit_subtree_ids
from documents.models import Document, DocumentStatus

from . import fields as f

DECIDED, PUBLISHED = "decided", "published"
BASES = {DECIDED: "决定日期", PUBLISHED: "公示/撤下日期"}
# The issued decision documents whose 文号 a record carries (ordinary and summary procedure).
DECISION_DOCUMENTS = ("xzcf_jds", "dcxzcf_jds")

DUE, PUBLISHED_STATUS, REPUBLISHED, WITHDRAWN = "待公示", "已公示", "已重新公示（决定变更后）", "已撤下"
CONFISCATIONS = (PenaltyType.CONFISCATE_INCOME, PenaltyType.CONFISCATE_PROPERTY)
CATEGORY_OF = {
    m.PartyKind.CITIZEN: f.CITIZEN,
    m.PartyKind.ORGANISATION: f.ORGANISATION,
    m.PartyKind.INDIVIDUAL_BUSINESS: f.INDIVIDUAL_BUSINESS,
}


@dataclass
class DisclosureRecord:
    case_id: int
    case_number: str
    subject: str
    status: str
    deadline: Deadline | None
    overdue: bool
    values: dict[str, str]
    errors: list[f.FieldError] = field(default_factory=list)

    @property
    def operation(self) -> str:
        return self.values[f.OPERATION]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def party_name(self) -> str:
        return self.values[f.NAME]

    @property
    def document_number(self) -> str:
        return self.values[f.DOC_NUMBER]

    @property
    def decided_on(self) -> str:
        return self.values[f.DECIDED_ON]

    def row(self) -> list[str]:
        return [self.values[c] for c in f.COLUMNS]


@dataclass(frozen=True)
class Exclusion:
    case_id: int
    case_number: str
    decided_on: dt.date
    reason: str


@dataclass
class DisclosureBatch:
    records: list[DisclosureRecord]
    exclusions: list[Exclusion]

    @property
    def invalid(self) -> list[DisclosureRecord]:
        return [r for r in self.records if r.errors]

    @property
    def valid(self) -> list[DisclosureRecord]:
        return [r for r in self.records if not r.errors]


class PeriodError(ValueError):
    """A period or unit the export cannot run on; the message is shown to the user."""


def disclosure_cases(*, user, unit: Unit | None = None) -> QuerySet[m.Case]:
    """The cases whose penalty records ``user`` may export: visible cases (``cases_visible_to``) of which one of the
    user's units is the enforcement subject or the handling unit — an assisting unit or an evaluator sees a case but publishes nothing
    for it. ``unit`` narrows to one subject (and its sub-units); it must be one the user may see."""
    cases = cases_visible_to(user=user)
    everything = sees_everything(user)
    if not everything:
        cases = cases.filter(_of_units(scope_unit_ids(user)))
    if unit is not None:
        if not everything and unit.pk not in scope_unit_ids(user):
            raise PeriodError("无权导出该单位的公示数据")
        cases = cases.filter(_of_units(unit_subtree_ids({unit.pk})))
    return cases


def _of_units(unit_ids) -> Q:
    """Cases decided by these units as the enforcement subject or handled by them (a brigade for its township)."""
    return Q(enforcement_subject_id__in=unit_ids) | Q(handling_unit_id__in=unit_ids)


def parse_period(params, *, today: dt.date) -> tuple[str, dt.date, dt.date]:
    """(basis, from, to) from request parameters; the default is the last 90 days by decision date."""
    basis = params.get("basis") or DECIDED
    if basis not in BASES:
        raise PeriodError("筛选依据应为决定日期或公示日期")
    try:
        start = dt.date.fromisoformat(params["from"]) if params.get("from") else today - dt.timedelta(days=90)
        end = dt.date.fromisoformat(params["to"]) if params.get("to") else today
    except ValueError:
        raise PeriodError("日期格式应为YYYY-MM-DD") from None
    if start > end:
        raise PeriodError("起始日期晚于截止日期")
    return basis, start, end


def disclosure_batch(
    *, cases: QuerySet[m.Case], basis: str, start: dt.date, end: dt.date, today: dt.date | None = None
) -> DisclosureBatch:
    """The records of ``cases`` whose decision (basis ``decided``) or publication / withdrawal (``published``) falls
    in [start, end], and the decisions of the period that are not published, with the reason."""
    today = today or timezone.localdate()
    if basis == DECIDED:
        cases = cases.filter(decisions__decided_on__range=(start, end))
    else:
        cases = cases.filter(
            Q(disclosures__published_on__range=(start, end)) | Q(disclosures__withdrawn_on__range=(start, end))
        )
    rows = list(
        cases.distinct()
        .select_related("enforcement_subject")
        .prefetch_related("parties")
        .order_by("enforcement_subject__name", "decided_on", "number", "pk")
    )
    facts = load_facts_many(rows, today=today)
    numbers = _decision_numbers([c.pk for c in rows])
    batch = DisclosureBatch(records=[], exclusions=[])
    for case in rows:
        case_facts = facts[case.pk]
        decision = case_facts.decision
        if decision is None:
            continue
        reason = exclusion_reason(decision)
        if reason:
            batch.exclusions.append(Exclusion(case.pk, case.number, decision.decided_on, reason))
            continue
        if basis == PUBLISHED and not _acted_within(case_facts.disclosures, start, end):
            continue  # only an earlier publication of the case fell in the period; its current state did not
        batch.records.extend(case_records(case, case_facts, numbers, today=today))
    return batch


def exclusion_reason(decision: m.Decision) -> str:
    """Why a decision is not published ('' when it is): the rulebook's ``must_publish`` decides."""
    if must_publish(decision):
        return ""
    if not decision.is_penalty:
        return f"{decision.get_kind_display()}：不是行政处罚决定，不属于行政处罚信息公示范围"
    if set(decision.penalty_types) == {PenaltyType.WARNING}:
        return "仅给予警告的行政处罚不予公示（《市场监督管理行政处罚信息公示规定》第九条；规则APL-48-DISCLOSURE）"
    return "依规则APL-48-DISCLOSURE不予公示"


def _acted_within(disclosures: list[m.Disclosure], start: dt.date, end: dt.date) -> bool:
    if not disclosures:
        return False
    latest = disclosures[-1]
    on = latest.withdrawn_on or latest.published_on
    return start <= on <= end


def _decision_numbers(case_ids: Iterable[int]) -> dict[tuple[int, int | None], str]:
    """(case, addressee) → 文号 of the latest issued decision document (a correction replaces the original)."""
    numbers: dict[tuple[int, int | None], str] = {}
    for case_id, party_id, number in (
        Document.objects.filter(
            case_id__in=case_ids, document_type__code__in=DECISION_DOCUMENTS, status=DocumentStatus.ISSUED
        )
        .exclude(number="")
        .order_by("id")
        .values_list("case_id", "addressee_id", "number")
    ):
        numbers[(case_id, party_id)] = number
    return numbers


def case_records(case: m.Case, facts, numbers: dict, *, today: dt.date) -> list[DisclosureRecord]:
    decision = facts.decision
    disclosures = facts.disclosures
    deadline = disclosure_deadline(facts, decision)
    latest = disclosures[-1] if disclosures else None
    remark = ""
    if latest is None:
        status, operation = DUE, f.ADD
        published_on = today  # a record not yet published is public from the day it is (today at the earliest)
    elif latest.withdrawn_on:
        status, operation, published_on = WITHDRAWN, f.REVOKE, latest.published_on
        remark = (
            f"原处罚决定于{fmt(latest.change_recorded_on)}被变更、撤销或者确认违法、无效，"
            f"{fmt(latest.withdrawn_on)}撤下公示（《行政处罚法》第四十八条第二款）"
        )
    elif len(disclosures) > 1:
        status, operation, published_on = REPUBLISHED, f.CHANGE, latest.published_on
        earlier = disclosures[-2]
        remark = f"原公示于{fmt(earlier.withdrawn_on)}撤下，本条为变更后的处罚决定，替换原公示信息"
    else:
        status, operation, published_on = PUBLISHED_STATUS, f.ADD, latest.published_on
    overdue = latest is None and deadline.certainly_passed(today)
    subject = case.enforcement_subject
    records = []
    for party in sorted(case.parties.all(), key=lambda p: p.pk):
        values, raw_errors = party_values(party, case=case, decision=decision, policy=facts.policy)
        months = publication_months(
            penalty_types=decision.penalty_types,
            fine=decision.fine_amount,
            is_citizen=party.is_citizen,
            policy=facts.policy,
        )
        values.update(
            {
                f.OPERATION: operation,
                f.DOC_NUMBER: numbers.get((case.pk, party.pk)) or numbers.get((case.pk, None), ""),
                f.VIOLATION_TYPE: case.cause,
                f.FACTS: decision.facts,
                f.BASIS: decision.legal_basis,
                f.PENALTY_CLASS: "；".join(penalty_labels([t]) for t in decision.penalty_types),
                f.PENALTY_CONTENT: penalty_content(decision),
                f.FINE: f.format_wan(decision.fine_amount),
                f.CONFISCATION: f.format_wan(decision.confiscation_amount),
                # The case records no name or number of a suspended or revoked licence: left empty.
                f.LICENCE: "",
                f.DECIDED_ON: f.format_date(decision.decided_on),
                f.VALID_UNTIL: f.format_date(f.INDEFINITE),
                f.PUBLIC_UNTIL: f.format_date(publication_end(published_on=published_on, months=months)),
                f.AUTHORITY: subject.name,
                f.AUTHORITY_CODE: subject.credit_code,
                f.SOURCE: subject.name,
                f.SOURCE_CODE: subject.credit_code,
                f.REMARK: remark,
            }
        )
        values = {column: values.get(column, "") for column in f.COLUMNS}
        errors = raw_errors + f.validate(values, today=today)
        records.append(
            DisclosureRecord(
                case_id=case.pk,
                case_number=case.number,
                subject=subject.name,
                status=status,
                deadline=deadline,
                overdue=overdue,
                values=values,
                errors=errors,
            )
        )
    if not records:
        values = {column: "" for column in f.COLUMNS} | {f.OPERATION: operation, f.AUTHORITY: subject.name}
        records.append(
            DisclosureRecord(
                case_id=case.pk,
                case_number=case.number,
                subject=subject.name,
                status=status,
                deadline=deadline,
                overdue=overdue,
                values=values,
                errors=[f.FieldError(f.NAME, "案件未登记当事人")],
            )
        )
    return records


def party_values(party: m.Party, *, case, decision, policy) -> tuple[dict[str, str], list[f.FieldError]]:
    """The party's columns. A natural person's identity number is checked in full here and leaves only masked;
    the address, telephone and service details of a party are never read."""
    number = (party.id_number or "").strip().upper()
    values = {f.NAME: party.name, f.CATEGORY: CATEGORY_OF.get(party.kind, "")}
    errors: list[f.FieldError] = []
    is_person_number = party.kind == m.PartyKind.CITIZEN or (
        party.kind == m.PartyKind.INDIVIDUAL_BUSINESS and looks_like_citizen_id(number)
    )
    if is_person_number:
        if number:
            try:
                check_citizen_id(number, today=decision.decided_on)
            except IdentityError as exc:
                errors.append(f.FieldError(f.ID_NUMBER, str(exc)))
        values.update({f.ID_TYPE: f.ID_CARD, f.ID_NUMBER: f.mask_citizen_id(number) if number else ""})
        if party.kind == m.PartyKind.INDIVIDUAL_BUSINESS:
            values[f.LEGAL_REP] = party.legal_representative
    else:
        values.update({f.CODE: number, f.LEGAL_REP: party.legal_representative})
    return values, errors


def penalty_content(decision: m.Decision) -> str:
    """处罚内容 from the decision: each penalty with its amount."""
    confiscations = [t for t in decision.penalty_types if t in CONFISCATIONS]
    parts = []
    for kind in decision.penalty_types:
        if kind == PenaltyType.FINE:
            parts.append(f"罚款人民币{decision.fine_amount:,.2f}元")
        elif kind in CONFISCATIONS:
            if kind == confiscations[0]:  # one amount covers both kinds of confiscation (the decision records one)
                parts.append(f"{penalty_labels(confiscations)}（金额人民币{decision.confiscation_amount:,.2f}元）")
        else:
            parts.append(penalty_labels([kind]))
    return "；".join(parts)
