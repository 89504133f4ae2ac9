"""Append-only case event log with a hash chain (全过程记录, APL Art. 47).

Each event stores the hash of the previous event of the same case; ``verify_case_log`` recomputes the chain
and reports the first event that was edited, removed or reordered.
"""

import datetime as dt
import hashlib
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
