"""Officer pages speak plain Chinese (issue 16): no raw SHA-256, no search-engine or database names on the case
list, the case page, its documents, the archive record and the archive search. Only the public verification page
of a printed document shows the file's SHA-256, which is what the reader compares."""

import html
import re

from django.test import Client
from django.urls import reverse

from documents.models import Document
from tests.archive.conftest import reindex

TECHNICAL = re.compile(r"SHA-?256|\bFTS\d?\b|SQLite|Elasticsearch|OpenSearch|PostgreSQL|tsvector", re.I)
HEX_HASH = re.compile(r"\b[0-9a-f]{40,64}\b")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def login(persona) -> Client:
    client = Client()
    client.force_login(persona.user)
    return client


def test_the_main_officer_pages_show_no_technical_words_or_raw_hashes(world, closed):
    head = login(world.head)
    assert head.post(reverse("archive:archive_action", args=[closed.pk]), {"on": "2026-04-02"}).status_code == 302
    reindex(closed)
    document = Document.objects.filter(case=closed).exclude(sha256="").first()
    assert document is not None
    officer = login(world.officer)
    pages = {
        "案件列表": reverse("web:case_list"),
        "案件页": reverse("web:case_detail", args=[closed.pk]),
        "案件文书": reverse("documents:case", args=[closed.pk]),
        "文书": reverse("documents:detail", args=[document.pk]),
        "归档记录": reverse("archive:record", args=[closed.pk]),
        "案卷检索": reverse("archive:search") + "?q=占道",
    }
    for name, url in pages.items():
        response = officer.get(url)
        assert response.status_code == 200, name
        text = visible_text(response.content.decode())
        assert not TECHNICAL.search(text), (name, TECHNICAL.search(text))
        assert not HEX_HASH.search(text), (name, HEX_HASH.search(text))
    assert closed.number in visible_text(officer.get(pages["案卷检索"]).content.decode())  # a real hit was scanned


def test_the_public_verification_page_keeps_the_file_hash(world, closed):
    document = Document.objects.filter(case=closed).exclude(sha256="").exclude(verification_code="").first()
    text = visible_text(Client().get(reverse("documents:verify", args=[document.verification_code])).content.decode())
    assert document.sha256 in text and TECHNICAL.search(text)
