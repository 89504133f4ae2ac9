"""How long a published administrative-penalty record stays public (公示期限), and which decisions are published.

The publication deadline itself (7 working days after the decision, 国办发〔2018〕118号) and the withdrawal deadline
(3 working days, APL Art. 48) are settings of ``ProcedurePolicy`` read by ``casemgmt.cases.clocks``; what decisions
must be published is ``execution.must_publish``. This module declares the remaining numbers, once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casemgmt.cases.models.penalty import PenaltyType

# 《市场监督管理行政处罚信息公示规定》第十三条: a record of 通报批评 or a 较低数额罚款 only stops being public three months
# after publication; every other record after three years.
PUBLICATION_SOURCE = "《市场监督管理行政处罚信息公示规定》第十三条"
SHORT_PUBLICATION_MONTHS = 3
LONG_PUBLICATION_YEARS = 3
SHORT_PUBLICATION_PENALTIES = frozenset({PenaltyType.WARNING, PenaltyType.CRITICISM, PenaltyType.FINE})
# "较低数额罚款" is not defined nationally; a fine within the summary-procedure ceilings of 《行政处罚法》第五十一条
# (ProcedurePolicy.summary_fine_limit_*) is the statute's own notion of a small fine and is taken as such.
LOW_FINE_SOURCE = "《行政处罚法》第五十一条（简易程序罚款数额）"


def is_low_fine(*, fine: Decimal, is_citizen: bool, policy) -> bool:
    limit = policy.summary_fine_limit_citizen if is_citizen else policy.summary_fine_limit_organisation
    return Decimal(fine or 0) <= limit


def publication_months(*, penalty_types, fine: Decimal, is_citizen: bool, policy) -> int:
    """The 公示期限 in months for a decision of ``penalty_types`` with ``fine`` (元)."""
    short = set(penalty_types) <= SHORT_PUBLICATION_PENALTIES and (
        PenaltyType.FINE not in penalty_types or is_low_fine(fine=fine, is_citizen=is_citizen, policy=policy)
    )
    return SHORT_PUBLICATION_MONTHS if short else LONG_PUBLICATION_YEARS * 12


def publication_end(*, published_on: dt.date, months: int) -> dt.date:
    """The last day a record published on ``published_on`` stays public (公示截止期)."""
    from casemgmt.legalcal.calendar import add_months

    return add_months(published_on, months, roll_forward=False).date
