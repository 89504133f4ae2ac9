"""Search never shows what the user may not open: hits, totals, facets, snippets and exports all come from the
user's visible set (a township officer must not learn that another township's case exists)."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.cases.services.assist import case_assist_add
from tests.archive.conftest import closed_case, reindex
from tests.openapi import DocumentedAPIClient

SECRET = "孙秘密"  # the other township's party: nobody in 城关镇 may learn of it


@pytest.fixture
def two_townships(world, django_capture_on_commit_callbacks):
    own = closed_case(world)
    with django_capture_on_commit_callbacks(execute=True):  # the case-file job runs after the archiving commits
        archive_case(case=own, actor=world.head.user, on=dt.date(2026, 4, 2))
    other = closed_case(world)
    # Test setup: the second case belongs to 河西镇 (the builders always file in 城关镇).
    m.Case.objects.filter(pk=other.pk).update(
        enforcement_subject=world.other_brigade, handling_unit=world.other_brigade, number="河西镇立〔2026〕9号"
    )
    m.Party.objects.filter(case=other).update(name=SECRET, id_number="330102198805054417")
    reindex(own, other)
    return own, other


def web(persona):
    from django.test import Client

    client = Client()
    client.force_login(persona.user)
    return client


def api(persona):
    client = DocumentedAPIClient()
    client.force_login(persona.user)
    return client


def search_json(persona, **params):
    response = api(persona).get(reverse("api:archive:search"), params)
    assert response.status_code == 200, response.content
    return response.json()


def export_rows(persona, **params):
    response = web(persona).get(reverse("archive:export"), params)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [row for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("q", ["占道", "陈某", "", "河西镇立〔2026〕9号", SECRET, "330102198805054417", "5054417"])
def test_a_township_officer_sees_only_own_cases_in_hits_counts_and_facets(world, two_townships, q):
    own, other = two_townships
    body = search_json(world.officer, q=q)
    assert {r["case"] for r in body["results"]} <= {own.pk}
    assert body["total"] == len(body["results"])
    units = {f["value"] for f in body["facets"].get("unit", [])} | {
        f["value"] for f in body["facets"].get("subject", [])
    }
    assert str(world.other_brigade.pk) not in units
    assert sum(f["count"] for f in body["facets"].get("archived", [])) == body["total"]
    text = str(body)
    assert SECRET not in text and "河西" not in text and "5054417" not in text


def test_the_other_townships_officer_sees_only_theirs(world, two_townships):
    own, other = two_townships
    body = search_json(world.outsider, q="占道")
    assert [r["case"] for r in body["results"]] == [other.pk]
    assert own.number not in str(body) and "陈某" not in str(body)


def test_the_justice_bureau_sees_every_township(world, two_townships):
    body = search_json(world.evaluator, q="占道")
    assert body["total"] == 2
    assert {f["value"] for f in body["facets"]["unit"]} == {str(world.brigade.pk), str(world.other_brigade.pk)}


def test_an_assisting_unit_sees_the_case_it_assists(world, two_townships):
    own, _ = two_townships
    assert search_json(world.county_officer, q="占道")["total"] == 0
    m.Case.objects.filter(pk=own.pk).update(status=m.CaseStatus.CLOSED)  # assisting needs an unarchived case
    case_assist_add(case=own, actor=world.head.user, unit=world.county_dept, on=dt.date(2026, 4, 3))
    reindex(own)
    assert [r["case"] for r in search_json(world.county_officer, q="占道")["results"]] == [own.pk]


def test_snippets_come_only_from_visible_cases(world, two_townships):
    body = search_json(world.officer, q="陈某")
    assert body["results"][0]["snippets"]
    assert all("<mark>陈某</mark>" in s["html"] for s in body["results"][0]["snippets"][:1])
    page = web(world.officer).get(reverse("archive:search"), {"q": SECRET})
    assert page.status_code == 200
    assert SECRET not in page.content.decode().replace(f'value="{SECRET}"', "")


def test_exports_contain_only_visible_cases(world, two_townships):
    own, other = two_townships
    assert [r[0] for r in export_rows(world.officer, q="占道")] == [own.number]
    assert [r[0] for r in export_rows(world.officer, q=SECRET)] == []
    assert sorted(r[0] for r in export_rows(world.evaluator)) == sorted([own.number, "河西镇立〔2026〕9号"])


def test_filtering_by_another_townships_unit_reveals_nothing(world, two_townships):
    body = search_json(world.officer, unit=str(world.other_brigade.pk))
    assert (body["total"], body["results"], body["facets"]) == (0, [], {})


def test_the_case_file_link_is_404_for_outsiders(world, two_townships):
    own, _ = two_townships
    assert web(world.outsider).get(reverse("archive:case_file", args=[own.pk])).status_code == 404
    assert web(world.outsider).get(reverse("archive:record", args=[own.pk])).status_code == 404
    assert api(world.outsider).get(reverse("api:archive:record", args=[own.pk])).status_code == 404


def test_every_hit_links_to_its_case_file_pdf(world, two_townships):
    own, _ = two_townships
    hit = search_json(world.officer, q="占道")["results"][0]
    assert hit["case_file_url"] is not None  # the case-file job built the PDF and the index links it
    response = web(world.officer).get(hit["case_file_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_anonymous_users_get_nothing(world, two_townships):
    assert DocumentedAPIClient().get(reverse("api:archive:search"), {"q": "占道"}).status_code in (401, 403)
    from django.test import Client

    assert Client().get(reverse("archive:search"), {"q": "占道"}).status_code == 302
