"""One clue per (platform, source id): repeats answer the first clue, changed content is refused."""

import threading

import pytest
from django.db import connection

from casemgmt.cases import models as m
from casemgmt.intake.models import IntakeClue

from .conftest import post

pytestmark = pytest.mark.django_db


def test_the_same_work_order_twice_is_one_clue(world, hotline_client, work_order):
    first = post(hotline_client, work_order)
    second = post(hotline_client, work_order)
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["created"] is False
    assert second.json()["clue"] == first.json()["clue"]
    assert second.json()["url"] == first.json()["url"]
    assert IntakeClue.objects.count() == m.Case.objects.count() == 1


def test_the_same_id_with_other_content_is_409_and_nothing_changes(world, hotline_client, work_order):
    post(hotline_client, work_order)
    case = IntakeClue.objects.get().case
    before = (case.version, case.events.count(), case.clue.summary)
    work_order["facts"] = "另一件事"
    response = post(hotline_client, work_order)
    assert response.status_code == 409
    assert "已推送过，内容与本次不同" in response.json()["errors"][0]["message"]
    case.refresh_from_db()
    assert (case.version, case.events.count(), case.clue.summary) == before
    assert IntakeClue.objects.count() == m.Case.objects.count() == 1


def test_the_same_id_from_another_platform_is_another_clue(world, hotline_client, work_order):
    from casemgmt.intake.services import platform_create, platform_issue_token

    from .conftest import token_client

    other = platform_create(name="市级12345热线", kind="hotline", units=[world.brigade])
    _t, key = platform_issue_token(platform=other)
    assert post(hotline_client, work_order).status_code == 201
    assert post(token_client(key), work_order).status_code == 201
    assert IntakeClue.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and a real unique index race: PostgreSQL")
def test_two_simultaneous_deliveries_create_one_clue(world, hotline, work_order):
    from casemgmt.intake.services import platform_issue_token

    from .conftest import token_client

    keys = [platform_issue_token(platform=hotline)[1] for _ in range(2)]
    barrier = threading.Barrier(2)
    results = []

    def deliver(key):
        try:
            barrier.wait(timeout=10)
            results.append(post(token_client(key), work_order).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(key,)) for key in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == [200, 201]
    assert IntakeClue.objects.count() == m.Case.objects.count() == 1
