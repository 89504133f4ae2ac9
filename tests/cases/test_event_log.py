"""The case event log (全过程记录, APL Art. 47): hash chain, head, daily anchor and the files the events recorded."""

import datetime as dt
import hashlib
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casemgmt.cases import services as s
from casemgmt.cases.eventlog import _hex, _line_value, anchor_case_logs, verify_anchors, verify_chain
from casemgmt.cases.models import CaseEvent, CaseLogHead, EvidenceItem, LogAnchor, LogAnchorEntry
from casemgmt.cases.services.base import record_event
from documents.models import Document
from tests import builders as b
from tests import filesamples
from tests.documents.support import CORRECTION, issue

PDF = filesamples.pdf("licence")
OTHER_PDF = filesamples.pdf("altered")


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVENTLOG_ANCHOR_FILE = tmp_path / "anchors.jsonl"


def _verify(*args):
    call_command("verify_case_log", *args)


def _refused(capsys, *args) -> str:
    with pytest.raises(CommandError):
        _verify(*args)
    return capsys.readouterr().err


def _with_evidence(world, case=None):
    case = case or b.filed(world)
    item = s.evidence_add(
        case=case,
        actor=world.officer.user,
        evidence_type="documentary",
        title="营业执照复印件",
        collected_at=b.at(dt.date(2026, 3, 4)),
        place="人民路",
        collected_by=[world.officer, world.colleague],
        upload=SimpleUploadedFile("执照.pdf", PDF, "application/pdf"),
    )
    return case, item


def _with_issued_document(world):
    world.township.seal_name = world.township.name
    world.township.address = "城关镇人民政府办公楼"
    world.township.save()
    case = b.filed(world)
    return case, issue(world, case, "zlgz_tzs", CORRECTION)


def _overwrite(name: str, data: bytes) -> None:
    with open(default_storage.path(name), "wb") as fh:
        fh.write(data)


def _rehash_from(case, seq: int) -> None:
    """What a database editor does to hide an edit: re-hash the chain from the edited event on, and the head."""
    prev = CaseEvent.objects.get(case=case, seq=seq - 1).hash if seq > 1 else "0" * 64
    for event in CaseEvent.objects.filter(case=case, seq__gte=seq).order_by("seq"):
        event.prev_hash = prev
        event.hash = event.compute_hash()
        CaseEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    CaseLogHead.objects.filter(case=case).update(last_hash=prev)


# --- the chain ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_intact_log_verifies(world, capsys):
    case = b.noticed(world)
    _verify(str(case.pk))
    assert "均完整" in capsys.readouterr().out


@pytest.mark.django_db
def test_edited_event_is_detected_with_its_position(world, capsys):
    case = b.noticed(world)
    event = case.events.get(seq=3)
    CaseEvent.objects.filter(pk=event.pk).update(summary="篡改后的摘要")
    err = _refused(capsys, case.number)
    assert f"案件{case.number}" in err and "第3条" in err and "已被修改" in err


@pytest.mark.django_db
def test_removed_event_is_detected(world, capsys):
    case = b.noticed(world)
    case.events.filter(seq=2).delete()
    assert "第3条" in _refused(capsys, str(case.pk))


@pytest.mark.django_db
def test_reordered_events_are_detected(world, capsys):
    case = b.noticed(world)
    first, second = case.events.get(seq=2), case.events.get(seq=3)
    CaseEvent.objects.filter(pk=first.pk).update(seq=1000)
    CaseEvent.objects.filter(pk=second.pk).update(seq=2)
    CaseEvent.objects.filter(pk=first.pk).update(seq=3)
    assert "哈希链接不符" in _refused(capsys, str(case.pk))


@pytest.mark.django_db
def test_other_cases_stay_valid_when_one_is_tampered(world, capsys):
    good = b.filed(world)
    bad = b.filed(world)
    CaseEvent.objects.filter(case=bad, seq=1).update(reason="x")
    _verify(str(good.pk))
    err = _refused(capsys)
    assert f"案件{bad.number}（#{bad.pk}）" in err and f"#{good.pk}）" not in err


@pytest.mark.django_db
def test_unknown_case_is_an_error(world):
    with pytest.raises(CommandError, match="找不到案件"):
        _verify("999999")


# --- the head: deleting the newest events ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_append_moves_the_head_with_one_update(world):
    case = b.filed(world)
    with CaptureQueriesContext(connection) as queries:
        event = record_event(case, action="note", summary="备注", actor=world.officer.user)
    head = CaseLogHead.objects.get(case=case)
    assert (head.count, head.last_hash) == (event.seq, event.hash)
    assert event.seq == case.events.count()
    writes = [q["sql"].split()[0] for q in queries.captured_queries]
    assert writes == ["SELECT", "INSERT", "UPDATE"]


@pytest.mark.django_db
def test_deleting_the_newest_event_is_reported_by_the_head(world, capsys):
    case = b.noticed(world)
    last = case.events.order_by("-seq").first()
    last.delete()
    events = list(case.events.order_by("seq"))
    assert verify_chain(events, case.pk) == []  # the chain alone cannot see it
    err = _refused(capsys, str(case.pk))
    assert (
        f"记录头登记了{last.seq}条记录，日志只到第{last.seq - 1}条" in err and f"最新的第{last.seq}条记录被删除" in err
    )


@pytest.mark.django_db
def test_deleting_the_newest_events_stays_visible_after_the_next_act(world, capsys):
    case = b.noticed(world)
    count = case.events.count()
    case.events.filter(seq__gt=count - 2).delete()
    nxt = record_event(case, action="note", summary="备注", actor=world.officer.user)
    assert nxt.seq == count + 1  # the next event follows the head, not the truncated chain
    err = _refused(capsys, str(case.pk))
    assert f"第{count + 1}条：序号不连续（应为{count - 1}）" in err


@pytest.mark.django_db
def test_deleting_the_head_with_the_newest_events_is_reported(world, capsys):
    case = b.filed(world)
    CaseLogHead.objects.filter(case=case).delete()
    assert "缺少记录头" in _refused(capsys, str(case.pk))


# --- the daily anchor: an edited and re-hashed chain --------------------------------------------------------------


@pytest.mark.django_db
def test_an_anchor_records_only_the_heads_changed_since_the_previous_one(world):
    first_case, second_case = b.filed(world), b.filed(world)
    first = anchor_case_logs()
    assert set(first.entries.values_list("case_id", flat=True)) == {first_case.pk, second_case.pk}
    assert anchor_case_logs() == first  # same day, nothing changed
    record_event(second_case, action="note", summary="备注", actor=world.officer.user)
    second = anchor_case_logs()
    assert second.prev_hash == first.hash
    assert list(second.entries.values_list("case_id", "count")) == [(second_case.pk, second_case.events.count())]
    assert second.cases == 2 and second.events == first.events + 1
    assert verify_anchors() == []


@pytest.mark.django_db
def test_the_anchor_command_appends_each_anchor_to_the_anchor_file(world, settings, capsys):
    b.filed(world)
    call_command("anchor_case_logs")
    lines = settings.EVENTLOG_ANCHOR_FILE.read_text(encoding="utf-8").splitlines()
    anchor = LogAnchor.objects.get()
    assert [json.loads(line)["hash"] for line in lines] == [anchor.hash]
    assert f"锚点第{anchor.pk}号" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_edited_and_rehashed_chain_is_reported_by_the_anchor(world, capsys):
    case = b.noticed(world)
    anchor_case_logs()
    CaseEvent.objects.filter(case=case, seq=2).update(summary="篡改后的摘要")
    _rehash_from(case, 2)
    events = list(case.events.order_by("seq"))
    assert verify_chain(events, case.pk) == []  # chain and head agree with the forgery
    err = _refused(capsys, str(case.pk))
    assert f"第{len(events)}条：哈希值与" in err and "锚定后记录被修改并重算了哈希链" in err


@pytest.mark.django_db
def test_an_edit_after_the_anchor_without_rehash_is_the_chain_break_only(world, capsys):
    case = b.filed(world)
    anchor_case_logs()
    record_event(case, action="note", summary="备注", actor=world.officer.user)
    newest = case.events.order_by("-seq").first()
    CaseEvent.objects.filter(pk=newest.pk).update(summary="篡改后的摘要")
    err = _refused(capsys, str(case.pk))
    assert "已被修改" in err and "锚点" not in err


@pytest.mark.django_db
def test_rewriting_the_anchor_without_the_key_is_reported_by_the_hmac_and_the_file(world, capsys):
    case = b.filed(world)
    anchor = anchor_case_logs()
    CaseEvent.objects.filter(case=case, seq=1).update(summary="篡改后的摘要")
    _rehash_from(case, 1)
    forged = case.events.order_by("-seq").first()
    LogAnchorEntry.objects.filter(anchor=anchor, case=case).update(last_hash=forged.hash)
    anchor.refresh_from_db()
    # the forger recomputes the digest and the anchor hash; the HMAC needs the key he does not have
    total = sum(_line_value(c, n, h) for c, n, h in anchor.entries.values_list("case_id", "count", "last_hash"))
    anchor.heads_digest = _hex(total)
    anchor.hash = anchor.compute_hash()
    LogAnchor.objects.filter(pk=anchor.pk).update(heads_digest=anchor.heads_digest, hash=anchor.hash)
    problems = [str(p) for p in verify_anchors()]
    assert any("HMAC校验不符" in p for p in problems)
    assert any("与锚点文件记载的不符" in p for p in problems)
    assert not any("摘要不符" in p for p in problems)
    assert "HMAC校验不符" in _refused(capsys)


@pytest.mark.django_db
def test_rewriting_the_anchor_with_the_key_is_still_reported_by_the_anchor_file(world):
    b.filed(world)
    anchor = anchor_case_logs()
    LogAnchor.objects.filter(pk=anchor.pk).update(events=anchor.events + 1)
    anchor.refresh_from_db()
    anchor.hash, anchor.mac = anchor.compute_hash(), anchor.compute_mac()
    LogAnchor.objects.filter(pk=anchor.pk).update(hash=anchor.hash, mac=anchor.mac)
    assert [p.problem for p in verify_anchors()] == ["与锚点文件记载的不符：数据库中的锚点被改写"]


@pytest.mark.django_db
def test_a_deleted_anchor_is_reported_by_the_chain_of_anchors_and_the_file(world):
    case = b.filed(world)
    first = anchor_case_logs()
    record_event(case, action="note", summary="备注", actor=world.officer.user)
    second = anchor_case_logs(now=first.created_at + dt.timedelta(days=1))
    LogAnchorEntry.objects.filter(anchor=first).delete()
    LogAnchor.objects.filter(pk=first.pk).delete()
    problems = [str(p) for p in verify_anchors()]
    assert any(f"锚点第{second.pk}号" in p and "链接不符" in p for p in problems)
    assert any(f"锚点第{first.pk}号" in p and "在数据库中不存在" in p for p in problems)


@pytest.mark.django_db
def test_a_deleted_anchor_file_is_reported(world, settings):
    b.filed(world)
    anchor_case_logs()
    settings.EVENTLOG_ANCHOR_FILE.unlink()
    assert [p.problem for p in verify_anchors()] == [
        f"锚点文件{settings.EVENTLOG_ANCHOR_FILE}不存在：锚点文件被删除或未保存"
    ]


# --- files the events recorded ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_case_with_an_evidence_file_an_issued_pdf_and_an_anchor_verifies_clean(world, capsys):
    case, _document = _with_issued_document(world)
    _with_evidence(world, case)
    anchor_case_logs()
    _verify(case.number)
    assert "均完整" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_replaced_evidence_file_is_reported(world, capsys):
    case, item = _with_evidence(world)
    _overwrite(item.file.name, OTHER_PDF)
    err = _refused(capsys, case.number)
    assert f"案件{case.number}" in err and "证据“营业执照复印件”的文件内容与记录的SHA-256不符" in err


@pytest.mark.django_db
def test_a_replaced_evidence_file_with_its_hash_column_rewritten_is_reported(world, capsys):
    case, item = _with_evidence(world)
    _overwrite(item.file.name, OTHER_PDF)
    EvidenceItem.objects.filter(pk=item.pk).update(sha256=hashlib.sha256(OTHER_PDF).hexdigest())
    err = _refused(capsys, case.number)
    assert "证据“营业执照复印件”在数据库中登记的SHA-256" in err and "与操作记录" in err
    assert "文件已被替换" in err


@pytest.mark.django_db
def test_a_missing_evidence_file_is_reported(world, capsys):
    case, item = _with_evidence(world)
    default_storage.delete(item.file.name)
    assert "证据“营业执照复印件”的文件缺失" in _refused(capsys, case.number)


@pytest.mark.django_db
def test_a_replaced_issued_pdf_is_reported(world, capsys):
    case, document = _with_issued_document(world)
    _verify(case.number)
    capsys.readouterr()
    _overwrite(document.pdf.name, OTHER_PDF)
    err = _refused(capsys, case.number)
    assert f"{document.document_type.name}{document.number}的文件内容与记录的SHA-256不符" in err


@pytest.mark.django_db
def test_an_issued_document_whose_event_was_deleted_is_reported(world, capsys):
    case, document = _with_issued_document(world)
    assert Document.objects.filter(pk=document.pk, sha256__gt="").exists()
    CaseEvent.objects.filter(case=case, action="document_issue").update(payload={})
    err = _refused(capsys, case.number)
    assert f"{document.document_type.name}{document.number}没有记录其SHA-256的操作记录" in err


@pytest.mark.django_db
def test_the_migration_gives_every_existing_log_its_head(world, capsys):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("casemgmt.cases.migrations.0004_event_log_head_and_anchors")
    cases = [b.filed(world), b.noticed(world)]
    CaseLogHead.objects.all().delete()
    migration.backfill_heads(apps, None)
    for case in cases:
        newest = case.events.order_by("-seq").first()
        assert CaseLogHead.objects.filter(case=case, count=newest.seq, last_hash=newest.hash).exists()
    _verify()
    assert "均完整" in capsys.readouterr().out


@pytest.mark.django_db
def test_deleting_the_newest_event_and_rewriting_the_head_is_reported_by_the_anchor(world, capsys):
    case = b.filed(world)
    anchor = anchor_case_logs()
    last = case.events.order_by("-seq").first()
    last.delete()
    previous = case.events.order_by("-seq").first()
    CaseLogHead.objects.filter(case=case).update(count=previous.seq, last_hash=previous.hash)
    err = _refused(capsys, str(case.pk))
    assert f"第{last.seq}条：{anchor.day}锚定时存在的这条记录已不在日志中：记录被删除" in err


@pytest.mark.django_db
def test_a_log_emptied_entirely_is_reported_by_its_head(world, capsys):
    case = b.filed(world)
    count = case.events.count()
    case.events.all().delete()
    assert f"记录头登记了{count}条记录，日志中一条也没有：记录被全部删除" in _refused(capsys, str(case.pk))


@pytest.mark.django_db
def test_no_files_checks_the_records_without_reading_the_files(world, capsys):
    case, item = _with_evidence(world)
    _overwrite(item.file.name, OTHER_PDF)
    _verify(case.number, "--no-files")
    assert "均完整（未重新计算文件的SHA-256）" in capsys.readouterr().out
    assert "文件已被替换" in _refused(capsys, case.number)
