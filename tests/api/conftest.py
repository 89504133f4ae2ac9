"""API test helpers: a logged-in client per persona, a frozen clock, a throwaway media folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casemgmt.cases import models as m

TODAY = dt.datetime(2026, 4, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# Tables whose rows an action may add; a refused action must leave every count unchanged.
STAGE_MODELS = (
    m.Party,
    m.CaseOfficer,
    m.Record,
    m.EvidenceItem,
    m.Measure,
    m.InvestigationReport,
    m.ReviewOpinion,
    m.Notice,
    m.Statement,
    m.Hearing,
    m.CollectiveDiscussion,
    m.DeadlineExtension,
    m.Suspension,
    m.Decision,
    m.ServiceRecord,
    m.Payment,
    m.Deferment,
    m.RemedyChallenge,
    m.Reminder,
    m.CourtApplication,
    m.Disclosure,
    m.Closing,
    m.CaseEvent,
)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def action_url(case, code: str) -> str:
    """URL of an action on ``case`` (a Case or its id)."""
    return reverse(f"api:case-action-{code}", kwargs={"pk": getattr(case, "pk", case)})


def detail_url(case) -> str:
    return reverse("api:case-detail", kwargs={"pk": getattr(case, "pk", case)})


def snapshot(case) -> dict:
    """Everything an action could change about a case, to assert that a refused one changed nothing."""
    fresh = m.Case.objects.get(pk=case.pk)
    state = {"version": fresh.version, "status": fresh.status, "number": fresh.number, "decided_on": fresh.decided_on}
    for model in STAGE_MODELS:
        state[model.__name__] = model.objects.filter(case=case).count()
    return state


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
