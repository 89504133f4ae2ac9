"""The facts and the self-check of a case, computed once per request and shared by everything a page shows.

A case page shows the clocks, the findings, the documents, the discretion and powers cards and the evaluation
self-check: all read the same facts and the findings of the same ``check_case``. The page fetches its case once
(``case_get_for_user``) and passes that object down; the memo lives on it, so it lasts exactly as long as the
request and never outlives a change (it is keyed by the case's version and the day).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casemgmt.cases import models as m

from . import core, facts

_FACTS = "_rulebook_facts_memo"
_FINDINGS = "_rulebook_findings_memo"


def _key(case: m.Case, today: dt.date | None) -> tuple:
    return (today or timezone.localdate(), case.version)


def case_facts(case: m.Case, *, today: dt.date | None = None) -> facts.CaseFacts:
    """The facts of ``case`` (``load_facts``), loaded once for this case object and day."""
    key = _key(case, today)
    memo = case.__dict__.get(_FACTS)
    if memo is None or memo[0] != key:
        memo = (key, facts.load_facts(case, today=key[0]))
        case.__dict__[_FACTS] = memo
    return memo[1]


def case_findings(case: m.Case, *, today: dt.date | None = None) -> list[core.Finding]:
    """Every rule over the recorded case (``check_case``), run once for this case object and day."""
    key = _key(case, today)
    memo = case.__dict__.get(_FINDINGS)
    if memo is None or memo[0] != key:
        memo = (key, core.check_case(case_facts(case, today=key[0])))
        case.__dict__[_FINDINGS] = memo
    return list(memo[1])


__all__ = ["case_facts", "case_findings"]
