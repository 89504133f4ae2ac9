"""API actions run through the same flow engine as the web UI: the case's task inbox stays in step."""

import pytest
from django.urls import reverse

from casemgmt.cases import models as m
from tests.api.conftest import action_url
from workflows import engine


@pytest.mark.django_db
def test_api_clue_starts_flow_and_filing_completes_the_filing_task(world, client_for):
    officer, head = client_for(world.officer), client_for(world.head)
    created = officer.post(
        reverse("api:clue-register"),
        {
            "handling_unit": world.brigade.pk,
            "source": "inspection",
            "summary": "巡查发现占道经营",
            "discovered_on": "2026-03-02",
            "cause": "擅自占用城市道路经营",
        },
        format="json",
    ).json()
    case = m.Case.objects.get(pk=created["case"])
    process = engine.process_of(case)
    assert process is not None
    before = {t.flow_task.name for t in engine.open_tasks(process)}
    response = head.post(
        action_url(case.pk, "file"),
        {
            "officers": [world.officer.pk, world.colleague.pk],
            "lead": world.officer.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-03",
            "violation_start": "2026-03-01",
            "violation_end": "2026-03-02",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    after = {t.flow_task.name for t in engine.open_tasks(process)}
    assert before != after and before - after


@pytest.mark.django_db
def test_refused_api_action_leaves_flow_tasks_open(world, client_for):
    officer, head = client_for(world.officer), client_for(world.head)
    created = officer.post(
        reverse("api:clue-register"),
        {
            "handling_unit": world.brigade.pk,
            "source": "inspection",
            "summary": "巡查发现占道经营",
            "discovered_on": "2026-03-02",
            "cause": "擅自占用城市道路经营",
        },
        format="json",
    ).json()
    case = m.Case.objects.get(pk=created["case"])
    process = engine.process_of(case)
    before = [t.pk for t in engine.open_tasks(process)]
    response = head.post(
        action_url(case.pk, "file"),
        {
            "officers": [world.officer.pk],
            "lead": world.officer.pk,
            "approved_by": world.mayor.pk,
            "on": "2026-03-03",
            "violation_start": "2026-03-01",
            "violation_end": "2026-03-02",
        },
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "APL-42-TWO-CERTIFIED-OFFICERS"
    assert [t.pk for t in engine.open_tasks(process)] == before
