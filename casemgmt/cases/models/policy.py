"""Settings tables for thresholds that differ by place (editable by the administrator).

A row with ``unit`` empty is the county-wide default; a row for an enforcement subject overrides it.
Defaults follow the national law and the SAMR rules; legal-brief §10a lists what is unconfirmed locally.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.models import Unit
from casemgmt.org.tree import unit_tree


class ProcedurePolicy(models.Model):
    unit = models.OneToOneField(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="policy",
        verbose_name="执法主体（空为全县默认）",
    )
    statement_period_working_days = models.PositiveSmallIntegerField(
        "陈述申辩期限（工作日）", default=5, help_text="市场监管程序规定第五十七条：五个工作日"
    )
    hearing_request_working_days = models.PositiveSmallIntegerField(
        "听证申请期限（工作日）", default=5, help_text="行政处罚法第六十四条"
    )
    hearing_notice_working_days = models.PositiveSmallIntegerField(
        "听证通知提前（工作日）", default=7, help_text="行政处罚法第六十四条"
    )
    summary_fine_limit_citizen = models.DecimalField(
        "简易程序罚款上限·公民（元）", max_digits=10, decimal_places=2, default=Decimal("200")
    )
    summary_fine_limit_organisation = models.DecimalField(
        "简易程序罚款上限·法人或其他组织（元）", max_digits=10, decimal_places=2, default=Decimal("3000")
    )
    summary_single_officer_allowed = models.BooleanField(
        "简易程序允许一名执法人员", default=False, help_text="行政处罚法第四十二条“法律另有规定的除外”；以本地规定为准"
    )
    on_spot_collection_limit = models.DecimalField(
        "当场收缴罚款上限（元）", max_digits=10, decimal_places=2, default=Decimal("100")
    )
    decision_days = models.PositiveSmallIntegerField("作出决定期限（自然日）", default=90)
    extension_days = models.PositiveSmallIntegerField("经批准可延长（自然日）", default=30)
    service_working_days = models.PositiveSmallIntegerField("决定书送达期限（工作日）", default=7)
    disclosure_working_days = models.PositiveSmallIntegerField(
        "处罚决定公示期限（工作日）", default=7, help_text="国办发〔2018〕118号：七个工作日；部分领域二十个工作日"
    )
    disclosure_withdraw_working_days = models.PositiveSmallIntegerField("公示撤下期限（工作日）", default=3)
    closing_working_days = models.PositiveSmallIntegerField("结案审批期限（工作日）", default=15)
    preservation_working_days = models.PositiveSmallIntegerField(
        "先行登记保存处理期限（工作日）",
        default=7,
        help_text="行政处罚法第五十六条；市场监管程序规定第三十四条：七个工作日",
    )
    seizure_days = models.PositiveSmallIntegerField(
        "查封扣押期限（自然日）", default=30, help_text="行政强制法第二十五条：不得超过三十日"
    )
    seizure_extension_days = models.PositiveSmallIntegerField(
        "查封扣押可延长（自然日）", default=30, help_text="行政强制法第二十五条：延长期限不得超过三十日"
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        "催告后申请强制执行间隔（工作日）", default=10, help_text="行政强制法第五十四条、第六十九条：十日（工作日）"
    )
    payment_days = models.PositiveSmallIntegerField(
        "缴纳罚款期限（自然日）", default=15, help_text="行政处罚法第六十七条第三款：自收到决定书之日起十五日内"
    )
    surcharge_percent = models.PositiveSmallIntegerField(
        "加处罚款比例（每日，百分之）", default=3, help_text="行政处罚法第七十二条第一款：每日按罚款数额的百分之三"
    )
    reconsideration_days = models.PositiveSmallIntegerField(
        "申请行政复议期限（自然日）", default=60, help_text="行政复议法第二十条：自知道之日起六十日内"
    )
    litigation_months = models.PositiveSmallIntegerField(
        "提起行政诉讼期限（月）", default=6, help_text="行政诉讼法第四十六条：自知道之日起六个月内"
    )
    court_application_months = models.PositiveSmallIntegerField(
        "申请法院强制执行期限（月）", default=3, help_text="行政强制法第五十三条：复议、诉讼期限届满之日起三个月内"
    )
    public_service_days = models.PositiveSmallIntegerField(
        "公告送达期间（自然日）", default=30, help_text="民事诉讼法第九十五条：自发出公告之日起经过三十日即视为送达"
    )
    collective_discussion_for_all_reviewed = models.BooleanField(
        "经法制审核的案件均须集体讨论", default=True, help_text="市场监管程序规定第六十条第二款"
    )
    legal_review_all_ordinary = models.BooleanField("普通程序案件一律法制审核", default=False)
    local_procedure_source = models.CharField(
        "本地程序规定",
        max_length=200,
        blank=True,
        help_text="本执法主体适用的地方性法规、规章或规范性文件（名称及条款），如 移送管辖期限的本地规定；"
        "引用地方规定的规则在本单位案件中引用它",
    )
    transfer_working_days = models.PositiveSmallIntegerField(
        "案件移送期限（工作日）", default=3, help_text="发现不属本机关管辖之日起；以本地程序规定为准"
    )
    transfer_major_hours = models.PositiveSmallIntegerField(
        "重大案件移送期限（小时）", default=24, help_text="重大安全、食品、环境违法行为"
    )
    designation_working_days = models.PositiveSmallIntegerField(
        "指定管辖期限（工作日）", default=7, help_text="市场监管程序规定第十六条"
    )
    assistance_reply_working_days = models.PositiveSmallIntegerField(
        "协助调查答复期限（工作日）", default=15, help_text="市场监管程序规定第四十五条"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "程序参数"
        verbose_name_plural = "程序参数"

    def __str__(self) -> str:
        return f"程序参数：{self.unit or '全县默认'}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_policy_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        clear_policy_cache()
        return result

    @classmethod
    def for_unit(cls, unit: Unit | None) -> ProcedurePolicy:
        """The policy in force for an enforcement subject: its own row, else the default, else built-ins."""
        return policy_snapshot().policy_for(unit.pk if unit is not None else None)


class Comparison(models.TextChoices):
    GTE = "gte", "≥（以上）"
    GT = "gt", "＞（超过）"


class ThresholdTrigger(models.Model):
    """A fine threshold by party type, with effective dates and a configurable comparison."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="执法主体（空为全县）"
    )
    field = models.CharField("领域（空为全部）", max_length=50, blank=True)
    citizen_fine = models.DecimalField("公民罚款标准（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    organisation_fine = models.DecimalField(
        "法人或其他组织罚款标准（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    comparison = models.CharField("比较方式", max_length=5, choices=Comparison.choices, default=Comparison.GTE)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    source = models.CharField("依据", max_length=200)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_policy_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        clear_policy_cache()
        return result

    def matches(self, *, amount: Decimal, is_citizen: bool) -> bool:
        threshold = self.citizen_fine if is_citizen else self.organisation_fine
        if threshold is None:
            return False
        return amount >= threshold if self.comparison == Comparison.GTE else amount > threshold


class HearingTrigger(ThresholdTrigger):
    """较大数额罚款 thresholds that open the right to a hearing (APL Art. 63)."""

    history = HistoricalRecords()

    class Meta:
        verbose_name = "听证标准（较大数额罚款）"
        verbose_name_plural = "听证标准（较大数额罚款）"


class ReviewTrigger(ThresholdTrigger):
    """重大执法决定法制审核目录 fine thresholds (APL Art. 58 item 4). Built-in triggers live in the rulebook."""

    includes_licence_revocation = models.BooleanField("吊销许可证件、责令停产停业等", default=True)
    penalty_types = models.JSONField(
        "触发审核的处罚种类",
        default=list,
        blank=True,
        help_text="处罚种类代码列表，如 revoke_licence、suspend_business；为空时仅按上一项判断",
    )
    # 减轻处罚 and "经过听证" are built-in triggers (APL Art. 58 item 2; legal-brief §2.1), not table rows.
    on_aggravation = models.BooleanField("从重处罚须法制审核", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "法制审核标准"
        verbose_name_plural = "法制审核标准"


# --- a short-lived, per-process snapshot of the settings tables -----------------------------------------------
# The rulebook reads these on every gate; they change rarely (an administrator's edit). Writers clear the
# snapshot in their own process at once; other processes see a change within POLICY_TTL_SECONDS.

POLICY_TTL_SECONDS = 5.0


@dataclass
class PolicySnapshot:
    policies: dict[int | None, ProcedurePolicy] = field(default_factory=dict)
    hearing: list[HearingTrigger] = field(default_factory=list)
    review: list[ReviewTrigger] = field(default_factory=list)

    def unit_chain(self, unit_id: int | None) -> set[int]:
        """The unit and its ancestors, from the unit tree (kept for the rule modules that ask the snapshot)."""
        return set(unit_tree().chain(unit_id))

    def policy_for(self, unit_id: int | None) -> ProcedurePolicy:
        return self.policies.get(unit_id) or self.policies.get(None) or ProcedurePolicy()

    def hearing_triggers_for(self, unit_id: int | None) -> list[HearingTrigger]:
        return [t for t in self.hearing if t.unit_id in (None, unit_id)]

    def review_triggers_for(self, unit_id: int | None) -> list[ReviewTrigger]:
        return [t for t in self.review if t.unit_id in (None, unit_id)]


_snapshot_lock = threading.Lock()
_snapshot: tuple[float, PolicySnapshot] | None = None


def _clear_only() -> None:
    global _snapshot
    with _snapshot_lock:
        _snapshot = None


def clear_policy_cache() -> None:
    """Clear now (this transaction sees its change) and again after commit."""
    _clear_only()
    from django.db import connection, transaction

    if connection.in_atomic_block:
        transaction.on_commit(_clear_only)


def policy_snapshot() -> PolicySnapshot:
    global _snapshot
    now = time.monotonic()
    current = _snapshot
    if current is not None and now - current[0] < POLICY_TTL_SECONDS:
        return current[1]
    snap = PolicySnapshot(
        policies={p.unit_id: p for p in ProcedurePolicy.objects.all()},
        hearing=list(HearingTrigger.objects.all()),
        review=list(ReviewTrigger.objects.all()),
    )
    with _snapshot_lock:
        _snapshot = (now, snap)
    return snap
