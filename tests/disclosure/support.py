"""Helpers: the batch a user's page and export see."""

from __future__ import annotations

import datetime as dt

from casemgmt.disclosure.records import DECIDED, disclosure_batch, disclosure_cases

TODAY = dt.date(2026, 12, 7)


def batch_for(user, *, basis=DECIDED, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), unit=None):
    return disclosure_batch(
        cases=disclosure_cases(user=user, unit=unit), basis=basis, start=start, end=end, today=TODAY
    )
