"""Two devices submit the same action at the same moment: the row lock lets exactly one win (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from casemgmt.cases import models as m
from tests import builders as b
from tests.api.conftest import action_url


def post_concurrently(clients, url, body) -> list:
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def run(index, client):
        try:
            barrier.wait(timeout=10)
            responses[index] = client.post(url, body, format="json")
        finally:
            connections.close_all()  # this thread's connection, or the test database cannot be dropped

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_filing_the_same_case_twice_at_once_files_it_once_and_the_other_gets_409(world, client_for):
    if connection.vendor != "postgresql":
        reason = f"needs PostgreSQL row locks; the database is {connection.vendor} (set DATABASE_URL)"
        print(reason)
        pytest.skip(reason)
    for _ in range(3):
        case = b.clue(world)
        case.refresh_from_db()  # the builder added a party after returning its copy
        body = {
            "officers": [world.officer.pk, world.colleague.pk],
            "lead": world.officer.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-03",
            "violation_start": "2026-03-01",
            "expected_version": case.version,
        }
        responses = post_concurrently(
            [client_for(world.head), client_for(world.officer)], action_url(case, "file"), body
        )

        assert sorted(r.status_code for r in responses) == [200, 409], [r.json() for r in responses]
        loser = next(r for r in responses if r.status_code == 409)
        assert loser.json()["errors"][0]["rule"] == "CONFLICT"
        case.refresh_from_db()
        assert case.status == m.CaseStatus.INVESTIGATION
        assert case.version == responses[[r.status_code for r in responses].index(200)].json()["version"]
        assert case.officers.count() == 2
        assert case.events.filter(action="file").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_without_a_version_decide_once(world, client_for):
    if connection.vendor != "postgresql":
        reason = f"needs PostgreSQL row locks; the database is {connection.vendor} (set DATABASE_URL)"
        print(reason)
        pytest.skip(reason)
    case = b.noticed(world)
    body = {
        "kind": "penalty",
        "on": "2026-03-20",
        "facts": "占道经营事实",
        "legal_basis": "《城市道路管理条例》第四十二条",
        "penalty_types": ["fine"],
        "fine_amount": "500",
        "correction_order": "责令当事人立即停止占道经营",
    }
    responses = post_concurrently([client_for(world.mayor), client_for(world.mayor)], action_url(case, "decide"), body)

    assert sorted(r.status_code for r in responses) == [200, 409], [r.json() for r in responses]
    assert case.decisions.count() == 1
    assert case.events.filter(action="decide").count() == 1
