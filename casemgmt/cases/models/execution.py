"""Execution after the decision: payment, remedies, reminder, court enforcement, disclosure."""

from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.models import Officer

from .case import CaseActor


class PaymentKind(models.TextChoices):
    FINE = "fine", "罚款"
    SURCHARGE = "surcharge", "加处罚款"
    CONFISCATION = "confiscation", "没收违法所得"


class Payment(CaseActor):
    kind = models.CharField("款项", max_length=20, choices=PaymentKind.choices, default=PaymentKind.FINE)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    paid_on = models.DateField("缴纳日期")
    receipt_number = models.CharField("票据/缴款凭证号", max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "缴款"
        verbose_name_plural = "缴款"
        ordering = ["paid_on", "id"]


class Deferment(CaseActor):
    """延期或分期缴纳 on written application and approval (APL Art. 66)."""

    instalments = models.PositiveSmallIntegerField("分期数", default=1, help_text="1 表示延期缴纳")
    approved_by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="批准人")
    approved_on = models.DateField("批准日期")
    until = models.DateField("延期/分期截止日期")
    reason = models.TextField("申请理由")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "延期/分期缴纳"
        verbose_name_plural = "延期/分期缴纳"


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class RemedyResult(models.TextChoices):
    """How a 复议 or 诉讼 ended (行政复议法第六十三条至第六十九条; 行政诉讼法第六十九条至第七十八条)."""

    UPHELD = "upheld", "维持（复议维持/判决驳回诉讼请求）"
    REVOKED = "revoked", "撤销"
    CHANGED = "changed", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    DISMISSED = "dismissed", "驳回复议申请/裁定驳回起诉"
    WITHDRAWN = "withdrawn", "申请人撤回/原告撤诉，终止"
    SETTLED = "settled", "调解/和解结案"
    OTHER = "other", "其他"


# The results that reverse or condemn the decision (决定被纠错): the statistics' 被撤销、变更、确认违法或无效.
REVERSING_RESULTS = frozenset(
    {RemedyResult.REVOKED, RemedyResult.CHANGED, RemedyResult.CONFIRMED_ILLEGAL, RemedyResult.CONFIRMED_VOID}
)


class RemedyChallenge(CaseActor):
    """A 复议 or 诉讼 by the party; the surcharge does not accrue meanwhile (APL Art. 73 para 3). Its end and
    result are recorded with it or later (``challenge_conclude``); a challenge without ``ended_on`` is pending."""

    kind = models.CharField("类型", max_length=20, choices=RemedyKind.choices)
    filed_on = models.DateField("提起日期")
    ended_on = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("审结结果", max_length=20, choices=RemedyResult.choices, blank=True)
    outcome = models.CharField("结果", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "复议/诉讼"
        verbose_name_plural = "复议/诉讼"


class Reminder(CaseActor):
    """履行催告书 (行政强制法 Art. 54)."""

    issued_on = models.DateField("催告日期")
    served_on = models.DateField("送达日期", null=True, blank=True)
    content = models.TextField("催告内容")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "履行催告"
        verbose_name_plural = "履行催告"


class CourtApplication(CaseActor):
    """强制执行申请书 to the people's court (行政强制法 Arts. 53–55)."""

    applied_on = models.DateField("申请日期")
    court = models.CharField("受理法院", max_length=100)
    signed_by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="机关负责人")
    outcome = models.CharField("法院裁定", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "强制执行申请"
        verbose_name_plural = "强制执行申请"


class Disclosure(CaseActor):
    """行政处罚决定信息公示 (APL Art. 48; 国办发〔2018〕118号)."""

    published_on = models.DateField("公示日期")
    channel = models.CharField("公示平台", max_length=100)
    content = models.TextField("公示内容")
    change_recorded_on = models.DateField("决定变更/撤销/确认违法或无效日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤下日期", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "信息公示"
        verbose_name_plural = "信息公示"
