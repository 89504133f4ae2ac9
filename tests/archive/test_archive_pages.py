"""The archive pages: archiving from the record page, the retention shown, the search page with facets."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from casemgmt.archive.models import ArchiveRecord
from casemgmt.cases import models as m
from tests.archive.conftest import reindex


def login(persona) -> Client:
    client = Client()
    client.force_login(persona.user)
    return client


def test_the_head_archives_a_closed_case_and_everyone_in_the_unit_sees_the_retention(world, closed):
    url = reverse("archive:record", args=[closed.pk])
    assert "归档" in login(world.head).get(url).content.decode()
    response = login(world.head).post(reverse("archive:archive_action", args=[closed.pk]), {"on": "2026-04-02"})
    assert response.status_code == 302
    record = ArchiveRecord.objects.get(case=closed)
    assert record.archived_on == dt.date(2026, 4, 2)
    page = login(world.officer).get(url).content.decode()
    assert "永久" in page and record.archive_number in page
    assert login(world.outsider).get(url).status_code == 404


def test_an_officer_cannot_archive_and_is_told_why(world, closed):
    response = login(world.officer).post(reverse("archive:archive_action", args=[closed.pk]), {"on": "2026-04-02"})
    assert response.status_code == 302
    assert not ArchiveRecord.objects.exists()
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.CLOSED


def test_the_search_page_shows_hits_snippets_facets_and_the_nav_link(world, closed):
    reindex(closed)
    page = login(world.officer).get(reverse("archive:search"), {"q": "占道"}).content.decode()
    assert closed.number in page
    assert "<mark>占道</mark>" in page
    assert "城关镇综合行政执法大队" in page  # the unit facet is labelled
    assert "给予处罚" in page
    assert reverse("archive:search") in login(world.officer).get(reverse("web:case_list")).content.decode()
