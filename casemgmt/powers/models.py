"""The matter catalogue (执法事项清单): laws with their versions, and the enforcement matters a case is about.

A matter names the provision that is violated and the penalty provision, with the law version each comes from,
and the statutory range of the penalty. Power grants, discretion benchmarks and no-penalty lists refer to it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.models import Unit


def clear_catalogue_cache() -> None:
    from .holders import clear_catalogue_cache as clear

    clear()


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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_catalogue_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        clear_catalogue_cache()
        return result

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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_catalogue_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        clear_catalogue_cache()
        return result


# --- power lists (赋权事项清单) ------------------------------------------------------------------------------


class GrantMode(models.TextChoices):
    EMPOWER = "empower", "赋权（以乡镇人民政府名义）"
    ENTRUST = "entrust", "委托（以县级部门名义）"


class PowerGrant(models.Model):
    """One matter handed to one township (行政处罚法第二十四条 赋权; 第二十条 委托), effective-dated.

    ``effective_to`` and ``transition_until`` are the last days they cover (inclusive). During the transition
    period (from ``effective_from`` to ``transition_until``) the lead county department is the enforcement subject
    and the township's brigade assists; after it the township acts (赋权) in its own name, or (委托) in the
    department's name.
    """

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="grants", verbose_name="执法事项")
    township = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="power_grants",
        verbose_name="承接乡镇",
        limit_choices_to={"kind": "township"},
    )
    mode = models.CharField("方式", max_length=10, choices=GrantMode.choices, default=GrantMode.EMPOWER)
    document_number = models.CharField("决定文号", max_length=100)
    published_on = models.DateField("公布日期")
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("终止日期", null=True, blank=True, help_text="最后有效日；收回或到期时填写")
    transition_until = models.DateField(
        "过渡期截止日期", null=True, blank=True, help_text="过渡期最后一日；过渡期内由牵头县级部门主办、乡镇协办"
    )
    transition_lead = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="过渡期牵头部门",
        limit_choices_to={"kind": "county_dept"},
    )
    lead_finishes_open_cases = models.BooleanField(
        "过渡期内立案的案件由牵头部门办结",
        default=True,
        help_text="不勾选的，过渡期结束时由管理员将未决案件移送乡镇（见“重新分派”）",
    )
    note = models.CharField("备注", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "赋权事项"
        verbose_name_plural = "赋权事项清单"
        ordering = ["township", "matter", "effective_from"]
        indexes = [models.Index(fields=["township", "matter", "effective_from"], name="grant_township_matter")]

    def __str__(self) -> str:
        return f"{self.township} · {self.matter} · {self.get_mode_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_catalogue_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        clear_catalogue_cache()
        return result

    def covers(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def in_transition(self, day) -> bool:
        return self.covers(day) and self.transition_until is not None and day <= self.transition_until

    def clean(self) -> None:
        from .validation import grant_problems

        problems = grant_problems(self)
        if problems:
            raise ValidationError(problems)


# --- transfers (移送), criminal referrals and assistance requests ----------------------------------------------


class TransferStatus(models.TextChoices):
    SENT = "sent", "已移送，待接收"
    ACCEPTED = "accepted", "已接收"
    DESIGNATION_REQUESTED = "designation_requested", "报请指定管辖"
    DESIGNATED = "designated", "已指定管辖"


class Transfer(models.Model):
    """A case sent to another unit for jurisdiction (市场监管程序规定第十四条、第十七条). The receiver accepts it
    (the case moves) or asks the common superior to designate (指定管辖); it may never transfer it on."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="transfers", verbose_name="案件")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="移送单位")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="接收单位")
    reason = models.TextField("移送理由")
    materials = models.JSONField("移送材料清单", default=list, blank=True, help_text="证据名称及SHA-256")
    is_major = models.BooleanField("重大案件（24小时内移送）", default=False)
    found_at = models.DateTimeField("发现不属本单位管辖时间")
    due_at = models.DateTimeField("移送期限")
    sent_at = models.DateTimeField("移送时间")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="移送经办人"
    )
    status = models.CharField("状态", max_length=30, choices=TransferStatus.choices, default=TransferStatus.SENT)
    received_on = models.DateField("接收日期", null=True, blank=True)
    receipt_number = models.CharField("回执编号", max_length=100, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    designation_reason = models.TextField("报请指定管辖理由", blank=True)
    designation_requested_on = models.DateField("报请日期", null=True, blank=True)
    designation_due_on = models.DateField("指定期限", null=True, blank=True)
    superior = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="共同上级"
    )
    designated_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="指定管辖单位"
    )
    designated_on = models.DateField("指定日期", null=True, blank=True)
    designation_document = models.CharField("指定管辖文号", max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "案件移送"
        verbose_name_plural = "案件移送"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.from_unit}→{self.to_unit}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "已移送"
    RECEIVED = "received", "司法机关已接收"


class CriminalReferral(models.Model):
    """涉嫌犯罪案件移送 to the judicial organs with the seized items (行政处罚法第二十七条; 行政强制法第二十一条)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="criminal_referrals", verbose_name="案件"
    )
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="移送单位")
    organ = models.CharField("接收机关", max_length=100, help_text="如 示范县公安局")
    reason = models.TextField("涉嫌犯罪的事实和理由")
    seized_items = models.JSONField("涉案物品清单", default=list, blank=True)
    materials = models.JSONField("移送材料清单", default=list, blank=True)
    sent_on = models.DateField("移送日期")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    received_on = models.DateField("接收日期", null=True, blank=True)
    receipt_number = models.CharField("回执编号", max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "涉嫌犯罪案件移送"
        verbose_name_plural = "涉嫌犯罪案件移送"
        ordering = ["-sent_on", "-id"]


class AssistanceRequest(models.Model):
    """协助调查 (行政处罚法第二十六条): the requested unit replies within 15 working days or says why it needs more
    (市场监管程序规定第四十五条)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="assistance_requests", verbose_name="案件"
    )
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="请求单位")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="被请求单位")
    request = models.TextField("协助事项")
    sent_on = models.DateField("发出日期")
    due_on = models.DateField("答复期限")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply = models.TextField("答复内容", blank=True)
    delay_reason = models.TextField("不能按期完成的理由", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "协助调查"
        verbose_name_plural = "协助调查"
        ordering = ["-sent_on", "-id"]
