"""The matter catalogue (执法事项清单): laws with their versions, and the enforcement matters a case is about.

A matter names the provision that is violated and the penalty provision, with the law version each comes from,
and the statutory range of the penalty. Power grants, discretion benchmarks and no-penalty lists refer to it.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.models import Unit


class Law(models.Model):
    """A law, regulation or rule (法律、法规、规章), independent of its versions."""

    name = models.CharField("名称", max_length=200, unique=True, help_text="如 《中华人民共和国城乡规划法》")
    issuer = models.CharField("制定机关", max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LawVersion(models.Model):
    """One text of a law, in force from ``effective_from`` until ``superseded_on`` (amended or repealed)."""

    law = models.ForeignKey(Law, on_delete=models.PROTECT, related_name="versions", verbose_name="法律法规")
    label = models.CharField("版本", max_length=100, help_text="如 2019年修正")
    effective_from = models.DateField("施行日期")
    superseded_on = models.DateField(
        "失效日期", null=True, blank=True, help_text="修订、修正或废止后不再适用本版本之日；现行有效的留空"
    )
    repealed = models.BooleanField("已废止", default=False, help_text="整部法律废止（而非被新版本取代）")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "法律法规版本"
        verbose_name_plural = "法律法规版本"
        ordering = ["law", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["law", "effective_from"], name="uniq_law_version_start")]

    def __str__(self) -> str:
        return f"{self.law.name}（{self.label}）"

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.superseded_on is None or day < self.superseded_on)


class RangeKind(models.TextChoices):
    FIXED = "fixed", "固定金额幅度"
    MULTIPLE = "multiple", "倍数"
    MAX_ONLY = "max_only", "仅规定上限"
    NONE = "none", "无罚款"


class BaseKind(models.TextChoices):
    ILLEGAL_INCOME = "illegal_income", "违法所得"
    GOODS_VALUE = "goods_value", "货值金额"
    CONTRACT_PRICE = "contract_price", "工程造价"


class Matter(models.Model):
    """An enforcement matter (执法事项): a case's 案由, with its legal basis and statutory penalty range."""

    code = models.CharField("事项编码", max_length=50, unique=True)
    name = models.CharField("事项名称", max_length=300)
    field = models.CharField("执法领域", max_length=50, help_text="如 城市管理、自然资源、生态环境")
    source_department = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_matters",
        verbose_name="原实施部门",
        limit_choices_to={"kind": "county_dept"},
    )
    violated_clause = models.CharField("违法条款", max_length=300)
    violated_law = models.ForeignKey(
        LawVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="违法条款所属法律版本",
        null=True,
        blank=True,
    )
    penalty_clause = models.CharField("罚则条款", max_length=300)
    penalty_law = models.ForeignKey(
        LawVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="罚则条款所属法律版本",
        null=True,
        blank=True,
    )
    penalty_types = models.JSONField("处罚种类", default=list, blank=True)
    range_kind = models.CharField("罚款幅度类型", max_length=20, choices=RangeKind.choices, default=RangeKind.FIXED)
    min_amount = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    base_kind = models.CharField("倍数基数", max_length=20, choices=BaseKind.choices, blank=True)
    min_multiple = models.DecimalField("最低倍数", max_digits=8, decimal_places=2, null=True, blank=True)
    max_multiple = models.DecimalField("最高倍数", max_digits=8, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项清单"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
