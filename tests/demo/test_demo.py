"""The demo generator: 示范县 with cases at every stage, built through the services, lawful except for the
cases it makes overdue on purpose."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.demo.load import DEMO_PASSWORD, LOGINS, load_demo
from casemgmt.evaluation.selfcheck import findings_by_case
from casemgmt.org.models import Certificate, Membership, Role, Unit, UnitKind

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo for the whole module (loading takes seconds), rolled back at the end."""
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False), fast_hasher, transaction.atomic():
        yield load_demo(cases=40, seed=7, files=False)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_builds_the_county_with_every_role(demo):
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert kinds == set(UnitKind.values)
    assert Unit.objects.filter(kind=UnitKind.BRIGADE).count() == 5
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    reviewers = Membership.objects.filter(role=Role.LEGAL_REVIEWER).values_list("officer", flat=True).distinct()
    assert len(reviewers) == 2
    assert Certificate.objects.filter(valid_to__lt=NOW.date()).exists()  # some certificates have expired
    assert m.ProcedurePolicy.objects.filter(unit__isnull=True).count() == 1
    assert m.HearingTrigger.objects.exists() and m.ReviewTrigger.objects.exists()


@pytest.mark.django_db
def test_demo_cases_reach_every_stage(demo):
    assert m.Case.objects.count() == demo.cases == 40
    statuses = set(m.Case.objects.values_list("status", flat=True))
    S = m.CaseStatus
    expected = {S.CLUE, S.NOT_FILED, S.INVESTIGATION, S.SUSPENDED, S.REVIEW, S.NOTICE, S.HEARING, S.DECIDED, S.SERVED,
                S.EXECUTION, S.CLOSED, S.TERMINATED}  # fmt: skip
    assert expected <= statuses
    assert m.Case.objects.filter(procedure=m.ProcedureType.SUMMARY, status=S.CLOSED).exists()
    assert not m.Case.objects.filter(discovered_on__gt=NOW.date()).exists()


@pytest.mark.django_db
def test_self_check_finds_only_the_deliberately_overdue_cases_and_file_gaps(demo):
    found = findings_by_case(today=demo.today)
    assert set(found) == set(demo.overdue) | set(demo.gaps)
    for case_id, findings in found.items():
        assert {f.rule for f in findings} == set(demo.overdue.get(case_id, ())) | set(demo.gaps.get(case_id, ()))
    rules = {code for codes in demo.overdue.values() for code in codes}
    assert rules == {"APL-60-DECISION-DEADLINE", "APL-61-DECISION-SERVICE", "APL-48-DISCLOSURE"}


def assert_form_login(client, username: str) -> None:
    # Through the login form, as a person does (the lockout backend needs the request, which client.login lacks).
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.url == "/", response.status_code


@pytest.mark.django_db
def test_printed_logins_work(demo, client):
    for login in LOGINS:
        assert get_user_model().objects.filter(username=login.username).exists(), login.username
    assert_form_login(client, "chengguan01")
    # Not sent to the password change page: demo accounts are not administrator-set passwords.
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_command_leaves_existing_data_alone(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "已载入" in out.getvalue()
    assert "chengguan01" in out.getvalue()
    assert m.Case.objects.count() == 40


@pytest.mark.django_db
def test_demo_evaluation_reproduces_the_seed_reports_structure(demo):
    from casemgmt.evaluation.models import RoundStatus, UnitSelfScore
    from casemgmt.evaluation.results import COMMEND, CRITICIZE, round_results

    rounds = demo.evaluation
    assert rounds.published.status == RoundStatus.PUBLISHED
    results = round_results(rounds.published)
    ranked = [u for u in results.units if u.rank is not None]
    assert len(ranked) >= 2 and [u.rank for u in ranked] == sorted(u.rank for u in ranked)
    assert all(u.self_reported is not None and u.mean is not None for u in ranked)  # 自评得分 vs 评查得分
    assert UnitSelfScore.objects.filter(round=rounds.published).count() == len(ranked) - 1
    bands = {u.band for u in ranked}
    assert COMMEND in bands and CRITICIZE in bands
    assert ranked[-1].mean < 80 and ranked[-1].band == CRITICIZE
    # 加分项 with a maximum: a self-score above 100, as in the seed report, beside the evaluated score
    assert rounds.published.rubric.bonus_max > 0 and rounds.published.rubric.items.filter(bonus=True).exists()
    assert any(u.self_reported > 100 and u.difference is not None for u in ranked)
    assert any(results.problems[group] for group in ("立卷", "实体", "程序"))
    assert rounds.published.rectifications.exists()


@pytest.mark.django_db
def test_demo_open_round_waits_for_the_demo_evaluator(demo, client):
    from casemgmt.evaluation.models import RoundStatus

    open_round = demo.evaluation.open
    assert open_round.status == RoundStatus.OPEN and open_round.deadline > demo.today
    mine = open_round.files.filter(evaluator__user__username="sfj01")
    assert mine.exists() and not mine.filter(total__isnull=False).exists()
    assert_form_login(client, "sfj01")
    page = client.get(f"/supervision/rounds/{open_round.pk}/files/{mine.first().pk}/").content.decode()
    assert 'data-testid="score-form"' in page
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert f"/supervision/rounds/{open_round.pk}/" in out.getvalue()
    assert f"/supervision/rounds/{demo.evaluation.published.pk}/" in out.getvalue()


@pytest.mark.django_db
def test_every_demo_identity_number_and_credit_code_passes_its_check(demo):
    """GB 11643 (a real past birth date, the check digit) and GB 32100 (the mod-31 check character)."""
    from casemgmt.cases.models.party import check_party_number
    from casemgmt.org.identity import check_credit_code

    parties = list(m.Party.objects.exclude(id_number=""))
    assert {p.kind for p in parties} == set(m.PartyKind.values)
    for party in parties:
        assert check_party_number(party.kind, party.id_number, today=NOW.date()) == party.id_number
    codes = list(Unit.objects.exclude(credit_code="").values_list("credit_code", flat=True))
    assert codes
    for code in codes:
        assert check_credit_code(code) == code


@pytest.mark.django_db
def test_every_archived_demo_case_has_its_documents_and_an_assembled_case_file(demo):
    from casemgmt.archive.models import ArchiveRecord
    from casemgmt.cases.rulebook import load_facts
    from documents.models import CaseFile, Document
    from documents.requirements import missing_documents

    archived = list(m.Case.objects.filter(status=m.CaseStatus.ARCHIVED))
    assert archived
    for case in archived:
        assert [r for r in missing_documents(load_facts(case)) if r.mandatory] == [], case.number
        assert Document.objects.filter(case=case, status="issued", document_type__code="sd_hz").exists()
        assert CaseFile.objects.filter(case=case).exists()
        assert ArchiveRecord.objects.get(case=case).case_file_documents > 0
    assert demo.gaps and set(demo.gaps) & {c.pk for c in archived}  # some archived files lack an expected one


def _legal_dates(case: m.Case) -> dict[int, dt.date]:
    """Event seq -> the legal date of the act it records, for the acts whose record names one."""
    from casemgmt.archive.models import ArchiveRecord
    from documents.models import Document

    local = timezone.localdate

    def issued_on(pk):
        issued = Document.objects.get(pk=pk).snapshot.get("issued_on")
        return dt.date.fromisoformat(issued) if issued else None

    by_record = {  # action -> (payload key, the legal date of the record it names)
        "add_record": ("record", lambda pk: local(m.Record.objects.get(pk=pk).started_at)),
        "add_evidence": ("evidence", lambda pk: local(m.EvidenceItem.objects.get(pk=pk).collected_at)),
        "take_measure": ("measure", lambda pk: m.Measure.objects.get(pk=pk).started_on),
        "submit_report": ("report", lambda pk: m.InvestigationReport.objects.get(pk=pk).submitted_on),
        "review": ("review", lambda pk: m.ReviewOpinion.objects.get(pk=pk).reviewed_on),
        "issue_notice": ("notice", lambda pk: m.Notice.objects.get(pk=pk).issued_on),
        "statement_statement": ("statement", lambda pk: m.Statement.objects.get(pk=pk).received_on),
        "statement_waiver": ("statement", lambda pk: m.Statement.objects.get(pk=pk).received_on),
        "statement_hearing_request": ("statement", lambda pk: m.Statement.objects.get(pk=pk).received_on),
        "decide": ("decision", lambda pk: m.Decision.objects.get(pk=pk).decided_on),
        "summary_decide": ("decision", lambda pk: m.Decision.objects.get(pk=pk).decided_on),
        "document_draft": ("document", issued_on),
        "document_issue": ("document", issued_on),
    }
    # Acts recorded once per case, in the order of their records.
    in_order = {
        "close": list(case.closings.order_by("id").values_list("approved_on", flat=True)),
        "payment": list(case.payments.order_by("id").values_list("paid_on", flat=True)),
        "publish": list(case.disclosures.order_by("id").values_list("published_on", flat=True)),
        "archive": list(ArchiveRecord.objects.filter(case=case).values_list("archived_on", flat=True)),
    }
    dates = {}
    for event in case.events.order_by("seq"):
        if event.action == "clue_register":
            dates[event.seq] = case.discovered_on
        elif event.action == "file":
            dates[event.seq] = case.filed_on
        elif event.action in in_order:
            dates[event.seq] = in_order[event.action].pop(0)
        elif event.action in by_record:
            key, legal_date = by_record[event.action]
            if legal_date(event.payload[key]) is not None:
                dates[event.seq] = legal_date(event.payload[key])
    return dates


@pytest.mark.django_db
def test_every_demo_case_log_reads_forward_on_the_legal_dates_of_its_acts(demo, settings, tmp_path):
    """The demo records each act at a time on its legal date, in order: no timeline reads backwards; the hash
    chains verify and anchor."""
    from casemgmt.cases.eventlog import anchor_case_logs, verify_anchors, verify_case_logs

    settings.EVENTLOG_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    now = timezone.now()
    checked = 0
    for case in m.Case.objects.order_by("pk"):
        events = list(case.events.order_by("seq"))
        times = [e.at for e in events]
        assert times == sorted(times), case.pk
        assert times[-1] <= now
        for seq, legal in _legal_dates(case).items():
            event = events[seq - 1]
            assert timezone.localdate(event.at) == legal, (case.pk, event.action, event.at, legal)
            checked += 1
        # The history rows and the issued documents carry the same times as the events.
        assert case.history.order_by("history_date").first().history_date == events[0].at
        for document in case.documents.filter(status="issued"):
            assert timezone.localdate(document.issued_at) == dt.date.fromisoformat(document.snapshot["issued_on"])
    assert checked > 500
    assert [str(b) for _, breaks in verify_case_logs(files=False) for b in breaks] == []
    with transaction.atomic():  # the anchor's rows go with this test
        anchor = anchor_case_logs()
        assert anchor.entries.count() == m.Case.objects.count()
        assert verify_anchors() == []
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_acts_are_recorded_in_office_hours_unless_that_is_still_to_come(demo):
    for at in m.CaseEvent.objects.values_list("at", flat=True):
        local = timezone.localtime(at)
        assert dt.time(8, 30) <= local.time() <= dt.time(18, 30) or local == timezone.localtime(), local
