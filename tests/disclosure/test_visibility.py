"""Another township's decisions never appear: page, export and the unit filter start from the user's scope."""

import pytest

from casemgmt.disclosure.records import PeriodError, disclosure_cases
from tests.disclosure.conftest import decided_case
from tests.disclosure.support import batch_for


def test_an_officer_of_another_township_sees_no_record_of_ours(pub, client):
    case = decided_case(pub)
    assert [r.case_id for r in batch_for(pub.officer.user).records] == [case.pk]
    assert batch_for(pub.outsider.user).records == []
    client.force_login(pub.outsider.user)
    page = client.get("/disclosure/", {"from": "2026-01-01", "to": "2026-12-31"})
    assert page.status_code == 200 and case.number not in page.content.decode()
    export = client.get("/disclosure/export.csv", {"from": "2026-01-01", "to": "2026-12-31"})
    body = b"".join(export.streaming_content).decode("utf-8")
    assert export.status_code == 200 and "陈某" not in body and body.count("\r\n") == 1


def test_another_townships_unit_cannot_be_chosen(pub, client):
    decided_case(pub)
    with pytest.raises(PeriodError):
        disclosure_cases(user=pub.outsider.user, unit=pub.township)
    client.force_login(pub.outsider.user)
    response = client.get("/disclosure/export.json", {"unit": pub.township.pk})
    assert response.status_code == 400 and "无权查看" in response.content.decode()
    page = client.get("/disclosure/", {"unit": pub.brigade.pk})
    assert page.status_code == 400


def test_the_justice_bureau_sees_every_township(pub):
    case = decided_case(pub)
    assert [r.case_id for r in batch_for(pub.evaluator.user).records] == [case.pk]
    assert [r.case_id for r in batch_for(pub.evaluator.user, unit=pub.other_township).records] == []
    assert [r.case_id for r in batch_for(pub.evaluator.user, unit=pub.township).records] == [case.pk]


def test_an_anonymous_visitor_is_sent_to_login(client):
    assert client.get("/disclosure/").status_code == 302
    assert client.get("/disclosure/export.csv").status_code == 302
