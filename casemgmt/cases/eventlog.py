"""Verification of the hash-chained case event log (全过程记录, APL Art. 47)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .models import CaseEvent
from .models.events import GENESIS


@dataclass(frozen=True)
class ChainBreak:
    case_id: int
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"第{self.seq}条" if self.seq is not None else "日志"
        return f"案件#{self.case_id} {where}：{self.problem}"


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


def verify_case_logs(
    case_ids: list[int] | None = None, *, batch_size: int = 2000
) -> Iterator[tuple[int, list[ChainBreak]]]:
    """Yield (case_id, breaks) for every case with events, streaming in id order with bounded memory."""
    qs = CaseEvent.objects.order_by("case_id", "seq")
    if case_ids:
        qs = qs.filter(case_id__in=case_ids)
    current: int | None = None
    bucket: list[CaseEvent] = []
    for event in qs.iterator(chunk_size=batch_size):
        if event.case_id != current:
            if current is not None:
                yield current, verify_chain(bucket, current)
            current, bucket = event.case_id, []
        bucket.append(event)
    if current is not None:
        yield current, verify_chain(bucket, current)
