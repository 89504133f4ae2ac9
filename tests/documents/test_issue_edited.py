"""签发 from the edit form issues the text as edited (saved and issued in one transaction; a refusal saves and
issues nothing and names the fields); 预览 renders the PDF of the form as submitted without saving, issuing or
allocating a 文号, and only for people who may see the case."""

import io
import threading

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from casemgmt.cases.services import ConflictError
from casemgmt.cases.textlimits import FACTS_MAX
from documents import services as ds
from documents.models import AllocatedNumber, Document, NumberSequence
from tests import builders as b
from tests.documents.support import CORRECTION, pdf_text, squash

EDITED = "在人民路东侧人行道摆设水果摊位"


@pytest.fixture
def draft(sealed):
    case = b.filed(sealed)
    doc = ds.document_draft(case=case, actor=sealed.officer.user, type_code="zlgz_tzs", values=CORRECTION)
    return Document.objects.get(pk=doc.pk)


def form(doc, **changes):
    values = {f["key"]: doc.values.get(f["key"], "") for f in doc.document_type.fields}
    return {**values, **changes}


def numbers_allocated() -> int:
    return sum(NumberSequence.objects.values_list("last", flat=True))


def text_of(pdf: bytes) -> str:
    return squash("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_issue_from_the_form_issues_the_edited_text(client, sealed, draft):
    client.force_login(sealed.officer.user)
    response = client.post(reverse("documents:issue_edited", args=[draft.pk]), form(draft, violation=EDITED))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "issued" and draft.number
    assert draft.values["violation"] == EDITED and draft.snapshot["values"]["violation"] == EDITED
    assert EDITED in squash(pdf_text(draft)) and CORRECTION["violation"] not in squash(pdf_text(draft))


def test_a_second_click_is_refused_and_keeps_the_one_number(client, sealed, draft):
    client.force_login(sealed.officer.user)
    url = reverse("documents:issue_edited", args=[draft.pk])
    client.post(url, form(draft, violation=EDITED))
    draft.refresh_from_db()
    number, before = draft.number, numbers_allocated()
    again = client.post(url, form(draft, violation="另一段文字"), follow=True)
    assert "不能修改" in again.content.decode()
    draft.refresh_from_db()
    assert draft.number == number and numbers_allocated() == before
    assert draft.values["violation"] == EDITED


def test_an_invalid_edit_saves_and_issues_nothing_and_names_the_field(client, sealed, draft):
    client.force_login(sealed.officer.user)
    before = numbers_allocated()
    response = client.post(
        reverse("documents:issue_edited", args=[draft.pk]),
        form(draft, violation="占" * (FACTS_MAX + 1), correction="另行改正"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="form-errors"' in html and "违法行为：" in html
    assert 'data-testid="field-error-violation"' in html
    assert "另行改正" in html  # the form comes back as submitted, nothing lost
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.number and numbers_allocated() == before
    assert (
        draft.values["violation"] == CORRECTION["violation"] and draft.values["correction"] == CORRECTION["correction"]
    )


def test_emptying_a_required_element_refuses_the_issue_and_keeps_the_saved_draft(client, sealed, draft):
    client.force_login(sealed.officer.user)
    before = numbers_allocated()
    response = client.post(
        reverse("documents:issue_edited", args=[draft.pk]), form(draft, violation=EDITED, correction="")
    )
    # Refused by the content rule (a 责令改正通知书 states the correction required), before the element check.
    assert response.status_code == 422
    html = response.content.decode()
    assert "改正要求" in html and 'data-testid="field-error-correction"' in html
    assert EDITED in html
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.number and numbers_allocated() == before
    assert draft.values["violation"] == CORRECTION["violation"]  # the edit was rolled back with the issue


def test_preview_renders_the_submitted_text_without_saving_issuing_or_numbering(client, sealed, draft):
    client.force_login(sealed.officer.user)
    before = numbers_allocated()
    response = client.post(reverse("documents:preview", args=[draft.pk]), form(draft, violation=EDITED))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = text_of(response.content)
    assert EDITED in text and "预览（未签发）" in text and "改〔" not in text
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.number and not draft.verification_code
    assert draft.values["violation"] == CORRECTION["violation"] and numbers_allocated() == before
    saved = client.get(reverse("documents:preview", args=[draft.pk]))
    assert saved.status_code == 200 and squash(CORRECTION["violation"]) in text_of(saved.content)


def test_preview_of_an_invalid_form_shows_the_errors(client, sealed, draft):
    client.force_login(sealed.officer.user)
    response = client.post(reverse("documents:preview", args=[draft.pk]), form(draft, violation="占" * (FACTS_MAX + 1)))
    assert response.status_code == 400 and "违法行为：" in response.content.decode()


def test_preview_of_an_issued_document_is_its_issued_pdf(client, sealed, draft):
    client.force_login(sealed.officer.user)
    client.post(reverse("documents:issue_edited", args=[draft.pk]), form(draft))
    response = client.get(reverse("documents:preview", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("documents:pdf", args=[draft.pk])


def test_outsiders_get_404_and_viewers_preview_only_the_saved_values(client, sealed, draft):
    client.force_login(sealed.outsider.user)
    assert client.get(reverse("documents:preview", args=[draft.pk])).status_code == 404
    assert client.post(reverse("documents:preview", args=[draft.pk]), form(draft, violation=EDITED)).status_code == 404
    assert client.post(reverse("documents:issue_edited", args=[draft.pk]), form(draft)).status_code == 404
    client.force_login(sealed.evaluator.user)
    assert client.get(reverse("documents:preview", args=[draft.pk])).status_code == 200
    assert client.post(reverse("documents:preview", args=[draft.pk]), form(draft, violation=EDITED)).status_code == 403
    assert client.post(reverse("documents:issue_edited", args=[draft.pk]), form(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.values["violation"] == CORRECTION["violation"]


def test_the_draft_page_has_one_form_with_save_preview_and_issue(client, sealed, draft):
    client.force_login(sealed.officer.user)
    html = client.get(reverse("documents:detail", args=[draft.pk])).content.decode()
    assert f'formaction="{reverse("documents:preview", args=[draft.pk])}"' in html
    assert f'formaction="{reverse("documents:issue_edited", args=[draft.pk])}"' in html
    assert reverse("documents:action", args=[draft.pk, "issue"]) not in html


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency needs PostgreSQL row locks (SQLite has no SELECT … FOR UPDATE)",
)
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_click_issues_once_with_one_number(world):
    from django.db import connections

    world.township.seal_name = world.township.name
    world.township.save()
    doc = ds.document_draft(case=b.filed(world), actor=world.officer.user, type_code="zlgz_tzs", values=CORRECTION)
    barrier = threading.Barrier(2)
    issued: list[str] = []
    refused: list[BaseException] = []

    def click(text):
        try:
            barrier.wait()
            ds.document_update_and_issue(document=doc, actor=world.officer.user, values={"violation": text})
            issued.append(text)
        except ConflictError as exc:
            refused.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(t,)) for t in (EDITED, "另一段文字")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(issued) == 1 and len(refused) == 1
    assert AllocatedNumber.objects.filter(document=doc).count() == 1
    doc.refresh_from_db()
    assert doc.status == "issued" and doc.values["violation"] == issued[0] == doc.snapshot["values"]["violation"]
