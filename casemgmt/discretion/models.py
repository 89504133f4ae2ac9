"""Discretion benchmarks (行政裁量权基准), the discretion rationale of a decision, and no-penalty lists.

Benchmarks are versioned per matter with effective dates: the version in force on the violation date applies
(APL Art. 34; 国办发〔2022〕27号). The calculation itself is in :mod:`casemgmt.discretion.calc`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casemgmt.cases.models import Case, Decision, PartyKind
from casemgmt.powers.models import Matter

from . import calc
from .calc import Level, Mode, PartyScope, Unit

LEVEL_CHOICES = [(k, v) for k, v in Level.LABELS.items()]
MODE_CHOICES = [(k, v) for k, v in Mode.LABELS.items()]
SCOPE_CHOICES = [(k, v) for k, v in PartyScope.LABELS.items()]
UNIT_CHOICES = [(k, v) for k, v in Unit.LABELS.items()]


def statutory_range(matter: Matter) -> calc.StatutoryRange:
    if matter.range_kind == calc.RangeKind.MULTIPLE:
        return calc.StatutoryRange(
            kind=matter.range_kind,
            low=matter.min_multiple,
            high=matter.max_multiple,
            base_label=matter.get_base_kind_display() if matter.base_kind else "基数",
        )
    return calc.StatutoryRange(kind=matter.range_kind, low=matter.min_amount, high=matter.max_amount)


class BenchmarkQuerySet(models.QuerySet):
    def in_force(self, on: dt.date):
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on), effective_from__lte=on)


class Benchmark(models.Model):
    """One version of the discretion benchmark for one matter (裁量基准)."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="benchmarks", verbose_name="执法事项")
    version = models.CharField("版本", max_length=50, help_text="如 2025版")
    source = models.CharField(
        "裁量基准来源", max_length=200, blank=True, help_text="制定机关和文号，如 浙民宗发〔2023〕45号"
    )
    item_number = models.CharField("序号", max_length=20, blank=True)
    mode = models.CharField("计算方式", max_length=20, choices=MODE_CHOICES, default=Mode.BANDS)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("废止日期", null=True, blank=True, help_text="最后适用之日；现行有效的留空")
    note = models.TextField("备注", blank=True)

    history = HistoricalRecords()
    objects = BenchmarkQuerySet.as_manager()

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["matter__code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "effective_from"], name="uniq_benchmark_matter_start"),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        item = f"第{self.item_number}项" if self.item_number else ""
        source = f"（{self.source}）" if self.source else ""
        return f"{self.matter.name}裁量基准{self.version}{item}{source}"

    def spec(self) -> calc.BenchmarkSpec:
        return calc.BenchmarkSpec(
            ref=self.ref,
            version=self.version,
            matter_code=self.matter.code,
            matter_name=self.matter.name,
            penalty_clause=self.matter.penalty_clause,
            mode=self.mode,
            statutory=statutory_range(self.matter),
            tiers=tuple(t.spec() for t in self.tiers.all()),
            circumstances=tuple(c.spec() for c in self.circumstances.all()),
            pk=self.pk,
        )


class Tier(models.Model):
    """A tier (裁量阶次) with its conditions and band: in yuan or, for fines in multiples, in multiples (unit blank);
    or per unit of a quantity recorded on the case (per m², per metre, per day, per item) or in multiples of the
    违法所得. A fixed amount (罚款200元) has the same low and high bound."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="tiers", verbose_name="裁量基准")
    level = models.CharField("裁量阶次", max_length=20, choices=LEVEL_CHOICES)
    party = models.CharField("适用对象", max_length=20, choices=SCOPE_CHOICES, blank=True, default="")
    conditions = models.TextField("适用条件")
    unit = models.CharField(
        "计罚单位",
        max_length=20,
        choices=UNIT_CHOICES,
        blank=True,
        default="",
        help_text="留空：幅度按罚则的单位（元，倍数罚款为倍数）；按面积、长度、天数、件数或违法所得倍数计罚的选相应单位",
    )
    low = models.DecimalField("幅度下限", max_digits=14, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(
        "幅度上限", max_digits=14, decimal_places=2, null=True, blank=True, help_text="固定金额的，上限与下限相同"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "裁量阶次"
        verbose_name_plural = "裁量阶次"
        ordering = ["benchmark", "party", "id"]

    def __str__(self) -> str:
        return self.get_level_display()

    @property
    def wording(self) -> str:
        """The amount as the table words it: 罚款200元, 2000元至5000元, 每平方米100元至200元 …"""
        return calc.tier_wording(self.spec(), statutory_range(self.benchmark.matter))

    def spec(self) -> calc.TierSpec:
        return calc.TierSpec(
            level=self.level,
            conditions=self.conditions,
            low=self.low,
            high=self.high,
            party=self.party,
            unit=self.unit,
        )


class Circumstance(models.Model):
    """A circumstance (裁量情节/因素) that can be ticked: it points to a tier, or adds a percentage (湖南)."""

    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.CASCADE, related_name="circumstances", verbose_name="裁量基准"
    )
    code = models.CharField("代码", max_length=30)
    label = models.CharField("情节", max_length=300)
    level = models.CharField("指向阶次", max_length=20, choices=LEVEL_CHOICES, blank=True)
    percent = models.DecimalField("因素百分比", max_digits=6, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "裁量情节"
        verbose_name_plural = "裁量情节"
        ordering = ["benchmark", "id"]
        constraints = [models.UniqueConstraint(fields=["benchmark", "code"], name="uniq_circumstance_code")]

    def __str__(self) -> str:
        return self.label

    def spec(self) -> calc.CircumstanceSpec:
        return calc.CircumstanceSpec(code=self.code, label=self.label, level=self.level, percent=self.percent)


class DiscretionRationale(models.Model):
    """The discretion rationale (裁量说明理由) recorded for a case's penalty and kept with its decision."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discretion_rationales")
    decision = models.OneToOneField(
        Decision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discretion_rationale",
        verbose_name="处理决定",
    )
    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="裁量基准版本"
    )
    benchmark_ref = models.CharField("适用裁量基准", max_length=200, blank=True)
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="+", verbose_name="执法事项")
    party_kind = models.CharField("当事人类型", max_length=20, choices=PartyKind.choices)
    circumstances = models.JSONField("裁量情节", default=list, blank=True)
    tier = models.CharField("裁量阶次", max_length=20, choices=LEVEL_CHOICES)
    band_low = models.DecimalField("阶次幅度下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    band_high = models.DecimalField("阶次幅度上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    suggested = models.DecimalField("建议罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    statutory_low = models.DecimalField("法定下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    statutory_high = models.DecimalField("法定上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    base_amount = models.DecimalField(
        "计罚基数（元）", max_digits=14, decimal_places=2, null=True, blank=True, help_text="违法所得或货值金额"
    )
    quantity = models.DecimalField(
        "计罚数量", max_digits=14, decimal_places=2, null=True, blank=True, help_text="按面积、长度、天数或件数计罚时"
    )
    unit = models.CharField("计罚单位", max_length=20, choices=UNIT_CHOICES, blank=True, default="")
    formula = models.CharField("计算过程", max_length=300, blank=True)
    chosen_amount = models.DecimalField("拟罚款（元）", max_digits=14, decimal_places=2)
    reasons = models.TextField("裁量理由")
    deviation_reason = models.TextField("超出阶次幅度的理由", blank=True)
    clauses = models.CharField("适用条款", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField("记录日期")
    # Filled when the decision is made: the amount decided, for the same-violation distribution (类案不同罚).
    decided_amount = models.DecimalField("决定罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "裁量说明"
        verbose_name_plural = "裁量说明"
        ordering = ["case", "id"]
        indexes = [
            # The distribution reads count/min/max and the quartiles by OFFSET along this index (both databases).
            models.Index(
                fields=["matter", "tier", "decided_amount"],
                name="disc_rationale_distribution",
                condition=Q(decided_amount__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.chosen_amount}元"

    @property
    def outside_band(self) -> bool:
        return _outside(self.chosen_amount, self.band_low, self.band_high)

    @property
    def outside_statutory(self) -> bool:
        return _outside(self.chosen_amount, self.statutory_low, self.statutory_high)


def _outside(amount, low, high) -> bool:
    if amount is None or low is None or high is None:
        return False
    return not (Decimal(low) <= Decimal(amount) <= Decimal(high))


class NoPenaltyList(models.Model):
    """A published no-penalty / 首违不罚 list (不予处罚清单), e.g. 嘉善县综合行政执法局 2022-12-01."""

    name = models.CharField("清单名称", max_length=200)
    issuer = models.CharField("制定机关", max_length=100)
    document_number = models.CharField("文号", max_length=100, blank=True)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("废止日期", null=True, blank=True)
    lookback_months = models.PositiveSmallIntegerField(
        "首次违法回溯期（月）",
        help_text="违法行为发生之日前多少个月内无同类违法记录方为首次违法；各清单自行规定",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "不予处罚清单"
        verbose_name_plural = "不予处罚清单"
        ordering = ["-effective_from", "name"]

    def __str__(self) -> str:
        return self.name


class NoPenaltyItemKind(models.TextChoices):
    FIRST = "first", "首违不罚（第三十三条第一款第二句）"
    MINOR = "minor", "轻微不罚（第三十三条第一款第一句）"


class NoPenaltyItem(models.Model):
    no_penalty_list = models.ForeignKey(
        NoPenaltyList, on_delete=models.CASCADE, related_name="items", verbose_name="清单"
    )
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="+", verbose_name="执法事项")
    kind = models.CharField("类型", max_length=10, choices=NoPenaltyItemKind.choices, default=NoPenaltyItemKind.FIRST)
    conditions = models.TextField("适用条件")
    same_matter_only = models.BooleanField(
        "仅同类违法行为计入", default=True, help_text="勾选时，只有同一执法事项的违法记录视为“非首次”"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "不予处罚事项"
        verbose_name_plural = "不予处罚事项"
        ordering = ["no_penalty_list", "id"]

    def __str__(self) -> str:
        return f"{self.matter.name}（{self.get_kind_display()}）"


class NoPenaltyAssessment(models.Model):
    """The 首违不罚 file of a case: the prior-record lookup as run by the system, correction and education."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="no_penalty_assessments")
    item = models.ForeignKey(NoPenaltyItem, on_delete=models.PROTECT, related_name="+", verbose_name="清单事项")
    violation_on = models.DateField("违法行为发生日期")
    window_start = models.DateField("回溯起始日")
    looked_up_on = models.DateField("查询日期")
    identifiers = models.JSONField("查询的证件号码", default=list)
    prior_records = models.JSONField("查得的违法记录", default=list, blank=True)
    correction_proof = models.TextField("改正证明", blank=True)
    education_measure = models.TextField("教育措施", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "首违不罚审查"
        verbose_name_plural = "首违不罚审查"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case} 首违不罚审查"
