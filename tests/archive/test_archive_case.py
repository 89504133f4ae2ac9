"""Archiving a closed case: the record, its retention, the case file, read-only afterwards, withdrawal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from casemgmt.archive.models import ArchiveRecord, RetentionRule, SearchDoc
from casemgmt.archive.services import archive_case, unarchive_case
from casemgmt.cases import hooks
from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.services import ConflictError, InputError
from casemgmt.cases.services.assist import case_assist_add, case_assist_remove
from tests import builders as b
from tests.archive.conftest import closed_case

ON = dt.date(2026, 4, 2)


def test_a_closed_case_becomes_an_archive_record_with_permanent_retention(world, closed):
    record = archive_case(case=closed, actor=world.head.user, on=ON)
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.ARCHIVED
    assert record.retention_label == "永久"
    assert record.retention_years is None and record.retain_until is None
    assert record.archive_number.startswith("2026-")
    assert record.metadata["number"] == closed.number
    kinds = [t.kind for t in record.texts.order_by("seq")]
    assert kinds[:2] == ["case", "party"] and "decision" in kinds
    assert closed.events.filter(action="archive").exists()


def test_retention_comes_from_the_configurable_table(world, closed):
    RetentionRule.objects.filter(outcome="penalty").update(years=50)
    record = archive_case(case=closed, actor=world.head.user, on=ON)
    assert (record.retention_label, record.retain_until) == ("50年", dt.date(2076, 4, 2))


def test_other_files_are_kept_thirty_years(world, closed):
    RetentionRule.objects.filter(outcome="penalty").update(procedure="summary")
    record = archive_case(case=closed, actor=world.head.user, on=ON)
    assert (record.retention_label, record.retain_until) == ("30年", dt.date(2056, 4, 2))


def test_the_case_file_hash_is_recorded_when_a_builder_is_installed(world, closed, monkeypatch):
    info = hooks.CaseFileInfo(storage_name="casefiles/x.pdf", sha256="ab" * 32, page_count=12, document_count=5)
    calls = []

    def builder(case, *, actor, retention_label, archive_number):
        calls.append((case.pk, actor, retention_label, archive_number))
        return info

    monkeypatch.setattr(hooks, "_case_file_builders", [builder])
    record = archive_case(case=closed, actor=world.head.user, on=ON)
    assert calls == [(closed.pk, world.head, "永久", record.archive_number)]
    assert (record.case_file_sha256, record.case_file_pages, record.note) == ("ab" * 32, 12, "")


def test_without_a_case_file_builder_the_record_says_so(world, closed, monkeypatch):
    monkeypatch.setattr(hooks, "_case_file_builders", [])
    record = archive_case(case=closed, actor=world.head.user, on=ON)
    assert not record.has_case_file
    assert "未生成案卷PDF" in record.note


def test_an_open_case_cannot_be_archived(world):
    case = b.served(world)
    with pytest.raises(RuleViolation) as refused:
        archive_case(case=case, actor=world.head.user, on=ON)
    assert [f.rule for f in refused.value.findings] == ["SAMR-78-ARCHIVE-CLOSED"]
    assert not ArchiveRecord.objects.exists()


def test_archiving_twice_is_refused(world, closed):
    archive_case(case=closed, actor=world.head.user, on=ON)
    with pytest.raises(RuleViolation):
        archive_case(case=closed, actor=world.head.user, on=ON)


def test_only_a_leader_archives(world, closed):
    with pytest.raises(PermissionDenied):
        archive_case(case=closed, actor=world.officer.user, on=ON)
    with pytest.raises(PermissionDenied):
        archive_case(case=closed, actor=world.outsider.user, on=ON)


def test_an_archiving_date_before_closing_is_refused(world, closed):
    with pytest.raises(InputError):
        archive_case(case=closed, actor=world.head.user, on=dt.date(2026, 3, 1))


def test_an_archived_case_refuses_every_act(world, closed):
    archive_case(case=closed, actor=world.head.user, on=ON)
    closed.refresh_from_db()
    version = closed.version
    attempts = [
        lambda: s.payment_record(
            case=closed, actor=world.officer.user, kind=m.PaymentKind.FINE, amount=Decimal("1"), paid_on=ON
        ),
        lambda: s.disclosure_publish(case=closed, actor=world.officer.user, on=ON, channel="网站", content="公示"),
        lambda: s.case_close(case=closed, actor=world.head.user, ground=m.ClosingGround.EXECUTED, ground_on=ON, on=ON),
        lambda: s.party_add(case=closed, actor=world.officer.user, kind=m.PartyKind.CITIZEN, name="新当事人"),
        lambda: s.record_add(
            case=closed,
            actor=world.officer.user,
            kind=m.RecordKind.INQUIRY,
            started_at=b.at(ON),
            ended_at=b.at(ON, 11),
            place="队部",
            content="补充笔录",
            signers=[world.officer, world.colleague],
        ),
    ]
    for attempt in attempts:
        with pytest.raises((RuleViolation, ConflictError, InputError)):
            attempt()
    closed.refresh_from_db()
    assert closed.version == version
    assert closed.status == m.CaseStatus.ARCHIVED


def test_services_without_a_rulebook_gate_are_refused_on_an_archived_case_too(world, closed):
    archive_case(case=closed, actor=world.head.user, on=ON)
    closed.refresh_from_db()
    version = closed.version
    county = world.county_officer.memberships.first().unit
    with pytest.raises(RuleViolation) as refused:
        case_assist_add(case=closed, actor=world.head.user, unit=county, on=ON)
    assert [f.rule for f in refused.value.findings] == ["SAMR-78-ARCHIVED-READ-ONLY"]
    with pytest.raises(RuleViolation):
        case_assist_remove(case=closed, actor=world.head.user, unit=county)
    closed.refresh_from_db()
    assert closed.version == version
    assert not m.CaseAssist.objects.filter(case=closed).exists()


def test_withdrawing_the_archiving_needs_a_reason_and_reopens_the_closed_case(world, closed):
    archive_case(case=closed, actor=world.head.user, on=ON)
    with pytest.raises(InputError):
        unarchive_case(case=closed, actor=world.head.user, reason=" ")
    record = unarchive_case(case=closed, actor=world.head.user, reason="补充送达回证")
    closed.refresh_from_db()
    assert closed.status == m.CaseStatus.CLOSED
    assert record.withdrawn_reason == "补充送达回证"
    again = archive_case(case=closed, actor=world.head.user, on=dt.date(2026, 4, 3))
    assert again.archive_number == record.archive_number and again.withdrawn_at is None


def test_the_index_follows_every_act_and_archiving_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = closed_case(world)
        archive_case(case=case, actor=world.head.user, on=ON)
        # Nothing is indexed inside the transaction.
        assert not SearchDoc.objects.filter(case_id=case.pk).exists()
    # One indexing job for the whole transaction (other apps may schedule their own after-commit work).
    assert len([cb for cb in callbacks if getattr(cb, "__qualname__", "").startswith("schedule_index.")]) == 1
    assert SearchDoc.objects.get(case_id=case.pk).archived is True
    with django_capture_on_commit_callbacks(execute=True):
        unarchive_case(case=case, actor=world.head.user, reason="更正")
    doc = SearchDoc.objects.get(case_id=case.pk)
    assert (doc.archived, doc.status) == (False, m.CaseStatus.CLOSED)
