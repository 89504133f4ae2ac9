"""Integrity of the case event log (全过程记录, APL Art. 47): verification and the daily anchor.

Three layers, each catching what the one before cannot:

- the hash chain of each case's events shows an edited, removed or reordered event;
- the case's head (``CaseLogHead``, moved with every append) shows that the newest events were deleted;
- the daily anchor (``LogAnchor``) fixes every head in a digest that is chained, keyed with an HMAC and repeated
  in an append-only file outside the database, so a chain edited and re-hashed afterwards no longer matches what
  was anchored.

Files the events describe (evidence, issued PDFs, receipts, case files) are re-hashed against the SHA-256 their
event recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casemgmt.files import stored_sha256

from . import hooks
from .hooks import RecordedFile
from .models import Case, CaseEvent, CaseLogHead, EvidenceItem, LogAnchor, LogAnchorEntry
from .models.events import GENESIS, anchor_key, heads_line

_MOD = 2**256


@dataclass(frozen=True)
class ChainBreak:
    case_id: int
    seq: int | None
    problem: str
    number: str = ""

    def __str__(self) -> str:
        where = f"第{self.seq}条" if self.seq is not None else "日志"
        case = f"案件{self.number}（#{self.case_id}）" if self.number else f"案件#{self.case_id}"
        return f"{case} {where}：{self.problem}"


@dataclass(frozen=True)
class AnchorProblem:
    anchor_id: int | None
    day: dt.date | None
    problem: str

    def __str__(self) -> str:
        where = f"锚点第{self.anchor_id}号（{self.day}）" if self.anchor_id is not None else "锚点"
        return f"{where}：{self.problem}"


# --- the chain and its head ----------------------------------------------------------------------------------------


def verify_chain(events: list[CaseEvent], case_id: int) -> list[ChainBreak]:
    """Check one case's events in stored order: sequence, links and content hashes.

    An edited event fails its own hash; a removed event leaves a gap in ``seq`` and a broken link; a reordered
    event breaks the links of its neighbours.
    """
    breaks: list[ChainBreak] = []
    prev_hash = GENESIS
    expected_seq = 1
    for event in events:
        if event.seq != expected_seq:
            breaks.append(ChainBreak(case_id, event.seq, f"序号不连续（应为{expected_seq}），记录可能被删除或调换"))
        if event.prev_hash != prev_hash:
            breaks.append(ChainBreak(case_id, event.seq, "与前一条记录的哈希链接不符，记录可能被删除、插入或调换"))
        if event.compute_hash() != event.hash:
            breaks.append(ChainBreak(case_id, event.seq, "内容与哈希值不符，记录已被修改"))
        prev_hash = event.hash
        expected_seq = event.seq + 1
    return breaks


def verify_head(events: list[CaseEvent], case_id: int, head: tuple[int, str] | None) -> list[ChainBreak]:
    """The head names the newest event ever appended: a log that ends before it lost its newest events."""
    last_seq, last_hash = (events[-1].seq, events[-1].hash) if events else (0, GENESIS)
    if head is None:
        if events:
            return [ChainBreak(case_id, None, f"缺少记录头（日志共{last_seq}条），记录头被删除")]
        return []
    count, head_hash = head
    if count and not events:
        return [ChainBreak(case_id, None, f"记录头登记了{count}条记录，日志中一条也没有：记录被全部删除")]
    if count > last_seq:
        lost = f"第{last_seq + 1}条至第{count}条" if count > last_seq + 1 else f"第{count}条"
        return [ChainBreak(case_id, None, f"记录头登记了{count}条记录，日志只到第{last_seq}条：最新的{lost}记录被删除")]
    if count < last_seq:
        return [ChainBreak(case_id, None, f"日志有{last_seq}条记录，记录头只登记了{count}条：记录头被改动或记录被补入")]
    if head_hash != last_hash:
        return [ChainBreak(case_id, count, "哈希值与记录头登记的不符：最新记录被修改或整条链被重算")]
    return []


def verify_anchored(
    events: list[CaseEvent], case_id: int, anchored: list[tuple[int, str, dt.date]]
) -> list[ChainBreak]:
    """Every head an anchor recorded must still be in the log: the event at that position with that hash."""
    by_seq = {e.seq: e.hash for e in events}
    breaks = []
    for count, digest, day in anchored:
        if count == 0:
            continue
        found = by_seq.get(count)
        if found is None:
            breaks.append(ChainBreak(case_id, count, f"{day}锚定时存在的这条记录已不在日志中：记录被删除"))
        elif found != digest:
            breaks.append(ChainBreak(case_id, count, f"哈希值与{day}锚点记载的不符：锚定后记录被修改并重算了哈希链"))
    return breaks


# --- files the events describe -------------------------------------------------------------------------------------


def evidence_files(case_ids: list[int] | None) -> Iterator[RecordedFile]:
    items = EvidenceItem.objects.exclude(file="").order_by("case_id", "id").only("case_id", "title", "file", "sha256")
    if case_ids is not None:
        items = items.filter(case_id__in=case_ids)
    for item in items.iterator(chunk_size=2000):
        yield RecordedFile(
            item.case_id, "add_evidence", "evidence", item.pk, f"证据“{item.title}”", item.file.name, item.sha256
        )


def file_sha256(name: str) -> str | None:
    """The SHA-256 of a stored file (local folder or S3 bucket), or None when it is missing."""
    return stored_sha256(name)


def verify_files(events: list[CaseEvent], case_id: int, files: list[RecordedFile]) -> list[ChainBreak]:
    """Each file against the hash its event recorded: the row's hash column, then the stored bytes."""
    recorded: dict[tuple[str, str, int], tuple[int, str]] = {}
    for event in events:
        digest = event.payload.get("sha256") if isinstance(event.payload, dict) else None
        if not digest:
            continue
        for key, value in event.payload.items():
            if isinstance(value, int):
                recorded.setdefault((event.action, key, value), (event.seq, digest))
    breaks = []
    for f in files:
        seq, expected = recorded.get((f.action, f.key, f.object_id), (None, None))
        if expected is None:
            if f.event_required:
                breaks.append(
                    ChainBreak(case_id, None, f"{f.label}没有记录其SHA-256的操作记录（记录可能被删除或改动）")
                )
            expected = f.sha256
        elif f.sha256 != expected:
            breaks.append(
                ChainBreak(
                    case_id,
                    seq,
                    f"{f.label}在数据库中登记的SHA-256（{f.sha256[:12]}…）与操作记录（{expected[:12]}…）不符",
                )
            )
        actual = file_sha256(f.name)
        if actual is None:
            breaks.append(ChainBreak(case_id, seq, f"{f.label}的文件缺失（{f.name}）"))
        elif actual != expected:
            breaks.append(
                ChainBreak(
                    case_id,
                    seq,
                    f"{f.label}的文件内容与记录的SHA-256不符：文件已被替换或改动（记录{expected[:12]}…，实际{actual[:12]}…）",
                )
            )
    return breaks


# --- verification of every case ------------------------------------------------------------------------------------


def _anchored_heads(case_ids: list[int] | None) -> dict[int, list[tuple[int, str, dt.date]]]:
    entries = LogAnchorEntry.objects.order_by("case_id", "anchor_id")
    if case_ids is not None:
        entries = entries.filter(case_id__in=case_ids)
    out: dict[int, list[tuple[int, str, dt.date]]] = defaultdict(list)
    for case_id, count, digest, day in entries.values_list("case_id", "count", "last_hash", "anchor__day").iterator(
        chunk_size=5000
    ):
        out[case_id].append((count, digest, day))
    return out


def verify_case_logs(
    case_ids: list[int] | None = None, *, files: bool = True, batch_size: int = 2000
) -> Iterator[tuple[int, list[ChainBreak]]]:
    """Yield (case_id, breaks) for every case with events, a head or an anchored head: chain, head, anchored heads
    and (``files``) the recorded files. Events stream in case order; heads, anchored heads and file references
    are loaded once."""
    heads_qs = CaseLogHead.objects.all()
    if case_ids is not None:
        heads_qs = heads_qs.filter(case_id__in=case_ids)
    heads = {c: (n, h) for c, n, h in heads_qs.values_list("case_id", "count", "last_hash").iterator(chunk_size=5000)}
    anchored = _anchored_heads(case_ids)
    recorded: dict[int, list[RecordedFile]] = defaultdict(list)
    if files:
        for f in evidence_files(case_ids):
            recorded[f.case_id].append(f)
        for f in hooks.recorded_files(case_ids):
            recorded[f.case_id].append(f)
    numbers_qs = Case.objects.all() if case_ids is None else Case.objects.filter(pk__in=case_ids)
    numbers = dict(numbers_qs.values_list("pk", "number"))

    def check(case_id: int, events: list[CaseEvent]) -> list[ChainBreak]:
        found = (
            verify_chain(events, case_id)
            + verify_head(events, case_id, heads.get(case_id))
            + verify_anchored(events, case_id, anchored.get(case_id, []))
            + verify_files(events, case_id, recorded.get(case_id, []))
        )
        number = numbers.get(case_id, "")
        return [ChainBreak(b.case_id, b.seq, b.problem, number) for b in found]

    qs = CaseEvent.objects.order_by("case_id", "seq")
    if case_ids is not None:
        qs = qs.filter(case_id__in=case_ids)
    seen: set[int] = set()
    current: int | None = None
    bucket: list[CaseEvent] = []
    for event in qs.iterator(chunk_size=batch_size):
        if event.case_id != current:
            if current is not None:
                yield current, check(current, bucket)
            current, bucket = event.case_id, []
            seen.add(current)
        bucket.append(event)
    if current is not None:
        yield current, check(current, bucket)
    # Logs emptied entirely still have their head, their anchored heads or their recorded files.
    for case_id in sorted((set(heads) | set(anchored) | set(recorded)) - seen):
        yield case_id, check(case_id, [])


# --- the daily anchor ----------------------------------------------------------------------------------------------
# The digest of an anchor is a multiset hash of every head (the sum modulo 2^256 of the SHA-256 of each head
# line): it covers all heads, yet each anchor's digest follows from the previous one and the heads that changed,
# so verifying every anchor costs the anchored entries, not the number of cases times the number of days.


def _line_value(case_id: int, count: int, last_hash: str) -> int:
    return int.from_bytes(hashlib.sha256(heads_line(case_id, count, last_hash)).digest(), "big")


def _hex(value: int) -> str:
    return f"{value % _MOD:064x}"


def anchor_file() -> Path:
    return Path(settings.EVENTLOG_ANCHOR_FILE)


def _file_record(anchor: LogAnchor) -> dict:
    return {"id": anchor.pk, **anchor.body(), "hash": anchor.hash, "mac": anchor.mac}


@transaction.atomic
def anchor_case_logs(*, now: dt.datetime | None = None) -> LogAnchor:
    """Write today's anchor of every case's log head (the nightly job): the digest of all heads, chained to the
    previous anchor and keyed with the anchor HMAC; the heads changed since the previous anchor are stored as its
    entries, and the anchor is appended to the anchor file. Running it again the same day with nothing changed
    returns the day's anchor."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    prev = LogAnchor.objects.select_for_update().order_by("-id").first()
    total = cases = events = 0
    changed: list[tuple[int, int, str]] = []
    rows = CaseLogHead.objects.order_by("case_id").values_list(
        "case_id", "count", "last_hash", "anchored_count", "anchored_hash"
    )
    for case_id, count, last_hash, anchored_count, anchored_hash in rows.iterator(chunk_size=5000):
        total += _line_value(case_id, count, last_hash)
        cases += 1
        events += count
        if (count, last_hash) != (anchored_count, anchored_hash):
            changed.append((case_id, count, last_hash))
    if prev is not None and prev.day == day and not changed:
        return prev
    anchor = LogAnchor(
        day=day,
        created_at=now,
        cases=cases,
        events=events,
        heads_digest=_hex(total),
        prev_hash=prev.hash if prev else GENESIS,
    )
    anchor.hash = anchor.compute_hash()
    anchor.mac = anchor.compute_mac()
    anchor.save()
    LogAnchorEntry.objects.bulk_create(
        [LogAnchorEntry(anchor=anchor, case_id=c, count=n, last_hash=h) for c, n, h in changed], batch_size=1000
    )
    CaseLogHead.objects.bulk_update(
        [CaseLogHead(case_id=c, anchored_count=n, anchored_hash=h) for c, n, h in changed],
        ["anchored_count", "anchored_hash"],
        batch_size=500,
    )
    # Last: a failure here rolls the anchor back; the file only ever repeats anchors the database holds.
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(_file_record(anchor), sort_keys=True) + "\n")
        fh.flush()
    return anchor


def _read_anchor_file(problems: list[AnchorProblem]) -> dict[int, dict]:
    path = anchor_file()
    if not path.exists():
        return {}
    lines: dict[int, dict] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            lines[int(record["id"])] = record
        except (ValueError, KeyError, TypeError):
            problems.append(AnchorProblem(None, None, f"锚点文件第{number}行无法读取：文件被改动"))
    return lines


def verify_anchors() -> list[AnchorProblem]:
    """Re-check every anchor: its chain link, its hash, its HMAC, its digest against the anchored heads, and its
    copy in the anchor file."""
    problems: list[AnchorProblem] = []
    file_exists = anchor_file().exists()
    in_file = _read_anchor_file(problems)
    entries: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for anchor_id, case_id, count, digest in (
        LogAnchorEntry.objects.order_by("anchor_id", "case_id")
        .values_list("anchor_id", "case_id", "count", "last_hash")
        .iterator(chunk_size=5000)
    ):
        entries[anchor_id].append((case_id, count, digest))
    key = anchor_key()
    state: dict[int, tuple[int, str]] = {}
    total = 0
    prev = GENESIS
    seen: set[int] = set()
    for anchor in LogAnchor.objects.order_by("id").iterator(chunk_size=1000):
        seen.add(anchor.pk)

        def report(problem: str, anchor=anchor) -> None:
            problems.append(AnchorProblem(anchor.pk, anchor.day, problem))

        if anchor.prev_hash != prev:
            report("与前一个锚点的链接不符：锚点被删除、插入或调换")
        if anchor.compute_hash() != anchor.hash:
            report("内容与哈希值不符：锚点被修改")
        if not hmac.compare_digest(anchor.compute_mac(key), anchor.mac):
            report("HMAC校验不符：锚点被不持有密钥者重算（或锚点密钥已更换）")
        for case_id, count, digest in entries.pop(anchor.pk, []):
            if case_id in state:
                total -= _line_value(case_id, *state[case_id])
            state[case_id] = (count, digest)
            total += _line_value(case_id, count, digest)
        if _hex(total) != anchor.heads_digest:
            report("锚定的记录头与锚点摘要不符：锚定的记录头被修改、补入或删除")
        line = in_file.get(anchor.pk)
        if line is None:
            if file_exists:
                report("锚点文件中没有这个锚点：锚点文件被截断或改写")
        elif line != _file_record(anchor):
            report("与锚点文件记载的不符：数据库中的锚点被改写")
        prev = anchor.hash
    if seen and not file_exists:
        problems.append(AnchorProblem(None, None, f"锚点文件{anchor_file()}不存在：锚点文件被删除或未保存"))
    for anchor_id in sorted(set(in_file) - seen):
        record = in_file[anchor_id]
        problems.append(
            AnchorProblem(anchor_id, record.get("day"), "锚点文件记载的这个锚点在数据库中不存在：锚点被删除")
        )
    return problems
