"""samples/disclosure: the exported CSV, .xlsx and JSON of demo-like cases, kept true by this test.

``SAMPLES_WRITE=1 pytest tests/disclosure/test_samples.py`` rewrites the files; otherwise the test builds the same
cases, exports them and checks that every sample file parses back to exactly these records and validates.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from casemgmt.cases import models as m
from casemgmt.disclosure import fields as f
from casemgmt.disclosure import formats
from tests import builders as b
from tests.disclosure.conftest import credit_code, decided_case, publish, withdraw
from tests.disclosure.support import TODAY, batch_for

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "disclosure"


def build(world):
    chen = decided_case(world)  # 陈某, 500 元, published in time
    publish(world, chen)
    company = decided_case(world, party_kind=m.PartyKind.ORGANISATION, decide_on=dt.date(2026, 3, 20))
    m.Party.objects.filter(case=company).update(legal_representative="王建国", phone="0571-88880000")
    shop = decided_case(world, decide_on=dt.date(2026, 3, 20))
    m.Party.objects.filter(case=shop).update(
        kind=m.PartyKind.INDIVIDUAL_BUSINESS,
        name="城关镇李记小吃店",
        id_number=credit_code("92330100MA2H3K4L5"),
        legal_representative="李某",
    )
    withdraw(world, publish(world, shop), changed_on=dt.date(2026, 5, 6), on=dt.date(2026, 5, 7))
    publish(world, shop, on=dt.date(2026, 5, 8), late_reason="复议决定变更罚款后重新公示")
    revoked = decided_case(world)
    withdraw(world, publish(world, revoked), changed_on=dt.date(2026, 6, 1), on=dt.date(2026, 6, 2))
    b.decided(world, types=("warning",), fine=0)  # 警告: not published
    return batch_for(world.officer.user)


def test_samples_are_the_export_of_the_demo_like_cases(pub):
    batch = build(pub)
    assert [r.operation for r in batch.records].count(f.CHANGE) == 1 and len(batch.exclusions) == 1
    assert not batch.invalid
    if os.environ.get("SAMPLES_WRITE") == "1":
        SAMPLES.mkdir(parents=True, exist_ok=True)
        for fmt in formats.CONTENT_TYPES:
            (SAMPLES / f"xzcf-shuanggongshi.{fmt}").write_bytes(formats.as_bytes(batch.records, fmt))
    expected = [r.values for r in batch.records]
    for fmt in formats.CONTENT_TYPES:
        path = SAMPLES / f"xzcf-shuanggongshi.{fmt}"
        if not path.exists():
            pytest.fail(f"{path} missing: run with SAMPLES_WRITE=1")
        parsed = formats.parse(path.read_bytes(), fmt)
        assert parsed == expected, fmt
        assert all(f.validate(values, today=TODAY) == [] for values in parsed)
