"""Counting the SQL statements of a request: a case walked through the JSON API, a history padded with events.

A request's statements are counted inside the test's transaction, which never commits: what an act defers to
after its commit (the dashboard refresh, the search index) is captured, not run, so the count is the request's own
work. ``with_side_effects=True`` runs the captured callbacks inside the count, as the request did before those
side effects moved to background jobs; it only sees callbacks registered during the request, so reset
``connection._dashboard_pending_refresh`` and ``connection._archive_pending_index`` first (an earlier request's
never-committed callback would otherwise collect this request's cases).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from casemgmt.cases import models as m
from casemgmt.cases.services.base import record_event
from tests.api.conftest import action_url, detail_url


@dataclass
class Counted:
    statements: int
    sql: list[str]
    status: int

    def by_table(self) -> Counter:
        """How many statements touch each table (first table named after FROM/INTO/UPDATE): what to look at when a
        ceiling is exceeded."""
        counts: Counter = Counter()
        for sql in self.sql:
            words = sql.replace('"', "").split()
            upper = [w.upper() for w in words]
            for keyword in ("FROM", "INTO", "UPDATE"):
                if keyword in upper:
                    counts[words[upper.index(keyword) + 1]] += 1
                    break
            else:
                counts[words[0]] += 1
        return counts


def count_statements(request: Callable[[], object], *, with_side_effects: bool = False) -> Counted:
    """The statements ``request()`` sends to the database (optionally with the after-commit work it deferred)."""
    from django.test import TestCase

    capture = TestCase.captureOnCommitCallbacks(execute=True) if with_side_effects else contextlib.nullcontext()
    with CaptureQueriesContext(connection) as queries, capture:
        response = request()
    return Counted(len(queries), [q["sql"] for q in queries.captured_queries], getattr(response, "status_code", 0))


# The ordinary procedure up to the decision, as the API happy path drives it; each step (persona, code, body).
def ordinary_steps(world) -> list[tuple[object, str, dict]]:
    officers = [world.officer.pk, world.colleague.pk]
    return [
        (
            world.officer,
            "add_party",
            {"kind": "citizen", "name": "陈某", "id_number": "110101199003077571", "address": "城关镇人民路1号"},
        ),
        (
            world.head,
            "file",
            {
                "officers": officers,
                "lead": world.officer.pk,
                "approved_by": world.mayor.pk,
                "on": "2026-03-03",
                "violation_start": "2026-03-01",
                "violation_end": "2026-03-02",
                "facts_summary": "当事人在人民路占用人行道摆摊经营",
            },
        ),
        (
            world.officer,
            "add_record",
            {
                "kind": "inspection",
                "started_at": "2026-03-04T10:00:00+08:00",
                "ended_at": "2026-03-04T11:00:00+08:00",
                "place": "人民路",
                "content": "现场检查情况",
                "signers": officers,
                "party_signed_pages": 1,
                "rights_told": True,
            },
        ),
        (
            world.officer,
            "submit_report",
            {
                "on": "2026-03-10",
                "facts": "占道经营",
                "evidence_summary": "现场笔录、照片",
                "nature": "违反《城市道路管理条例》第二十七条",
                "legal_basis": "《城市道路管理条例》第四十二条",
                "discretion_reasons": "初次违法，一般情节",
                "penalty_types": ["fine"],
                "fine_amount": "500.00",
            },
        ),
        (
            world.reviewer,
            "review",
            {"kind": "case", "result": "approve", "opinion": "事实清楚，证据确凿", "on": "2026-03-11"},
        ),
        (
            world.officer,
            "issue_notice",
            {
                "on": "2026-03-12",
                "facts_and_reasons": "占道经营，依据……",
                "penalty_types": ["fine"],
                "fine_amount": "500",
            },
        ),
        (world.officer, "serve_notice", {"method": "direct", "recipient": "陈某", "delivered_on": "2026-03-12"}),
        (
            world.mayor,  # the township's head decides (APL Art. 57)
            "decide",
            {
                "kind": "penalty",
                "on": "2026-03-20",
                "facts": "占道经营事实",
                "legal_basis": "《城市道路管理条例》第四十二条",
                "penalty_types": ["fine"],
                "fine_amount": "500",
                "performance": "十五日内到指定银行缴纳",
                "remedy": "六十日内申请行政复议或六个月内提起行政诉讼",
                "correction_order": "责令当事人立即停止占道经营",
            },
        ),
    ]


class ApiCase:
    """One ordinary case registered and driven through the JSON API, as a field device does it."""

    def __init__(self, world):
        self.world = world
        self.steps = ordinary_steps(world)
        self.done = 0
        self._clients: dict[int, APIClient] = {}
        response = self.client(world.officer).post(
            reverse("api:clue-register"),
            {
                "handling_unit": world.brigade.pk,
                "source": "inspection",
                "summary": "巡查发现某商户占用人行道经营",
                "discovered_on": "2026-03-02",
                "cause": "擅自占用城市道路经营",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        self.pk = response.json()["case"]

    def client(self, persona) -> APIClient:
        if persona.pk not in self._clients:
            client = APIClient()
            client.force_login(persona.user)
            self._clients[persona.pk] = client
        return self._clients[persona.pk]

    def post(self, persona, code: str, body: dict):
        response = self.client(persona).post(action_url(self.pk, code), body, format="json")
        assert response.status_code == 200, (code, response.json())
        return response

    def advance_to(self, code: str) -> tuple[object, str, dict]:
        """Take every step before ``code``; returns the step ``code`` itself (persona, code, body)."""
        while self.steps[self.done][1] != code:
            self.post(*self.steps[self.done])
            self.done += 1
        return self.steps[self.done]

    def detail(self, persona):
        return self.client(persona).get(detail_url(self.pk))

    @property
    def case(self) -> m.Case:
        return m.Case.objects.get(pk=self.pk)


def pad_history(case_pk: int, events: int, *, actor) -> None:
    """Append ``events`` more events to the case's hash-chained log (the chain and its head stay valid)."""
    case = m.Case.objects.get(pk=case_pk)
    for n in range(events):
        record_event(case, action="note", summary=f"补充记录{n}", actor=actor, payload={"n": n})
