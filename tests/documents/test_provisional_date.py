"""A date a document prints from a provisional year is marked （暂定）."""

import datetime as dt

from casemgmt.legalcal.calendar import Deadline
from documents.context import provisional_date


def test_provisional_deadline_is_printed_marked():
    assert provisional_date(Deadline(dt.date(2027, 1, 8), provisional=True)) == "2027年1月8日（暂定）"


def test_published_deadline_is_printed_plain():
    assert provisional_date(Deadline(dt.date(2026, 12, 8), provisional=False)) == "2026年12月8日"
