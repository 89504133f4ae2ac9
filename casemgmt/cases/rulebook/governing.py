"""Which law governs a case, so that a refusal cites the article that applies to THIS case.

《市场监督管理行政处罚程序规定》 binds market-supervision bodies only (legal-brief, conventions). A case is a
market-regulation case when its matter (执法事项) belongs to the 市场监管 field or its enforcement subject is a
market-supervision department (a county department whose 执法领域 is 市场监管). Every other case — a township's
城管 case, a natural-resources case — is governed by the 行政处罚法 and the general procedure; a rule taken from the
SAMR rules that also holds generally cites its general provision there. Local regulations are configured per
enforcement subject (ProcedurePolicy.local_procedure_source) and cited by the rules of the LOCAL family.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casemgmt.cases.models import Case, ProcedurePolicy

MARKET_FIELDS = frozenset({"市场监管", "市场监督管理"})


def is_market_field(field: str | None) -> bool:
    return (field or "").strip() in MARKET_FIELDS


@dataclass(frozen=True)
class GoverningLaw:
    """The law a case is governed by: market regulation (SAMR rules apply) or not, and the subject's local rules."""

    market: bool = False
    local_source: str = ""

    @property
    def label(self) -> str:
        return "市场监管案件" if self.market else "一般行政处罚案件"


GENERAL = GoverningLaw()
MARKET = GoverningLaw(market=True)


def governing_law(case: Case, *, matter=None, policy: ProcedurePolicy | None = None) -> GoverningLaw:
    """The governing law of ``case`` (``matter`` and ``policy`` when the caller already holds them)."""
    from casemgmt.cases.models import policy_snapshot
    from casemgmt.org.tree import unit_tree

    if matter is None and case.matter_id is not None:
        matter = case.matter
    subject = unit_tree().node(case.enforcement_subject_id)
    market = is_market_field(getattr(matter, "field", "")) or is_market_field(subject.field if subject else "")
    if policy is None:
        policy = policy_snapshot().policy_for(case.enforcement_subject_id)
    return GoverningLaw(market=market, local_source=(policy.local_procedure_source or "").strip())
