"""The case list: filters, pagination and a query count that does not grow with the number of cases."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b
from tests.api.conftest import detail_url
from tests.factories import CaseFactory

LIST = reverse("api:case-list")


def ids(client, **query):
    response = client.get(LIST, query)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_filters_by_status_procedure_unit_filing_dates_and_text(world, client_for):
    early = b.filed(world, filed_on=dt.date(2026, 3, 3))
    late = b.filed(
        world, filed_on=dt.date(2026, 3, 20), discovered_on=dt.date(2026, 3, 19), party_kind=m.PartyKind.ORGANISATION
    )
    clue = b.clue(world)
    summary = b.clue(world, procedure=m.ProcedureType.SUMMARY)
    client = client_for(world.officer)

    assert ids(client) == {early.pk, late.pk, clue.pk, summary.pk}
    assert ids(client, status="investigation") == {early.pk, late.pk}
    assert ids(client, status=["clue", "investigation"]) == {early.pk, late.pk, clue.pk, summary.pk}
    assert ids(client, procedure="summary") == {summary.pk}
    assert ids(client, handling_unit=world.brigade.pk) == {early.pk, late.pk, clue.pk, summary.pk}
    assert ids(client, handling_unit=world.other_brigade.pk) == set()
    assert ids(client, filed_on_after="2026-03-10") == {late.pk}
    assert ids(client, filed_on_after="2026-03-01", filed_on_before="2026-03-03") == {early.pk}
    assert ids(client, q="商贸") == {late.pk}  # party name
    assert ids(client, q=early.number) == {early.pk}  # case number
    assert ids(client, q="占用城市道路") == {early.pk, late.pk, clue.pk, summary.pk}  # cause


@pytest.mark.django_db
def test_bad_filter_value_is_a_400_naming_the_filter(world, client_for):
    response = client_for(world.officer).get(LIST, {"status": "nonsense", "filed_on_after": "yesterday"})
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"status", "filed_on"}


@pytest.mark.django_db
def test_list_rows_carry_parties_units_and_a_link(world, client_for):
    case = b.filed(world)
    row = client_for(world.officer).get(LIST).json()["results"][0]
    assert row["id"] == case.pk
    assert row["party_names"] == ["陈某"]
    assert row["handling_unit"]["name"] == "城关镇综合行政执法大队"
    assert row["enforcement_subject"]["name"] == "城关镇人民政府"
    assert row["url"].endswith(f"/api/cases/{case.pk}/")
    assert row["status_display"] == "调查取证"


@pytest.mark.django_db
def test_list_is_paginated(world, client_for):
    for _ in range(3):
        CaseFactory(handling_unit=world.brigade)
    page = client_for(world.officer).get(LIST, {"page_size": 2}).json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"]


def make_cases(world, count):
    for i in range(count):
        case = CaseFactory(handling_unit=world.brigade, number=f"城关镇立〔2026〕{i + 100}号")
        m.Party.objects.create(case=case, kind=m.PartyKind.CITIZEN, name=f"当事人{i}")
        m.Party.objects.create(case=case, kind=m.PartyKind.ORGANISATION, name=f"某公司{i}")


def count_queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_list_query_count_is_the_same_for_3_and_30_cases(world, client_for):
    client = client_for(world.officer)
    make_cases(world, 3)
    few = count_queries(client)
    filtered_few = count_queries(client, q="当事人", status="investigation")
    make_cases(world, 27)
    assert len(client.get(LIST).json()["results"]) == 30
    assert count_queries(client) == few
    assert count_queries(client, q="当事人", status="investigation") == filtered_few


@pytest.mark.django_db
def test_detail_query_count_does_not_grow_with_the_case_history(world, client_for):
    case = b.served(world)
    client = client_for(world.officer)

    def pay(day: int) -> None:
        s.payment_record(
            case=case, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=100, paid_on=dt.date(2026, 3, day)
        )

    # The facts read one query per stage table in use (an empty stage costs none), so the first page already has
    # a payment and the disclosure: what must not grow is the cost of more rows of the same kinds.
    s.disclosure_publish(
        case=case, actor=world.officer.user, on=dt.date(2026, 3, 24), channel="县政府网站", content="公示"
    )
    pay(25)
    with CaptureQueriesContext(connection) as first:
        assert client.get(detail_url(case)).status_code == 200
    pay(26)
    pay(27)
    with CaptureQueriesContext(connection) as second:
        detail = client.get(detail_url(case)).json()
    assert len(detail["stages"]["payments"]) == 3 and len(detail["events"]) > 10
    assert len(second) == len(first)
