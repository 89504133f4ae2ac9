"""The cross-unit leak matrix: who gets what from every surface that shows cases.

Personas (rows) × surfaces (columns), each cell one test. The data is built once for the module (two townships of
one county, each with an archived case carrying documents, an evidence file and a case file, plus an open case;
a township of a second county; an evaluation round over both townships; a background job) and every test reads it
through the URLs, inside its own rolled-back savepoint.

Expected outcomes:
- ``SEES`` — 200 and the object is shown;
- ``404`` — an outsider never learns the object exists (the codebase's convention: ``case_get_for_user`` and the
  other access helpers raise 404, never 403);
- ``LOGIN`` — anonymous (and deactivated) visitors are sent to the login page (web) or get 401 (API);
- list surfaces (lists, search hits, facet counts, exports, the inbox, the dashboard) show exactly the cases of
  the units the persona may see, so the case numbers of the other township never appear and the facet counts
  count only the persona's cases.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from casemgmt.org.models import Role, UnitKind
from tests import builders as b
from tests.conftest import World
from tests.factories import UnitFactory, make_officer

pytestmark = pytest.mark.django_db

SEES, HIDDEN, LOGIN = "sees", "404", "login"

# Personas: who they are and which township's cases ("A", "B") they may open.
PERSONAS: dict[str, set[str]] = {
    "officer_a": {"A"},  # an officer of township A's brigade
    "officer_b": {"B"},  # an officer of township B's brigade (the outsider for A)
    "reviewer_a": {"A"},  # township A's legal reviewer (法制审核)
    "head_a": {"A"},  # township A's brigade head (approver)
    "justice": {"A", "B"},  # the county justice bureau's supervisor: reads everything
    "other_county": set(),  # an officer of a township of another county
    "anonymous": set(),
    "deactivated": set(),  # an officer of A whose account was deactivated after logging in
}
SIGNED_OUT = {"anonymous", "deactivated"}


@dataclass
class Data:
    a: World
    b: World
    other_county_officer: object
    deactivated: object
    case_a: object
    case_b: object
    open_a: object
    open_b: object
    doc_a: object
    voided_a: object
    evidence_a: object
    casefile_a: object
    round_: object
    file_a: object
    job_a: object
    numbers: dict = field(default_factory=dict)


def _brigade_world(county, justice, dept, evaluator, *, town: str, prefix: str) -> World:
    township = UnitFactory(name=f"{town}人民政府", kind=UnitKind.TOWNSHIP, parent=county, short_name=town)
    brigade = UnitFactory(
        name=f"{town}综合行政执法大队", kind=UnitKind.BRIGADE, parent=township, short_name=f"{town}综执"
    )
    return World(
        county=county,
        justice=justice,
        county_dept=dept,
        township=township,
        brigade=brigade,
        other_township=None,
        other_brigade=None,
        officer=make_officer(brigade, name=f"{town}执法甲", username=f"{prefix}_officer"),
        colleague=make_officer(brigade, name=f"{town}执法乙", username=f"{prefix}_colleague"),
        third=None,
        head=make_officer(brigade, Role.APPROVER, name=f"{town}队长", username=f"{prefix}_head"),
        mayor=make_officer(township, Role.AGENCY_HEAD, name=f"{town}镇长", username=f"{prefix}_mayor", certified=False),
        reviewer=make_officer(
            township,
            Role.LEGAL_REVIEWER,
            name=f"{town}审核",
            username=f"{prefix}_reviewer",
            certified=False,
            qualification=f"A2020{prefix}",
        ),
        outsider=None,
        county_officer=None,
        evaluator=evaluator,
    )


def _build() -> Data:
    from casemgmt.archive.assembly import assemble_record_case_file
    from casemgmt.archive.indexing import index_now
    from casemgmt.archive.services import archive_case
    from casemgmt.evaluation.rounds import round_create
    from casemgmt.jobs.models import Job, JobState
    from documents.models import CaseFile, Document, DocumentStatus
    from tests.archive.conftest import closed_case

    county = UnitFactory(name="示范县人民政府", kind=UnitKind.COUNTY_GOVERNMENT, short_name="示范县")
    justice = UnitFactory(name="示范县司法局", kind=UnitKind.JUSTICE_BUREAU, parent=county, short_name="县司法局")
    dept = UnitFactory(
        name="示范县城市管理局", kind=UnitKind.COUNTY_DEPARTMENT, parent=county, short_name="县城管", field="城市管理"
    )
    evaluator = make_officer(justice, Role.SUPERVISOR, name="郑评查", username="justice", certified=False)
    wa = _brigade_world(county, justice, dept, evaluator, town="城关镇", prefix="a")
    wb = _brigade_world(county, justice, dept, evaluator, town="河西镇", prefix="b")
    county2 = UnitFactory(name="邻县人民政府", kind=UnitKind.COUNTY_GOVERNMENT, short_name="邻县")
    town2 = UnitFactory(name="邻县东镇人民政府", kind=UnitKind.TOWNSHIP, parent=county2, short_name="东镇")
    brigade2 = UnitFactory(name="东镇综合行政执法大队", kind=UnitKind.BRIGADE, parent=town2, short_name="东镇综执")
    other_county_officer = make_officer(brigade2, name="邻县执法", username="other_county")
    deactivated = make_officer(wa.brigade, name="离职执法", username="deactivated")

    case_a = closed_case(wa)
    case_b = closed_case(wb)
    for world, case in ((wa, case_a), (wb, case_b)):
        archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2), case_file_job=False)
        assemble_record_case_file(case_id=case.pk, officer_id=world.head.pk)
    index_now([case_a.pk, case_b.pk])
    open_a = b.filed(wa)
    open_b = b.filed(wb)
    evidence_a = b.signed_waiver(wa, open_a, on=dt.date(2026, 3, 4))

    doc_a = Document.objects.filter(case=case_a, status=DocumentStatus.ISSUED).exclude(verification_code="").first()
    voided_a = Document.objects.filter(case=case_a, status=DocumentStatus.ISSUED).exclude(pk=doc_a.pk).first()
    # Voided as the archive keeps it (the void service refuses an archived case's documents: set it directly).
    Document.objects.filter(pk=voided_a.pk).update(status=DocumentStatus.VOIDED)
    casefile_a = CaseFile.objects.filter(case=case_a).order_by("-id").first()

    round_ = round_create(
        title="2026年度案卷评查",
        actor=evaluator.user,
        units=[wa.township, wb.township],
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        evaluators=[evaluator],
        deadline=dt.date(2099, 5, 31),
        seed="leak-matrix",
    )
    file_a = round_.files.get(case=case_a)
    job_a = Job.objects.create(
        kind="archive.assemble_case_file",
        title="生成案卷",
        state=JobState.DONE,
        started_by=wa.officer.user,
        unit=wa.brigade,
        result={},
    )
    deactivated.user.is_active = False
    deactivated.user.save(update_fields=["is_active"])
    return Data(
        a=wa,
        b=wb,
        other_county_officer=other_county_officer,
        deactivated=deactivated,
        case_a=case_a,
        case_b=case_b,
        open_a=open_a,
        open_b=open_b,
        doc_a=doc_a,
        voided_a=voided_a,
        evidence_a=evidence_a,
        casefile_a=casefile_a,
        round_=round_,
        file_a=file_a,
        job_a=job_a,
        numbers={"A": {case_a.number, open_a.number}, "B": {case_b.number, open_b.number}},
    )


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The module's data, built once inside a transaction that is rolled back when the module ends."""
    media = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CELERY_BROKER_URL="",
        JOBS_INPROCESS="sync",
    )
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()
    media.disable()


# --- personas -----------------------------------------------------------------------------------------------------


def client_for(persona: str, data: Data) -> Client:
    client = Client()
    users = {
        "officer_a": data.a.officer,
        "officer_b": data.b.officer,
        "reviewer_a": data.a.reviewer,
        "head_a": data.a.head,
        "justice": data.a.evaluator,
        "other_county": data.other_county_officer,
        # Logged in while active, deactivated since: the session no longer authenticates anyone.
        "deactivated": data.deactivated,
    }
    if persona in users:
        client.force_login(users[persona].user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def refused_signed_out(response, *, api: bool) -> bool:
    if api:
        return response.status_code == 401
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- objects: the case of township A and everything hanging off it ---------------------------------------------

# name -> (url of township A's object, is it an API URL)
OBJECT_SURFACES = {
    "case detail page": (lambda d: reverse("web:case_detail", args=[d.case_a.pk]), False),
    "case detail API": (lambda d: reverse("api:case-detail", args=[d.case_a.pk]), True),
    "open case detail page": (lambda d: reverse("web:case_detail", args=[d.open_a.pk]), False),
    "archive record page": (lambda d: reverse("archive:record", args=[d.case_a.pk]), False),
    "archive record API": (lambda d: reverse("api:archive:record", args=[d.case_a.pk]), True),
    "case documents page": (lambda d: reverse("documents:case", args=[d.case_a.pk]), False),
    "document page": (lambda d: reverse("documents:detail", args=[d.doc_a.pk]), False),
    "case documents API": (lambda d: reverse("api:documents:list") + f"?case={d.case_a.pk}", True),
    "document API": (lambda d: reverse("api:documents:detail", args=[d.doc_a.pk]), True),
    "document PDF": (lambda d: reverse("documents:pdf", args=[d.doc_a.pk]), False),
    "document PDF API": (lambda d: reverse("api:documents:pdf", args=[d.doc_a.pk]), True),
    "evidence file": (lambda d: reverse("web:evidence_file", args=[d.open_a.pk, d.evidence_a.pk]), False),
    "evidence file API": (lambda d: reverse("api:evidence-file", args=[d.open_a.pk, d.evidence_a.pk]), True),
    "case file (案卷) PDF": (lambda d: reverse("documents:case_file_pdf", args=[d.casefile_a.pk]), False),
    "archived case file PDF": (lambda d: reverse("archive:case_file", args=[d.case_a.pk]), False),
    "archived case file PDF API": (lambda d: reverse("api:archive:case_file", args=[d.case_a.pk]), True),
    "self-check API": (lambda d: reverse("api:evaluation:selfcheck", args=[d.case_a.pk]), True),
    "evaluation file page": (lambda d: reverse("evaluation:file", args=[d.round_.pk, d.file_a.pk]), False),
    "evaluation file API": (lambda d: reverse("api:evaluation:round-file", args=[d.round_.pk, d.file_a.pk]), True),
    "evaluation file case-file PDF": (
        lambda d: reverse("evaluation:file_pdf", args=[d.round_.pk, d.file_a.pk]),
        False,
    ),
    "job page": (lambda d: reverse("jobs:detail", args=[d.job_a.pk]), False),
    "job status.json": (lambda d: reverse("jobs:status", args=[d.job_a.pk]), False),
}


def expected_for_object(persona: str) -> str:
    if persona in SIGNED_OUT:
        return LOGIN
    return SEES if "A" in PERSONAS[persona] else HIDDEN


@pytest.mark.parametrize("surface", OBJECT_SURFACES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_object_of_township_a(data, persona, surface):
    url_of, api = OBJECT_SURFACES[surface]
    response = client_for(persona, data).get(url_of(data))
    expected = expected_for_object(persona)
    if expected == SEES:
        assert response.status_code == 200, (persona, surface, response.status_code)
        body(response)
    elif expected == HIDDEN:
        assert response.status_code == 404, (persona, surface, response.status_code)
    else:
        assert refused_signed_out(response, api=api), (persona, surface, response.status_code)


# --- lists, search, facets, exports, inbox, dashboard: only the persona's units' cases ---------------------------

# Case numbers and document numbers start with the unit's short name: a township's marker never appears in what
# a persona of another township (or county) is shown.
MARKERS = {"A": ("城关镇立〔", "城关镇综执"), "B": ("河西镇立〔", "河西镇综执")}

DISCLOSURE_PERIOD = "?from=2020-01-01&to=2030-12-31&valid_only=1"
# name -> (URL, is it an API URL)
LIST_SURFACES = {
    "inbox (我的待办)": (lambda d: reverse("web:home"), False),
    "case list page": (lambda d: reverse("web:case_list"), False),
    "case list API": (lambda d: reverse("api:case-list"), True),
    "archive search page": (lambda d: reverse("archive:search") + "?q=占道", False),
    "archive search page (no query)": (lambda d: reverse("archive:search"), False),
    "archive search API": (lambda d: reverse("api:archive:search") + "?q=占道", True),
    "archive export xlsx": (lambda d: reverse("archive:export"), False),
    "archive export API": (lambda d: reverse("api:archive:export"), True),
    "evaluation rounds page": (lambda d: reverse("evaluation:rounds"), False),
    "evaluation rounds API": (lambda d: reverse("api:evaluation:round-list"), True),
    "evaluation round page": (lambda d: reverse("evaluation:round", args=[d.round_.pk]), False),
    "evaluation round API": (lambda d: reverse("api:evaluation:round-detail", args=[d.round_.pk]), True),
    "evaluation round results API": (lambda d: reverse("api:evaluation:round-results", args=[d.round_.pk]), True),
    "dashboard page": (lambda d: reverse("dashboard:board"), False),
    "dashboard API": (lambda d: reverse("api:dashboard:board"), True),
    "statistics export": (lambda d: reverse("dashboard:export"), False),
    "statistics export API": (lambda d: reverse("api:dashboard:export"), True),
    "my jobs page": (lambda d: reverse("jobs:mine"), False),
    "powers inbox page": (lambda d: reverse("powers:inbox"), False),
    "transfers API": (lambda d: reverse("api:powers:transfer-list"), True),
    "officers API": (lambda d: reverse("api:officer-list"), True),
    "disclosure page": (lambda d: reverse("disclosure:index") + DISCLOSURE_PERIOD, False),
    "disclosure export CSV": (lambda d: reverse("disclosure:export", args=["csv"]) + DISCLOSURE_PERIOD, False),
    "disclosure export API": (lambda d: reverse("api:disclosure:records") + DISCLOSURE_PERIOD, True),
}


SHOWS_CASES = {
    "case list page",
    "case list API",
    "archive search page",
    "archive search API",
    "archive export xlsx",
    "archive export API",
}
MAY_BE_HIDDEN = {"evaluation round page", "evaluation round API", "evaluation round results API"}


def text_of(response) -> str:
    content = body(response)
    if content[:2] == b"PK":  # an xlsx workbook: every cell's text
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
        )
    return content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("surface", LIST_SURFACES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_only_the_personas_units(data, persona, surface):
    url_of, api = LIST_SURFACES[surface]
    response = client_for(persona, data).get(url_of(data))
    if persona in SIGNED_OUT:
        assert refused_signed_out(response, api=api), (persona, surface, response.status_code)
        return
    if response.status_code == 404:
        # The round is hidden from whoever has no file in it; its results from units until published.
        assert surface in MAY_BE_HIDDEN, (persona, surface)
        return
    assert response.status_code in (200, 403), (persona, surface, response.status_code)
    text = text_of(response)
    if surface in SHOWS_CASES:
        # The control: the persona's own townships' cases are there (so an empty answer cannot pass).
        assert response.status_code == 200, (persona, surface, response.status_code)
        for unit in PERSONAS[persona]:
            assert MARKERS[unit][0] in text, f"{surface} does not show {persona} township {unit}'s cases"
    for unit, markers in MARKERS.items():
        if unit not in PERSONAS[persona]:
            leaked = [marker for marker in markers if marker in text]
            assert not leaked, f"{surface} shows {persona} township {unit}'s {leaked}"


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - SIGNED_OUT))
def test_search_facets_count_only_the_personas_cases(data, persona):
    response = client_for(persona, data).get(reverse("api:archive:search"))
    assert response.status_code == 200
    found = response.json()
    visible = len(PERSONAS[persona])  # one archived case per township
    assert found["total"] == visible
    assert bool(found["facets"]) == bool(visible), "facets for what the persona may see, none otherwise"
    for name, rows in found["facets"].items():
        for row in rows:
            assert row["count"] <= visible, f"facet {name}={row['value']} counts {row['count']} for {persona}"
        if name == "archived":
            assert sum(row["count"] for row in rows) == visible


# --- the admin and the public verification page ------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["/admin/", "/admin/cases/case/", "/admin/auth/user/"])
def test_admin_is_closed_to_every_persona(data, persona, path):
    response = client_for(persona, data).get(path)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), response.status_code


def test_public_verification_page_shows_only_the_verification_facts(data):
    doc = data.doc_a
    response = Client().get(reverse("documents:verify", args=[doc.verification_code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert doc.number in page and data.case_a.number in page and doc.sha256 in page
    for secret in ("110101199003077571", "陈某", "人民路1号", "占用人行道"):
        assert secret not in page, secret


def test_public_verification_page_says_a_voided_document_is_voided(data):
    response = Client().get(reverse("documents:verify", args=[data.voided_a.verification_code]))
    assert response.status_code == 200
    assert "已作废" in response.content.decode()


@pytest.mark.parametrize("code", ["0" * 32, "not-a-code", "x" * 200])
def test_public_verification_page_unknown_code_is_404(data, code):
    assert Client().get(reverse("documents:verify", args=[code])).status_code == 404


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"justice"}))
def test_evaluation_report_download_is_for_the_person_who_started_it(data, persona):
    """The report a job built holds what its starter may see: anyone else gets 404 (or the login page)."""
    from casemgmt.evaluation.jobs import REPORT
    from casemgmt.jobs.models import Job, JobState

    job = Job.objects.create(
        kind=REPORT,
        title="评查报告",
        state=JobState.DONE,
        started_by=data.a.evaluator.user,
        params={"round_id": data.round_.pk, "fmt": "xlsx"},
        result={"name": "reports/x.xlsx", "sha256": "0" * 64},
    )
    response = client_for(persona, data).get(reverse("evaluation:report_download", args=[data.round_.pk, job.pk]))
    if persona in SIGNED_OUT:
        assert refused_signed_out(response, api=False)
    else:
        assert response.status_code == 404


def test_deactivated_users_api_token_is_refused(data):
    from casemgmt.api.tokens import api_token_create

    _token, key = api_token_create(user=data.deactivated.user, name="旧设备")
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get(reverse("api:case-list"))
    assert response.status_code == 401
