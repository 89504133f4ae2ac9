"""Who holds a matter, for which township, on which day: the power lists read as one short-lived snapshot.

Holding rules (行政处罚法第二十条、第二十四条; legal-brief §7):
- no grant in force for the township: the matter's source county department (原实施部门) acts;
- a grant in its transition period: the transition lead department is the enforcement subject and leads (主办),
  the township's brigade assists (协办);
- 赋权 after the transition: the township acts in its own name;
- 委托: the township's brigade acts in the source department's name, so the department stays the subject.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from casemgmt.org.tree import unit_tree

CATALOGUE_TTL_SECONDS = 5.0


@dataclass(frozen=True)
class Holding:
    """The enforcement subject for a matter in a township on a day."""

    subject_id: int | None
    basis: str  # source / empower / entrust / transition
    grant: object | None = None
    assisting_township_id: int | None = None

    @property
    def in_transition(self) -> bool:
        return self.basis == "transition"


BASIS_LABELS = {
    "source": "原实施部门，未赋权",
    "empower": "赋权，以乡镇名义",
    "entrust": "委托，以县级部门名义",
    "transition": "过渡期，县级部门主办、乡镇协办",
}


@dataclass
class CatalogueSnapshot:
    matters: dict[int, object] = field(default_factory=dict)
    grants: dict[tuple[int, int], list] = field(default_factory=lambda: defaultdict(list))
    townships_with_grants: set[int] = field(default_factory=set)
    departments_with_matters: set[int] = field(default_factory=set)

    def unit_name(self, pk: int | None) -> str:
        return unit_tree().name(pk) or "（无）"

    def township_of(self, unit_id: int | None) -> int | None:
        """The township a unit belongs to (kept for callers that ask the catalogue; see the unit tree)."""
        return unit_tree().township_of(unit_id)

    def grant_on(self, matter_id: int, township_id: int, day: dt.date):
        for grant in self.grants.get((matter_id, township_id), ()):
            if grant.covers(day):
                return grant
        return None

    def holder(self, matter_id: int, township_id: int | None, day: dt.date) -> Holding:
        matter = self.matters.get(matter_id)
        source = matter.source_department_id if matter is not None else None
        grant = self.grant_on(matter_id, township_id, day) if township_id is not None else None
        if grant is None:
            return Holding(source, "source")
        if grant.in_transition(day):
            return Holding(grant.transition_lead_id, "transition", grant, assisting_township_id=township_id)
        if grant.mode == "entrust":
            return Holding(source, "entrust", grant)
        return Holding(township_id, "empower", grant)

    def configured_for(self, subject_id: int) -> bool:
        """Whether the power catalogue covers this enforcement subject (then a case must name its matter)."""
        return subject_id in self.townships_with_grants or subject_id in self.departments_with_matters

    def holds(
        self,
        *,
        subject_id: int,
        matter_id: int,
        township_id: int | None,
        day: dt.date,
        filed_on: dt.date | None = None,
    ) -> tuple[bool, Holding]:
        """Whether ``subject_id`` may act on the matter on ``day``. A department that led a case filed during a
        transition finishes it after the transition when the grant says so (lead_finishes_open_cases)."""
        holding = self.holder(matter_id, township_id, day)
        if holding.subject_id == subject_id:
            return True, holding
        if township_id is None:
            # No territory recorded (a county department's own case): the department holds its own matters.
            matter = self.matters.get(matter_id)
            return (matter is not None and matter.source_department_id == subject_id), holding
        if filed_on is not None and filed_on < day:
            at_filing = self.holder(matter_id, township_id, filed_on)
            grant = at_filing.grant
            if (
                at_filing.in_transition
                and at_filing.subject_id == subject_id
                and grant is not None
                and grant.lead_finishes_open_cases
            ):
                return True, at_filing
        return False, holding

    def describe(self, holding: Holding) -> str:
        text = f"{self.unit_name(holding.subject_id)}（{BASIS_LABELS[holding.basis]}"
        if holding.grant is not None:
            text += f"，{holding.grant.document_number}"
        return text + "）"


_lock = threading.Lock()
_snapshot: tuple[float, CatalogueSnapshot] | None = None


def _clear_only() -> None:
    global _snapshot
    with _lock:
        _snapshot = None


def clear_catalogue_cache() -> None:
    """Clear now (this transaction sees its change) and again after commit."""
    _clear_only()
    from django.db import connection, transaction

    if connection.in_atomic_block:
        transaction.on_commit(_clear_only)


def catalogue_snapshot() -> CatalogueSnapshot:
    """Matters and grants in two queries, shared for a few seconds by every gate of the process (units are read
    from the unit tree)."""
    global _snapshot
    now = time.monotonic()
    current = _snapshot
    if current is not None and now - current[0] < CATALOGUE_TTL_SECONDS:
        return current[1]
    from .models import Matter, PowerGrant

    snap = CatalogueSnapshot()
    for matter in Matter.objects.select_related("violated_law__law", "penalty_law__law"):
        snap.matters[matter.pk] = matter
        if matter.source_department_id:
            snap.departments_with_matters.add(matter.source_department_id)
    for grant in PowerGrant.objects.order_by("effective_from", "pk"):
        snap.grants[(grant.matter_id, grant.township_id)].append(grant)
        snap.townships_with_grants.add(grant.township_id)
    with _lock:
        _snapshot = (now, snap)
    return snap
