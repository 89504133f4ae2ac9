"""samples/statistics/ holds the county tables of the small county year of ``annual_world`` plus, on the warned
case, its 复议 concluded with the fine changed and a lawsuit after it, upheld: the JSON there is what the code
produces today. ``UPDATE_SAMPLES=1`` rewrites the JSON and the .xlsx after a deliberate change of a figure or of the
layout."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.supervision.annual import annual_statistics
from casemgmt.supervision.annual_export import annual_data, annual_json, annual_xlsx
from tests.supervision.annual_world import build, local, travel

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "statistics"
GENERATED = local(2027, 1, 4, 9)


def _without_ids(data: dict) -> dict:
    return {**data, "units": [{**u, "unit_id": None} for u in data["units"]]}


def test_the_samples_are_what_the_code_produces(world):
    county = build(world)
    with travel(2026, 9, 1, 10):
        challenge = county.warned.remedychallenges.get()
        s.challenge_conclude(
            challenge=challenge,
            actor=world.officer.user,
            ended_on=dt.date(2026, 8, 20),
            result=m.RemedyResult.CHANGED,
            outcome="县人民政府行政复议决定将罚款变更为300元",
        )
        s.challenge_record(
            case=county.warned,
            actor=world.officer.user,
            kind=m.RemedyKind.LITIGATION,
            filed_on=dt.date(2026, 8, 24),
            ended_on=dt.date(2026, 8, 31),
            result=m.RemedyResult.UPHELD,
            outcome="县人民法院判决驳回原告诉讼请求",
        )
    with travel(2027, 1, 4, 9):
        annual = annual_statistics(year=2026, unit=None, generated_at=GENERATED)
    if os.environ.get("UPDATE_SAMPLES"):
        data = _without_ids(annual_data(annual))
        (SAMPLES / "annual-statistics-2026-county.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (SAMPLES / "annual-statistics-2026-county.xlsx").write_bytes(annual_xlsx(annual))
    stored = json.loads((SAMPLES / "annual-statistics-2026-county.json").read_text(encoding="utf-8"))
    assert _without_ids(json.loads(annual_json(annual))) == stored
