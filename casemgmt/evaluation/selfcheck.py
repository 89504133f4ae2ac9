"""Supervision: the rulebook's self-check run across many cases to find problems early (overdue decisions,
unserved or unpublished decisions), using the same rules as the gates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import Finding, check_case, load_facts


def findings_by_case(
    *, cases: Iterable[m.Case] | None = None, today: dt.date | None = None
) -> dict[int, list[Finding]]:
    """Case id → findings, for every case that has at least one. Defaults to every case on today's date."""
    today = today or timezone.localdate()
    if cases is None:
        cases = m.Case.objects.select_related(
            "enforcement_subject__parent", "handling_unit__parent", "filing_approved_by"
        )
    result: dict[int, list[Finding]] = {}
    for case in cases:
        found = check_case(load_facts(case, today=today))
        if found:
            result[case.pk] = found
    return result
