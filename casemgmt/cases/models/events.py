"""Append-only case event log with a hash chain (全过程记录, APL Art. 47).

Each event stores the hash of the previous event of the same case; ``verify_case_log`` recomputes the chain
and reports every event that was edited, removed or reordered. A chain alone cannot show that its newest events
were deleted, nor that it was re-hashed after an edit: the per-case head (``CaseLogHead``, written with every
append) shows the first, the daily anchor of all heads (``LogAnchor``, HMAC-keyed and also appended to a file
outside the database) the second.
"""

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .case import Case

GENESIS = "0" * 64


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField("序号")
    action = models.CharField("操作", max_length=50)
    summary = models.CharField("摘要", max_length=300)
    payload = models.JSONField("数据", default=dict, encoder=DjangoJSONEncoder)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间")
    reason = models.CharField("理由", max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "案件操作记录"
        verbose_name_plural = "案件操作记录"
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="uniq_case_event_seq")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action}"

    def compute_hash(self) -> str:
        body = {
            "case": self.case_id,
            "seq": self.seq,
            "action": self.action,
            "summary": self.summary,
            "payload": self.payload,
            "actor": self.actor_id,
            "at": self.at.astimezone(dt.UTC).isoformat(),
            "reason": self.reason,
            "prev": self.prev_hash,
        }
        raw = json.dumps(body, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
        return hashlib.sha256(raw.encode()).hexdigest()


class CaseLogHead(models.Model):
    """The head of one case's log: how many events it holds and the hash of the newest. Updated in the transaction
    of every append, so deleting the newest events leaves the head ahead of the chain. ``anchored_*`` is what the
    last anchor recorded for this case (bookkeeping of the nightly anchor; the anchor entries are the evidence)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, primary_key=True, related_name="log_head")
    count = models.PositiveIntegerField("记录条数")
    last_hash = models.CharField("最新记录哈希", max_length=64)
    anchored_count = models.PositiveIntegerField("已锚定条数", default=0)
    anchored_hash = models.CharField("已锚定哈希", max_length=64, blank=True)

    class Meta:
        verbose_name = "案件操作记录头"
        verbose_name_plural = "案件操作记录头"

    def __str__(self) -> str:
        return f"{self.case_id}: {self.count}"


def anchor_key() -> bytes:
    """The HMAC key of the anchors: ``EVENTLOG_ANCHOR_KEY`` or, when unset, one derived from ``SECRET_KEY``.
    Whoever re-hashes the log and its anchors without this key leaves anchors whose MAC does not verify."""
    configured = getattr(settings, "EVENTLOG_ANCHOR_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"casemgmt.eventlog.anchor", hashlib.sha256).digest()


class LogAnchor(models.Model):
    """A daily anchor of every case's log head: a digest over all heads, chained to the previous anchor, keyed
    with an HMAC and appended to the anchor file (``EVENTLOG_ANCHOR_FILE``) as well as stored here."""

    day = models.DateField("日期", db_index=True)
    created_at = models.DateTimeField("生成时间")
    cases = models.PositiveIntegerField("案件数")
    events = models.PositiveBigIntegerField("记录总数")
    heads_digest = models.CharField("记录头摘要", max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    mac = models.CharField("HMAC", max_length=64)

    class Meta:
        verbose_name = "操作记录锚点"
        verbose_name_plural = "操作记录锚点"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.day} {self.hash[:12]}"

    def body(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "at": self.created_at.astimezone(dt.UTC).isoformat(),
            "cases": self.cases,
            "events": self.events,
            "heads": self.heads_digest,
            "prev": self.prev_hash,
        }

    def _raw(self) -> bytes:
        return json.dumps(self.body(), sort_keys=True).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self._raw()).hexdigest()

    def compute_mac(self, key: bytes | None = None) -> str:
        return hmac.new(key or anchor_key(), self._raw(), hashlib.sha256).hexdigest()


class LogAnchorEntry(models.Model):
    """The head of one case as an anchor recorded it; written only for the heads changed since the previous
    anchor, so that the heads at any anchor are the latest entries up to it."""

    anchor = models.ForeignKey(LogAnchor, on_delete=models.PROTECT, related_name="entries")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField("记录条数")
    last_hash = models.CharField("最新记录哈希", max_length=64)

    class Meta:
        verbose_name = "锚定的记录头"
        verbose_name_plural = "锚定的记录头"
        constraints = [models.UniqueConstraint(fields=["anchor", "case"], name="uniq_anchor_case")]


def heads_line(case_id: int, count: int, last_hash: str) -> bytes:
    """One head as it enters an anchor's digest (heads in case id order)."""
    return f"{case_id}:{count}:{last_hash}\n".encode()
