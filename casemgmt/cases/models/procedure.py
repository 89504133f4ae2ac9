"""Stage records from the investigation report to closing (APL Arts. 44–65; SAMR Arts. 48–77)."""

from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.models import Officer

from .case import CaseActor


class PenaltyFields(models.Model):
    """A penalty as proposed, notified or decided."""

    penalty_types = models.JSONField("处罚种类", default=list, blank=True)
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, default=0)
    confiscation_amount = models.DecimalField("没收金额（元）", max_digits=14, decimal_places=2, default=0)

    class Meta:
        abstract = True


class InvestigationReport(CaseActor, PenaltyFields):
    """案件调查终结报告 (SAMR Art. 48)."""

    submitted_on = models.DateField("报告日期")
    facts = models.TextField("查明的事实")
    evidence_summary = models.TextField("主要证据")
    nature = models.TextField("违法性质")
    legal_basis = models.TextField("处理依据")
    discretion_reasons = models.TextField("裁量理由")
    proposes_reduction = models.BooleanField("拟减轻处罚", default=False)
    reduction_ground = models.TextField("减轻处罚法定依据", blank=True)
    proposes_no_penalty = models.BooleanField("拟不予处罚", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "调查终结报告"
        verbose_name_plural = "调查终结报告"
        ordering = ["submitted_on", "id"]


class ReviewKind(models.TextChoices):
    LEGAL = "legal", "法制审核"
    CASE = "case", "案件审核"


class ReviewResult(models.TextChoices):
    APPROVE = "approve", "同意"
    CORRECT = "correct", "建议纠正"
    INVESTIGATE = "investigate", "建议补充调查"
    OTHER = "other", "其他意见"


class ReviewOpinion(CaseActor):
    """法制审核 / 案件审核 opinion; each resubmission is a new round (SAMR Arts. 49–54)."""

    kind = models.CharField("审核类型", max_length=10, choices=ReviewKind.choices)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    reviewer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="审核人")
    reviewed_on = models.DateField("审核日期")
    result = models.CharField("审核意见", max_length=20, choices=ReviewResult.choices)
    opinion = models.TextField("审核意见书内容")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["reviewed_on", "round", "id"]


class Notice(CaseActor, PenaltyFields):
    """行政处罚事先告知书 (APL Art. 44). A heavier penalty needs a fresh notice (APL Art. 45)."""

    issued_on = models.DateField("告知日期")
    includes_hearing_right = models.BooleanField("含听证权利告知", default=False)
    served_on = models.DateField("送达日期", null=True, blank=True)
    facts_and_reasons = models.TextField("事实、理由及依据")
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="替代的告知书"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "事先告知"
        verbose_name_plural = "事先告知"
        ordering = ["issued_on", "id"]


class StatementKind(models.TextChoices):
    STATEMENT = "statement", "陈述申辩"
    WAIVER = "waiver", "书面放弃陈述申辩/听证"
    HEARING_REQUEST = "hearing_request", "申请听证"


class Statement(CaseActor):
    """陈述申辩, a written waiver, or a hearing request, and the agency's 复核 (APL Arts. 45, 64)."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="statements", verbose_name="告知书")
    kind = models.CharField("类型", max_length=20, choices=StatementKind.choices)
    received_on = models.DateField("提出日期")
    content = models.TextField("内容", blank=True)
    recheck = models.TextField("复核意见", blank=True)
    rechecked_on = models.DateField("复核日期", null=True, blank=True)
    adopted = models.BooleanField("是否采纳", null=True, blank=True)
    # A written waiver (kind WAIVER) says which rights it gives up and points at the party's signed document.
    waives_statement = models.BooleanField("放弃陈述申辩", default=False)
    waives_hearing = models.BooleanField("放弃听证", default=False)
    signed_document = models.ForeignKey(
        "cases.EvidenceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="当事人签名的书面放弃书（证据）",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "陈述申辩/听证申请"
        verbose_name_plural = "陈述申辩/听证申请"
        ordering = ["received_on", "id"]


class Hearing(CaseActor):
    """听证 (APL Arts. 63–65)."""

    request = models.OneToOneField(Statement, on_delete=models.PROTECT, related_name="hearing", verbose_name="听证申请")
    presider = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="主持人")
    notice_served_on = models.DateField("听证通知送达日期")
    scheduled_on = models.DateField("听证日期")
    held_on = models.DateField("举行日期", null=True, blank=True)
    ended_on = models.DateField("结束日期", null=True, blank=True)
    party_absent = models.BooleanField("当事人无正当理由未到场（视为放弃）", default=False)
    report = models.TextField("听证报告", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"


class CollectiveDiscussion(CaseActor):
    """集体讨论 (APL Art. 57 para 2; SAMR Arts. 60, 64)."""

    held_on = models.DateField("讨论日期")
    chair = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="主持人")
    participants = models.TextField("参加人员")
    conclusion = models.TextField("讨论结论")
    new_deadline = models.DateField("确定的办案期限", null=True, blank=True, help_text="延长办案期限时必填")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["held_on", "id"]


class DeadlineExtension(CaseActor):
    """Extension of the 90-day decision limit: +30 days with head approval (SAMR Art. 64)."""

    approved_by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="批准人")
    approved_on = models.DateField("批准日期")
    days = models.PositiveSmallIntegerField("延长天数", default=30)
    discussion = models.ForeignKey(
        CollectiveDiscussion, on_delete=models.PROTECT, null=True, blank=True, verbose_name="集体讨论"
    )
    reason = models.TextField("理由")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "办案期限延长"
        verbose_name_plural = "办案期限延长"
        ordering = ["approved_on", "id"]


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY_MINOR = "no_penalty_minor", "不予行政处罚（违法行为轻微等）"
    NO_PENALTY_FIRST = "no_penalty_first", "不予行政处罚（首违不罚）"
    NOT_ESTABLISHED = "not_established", "违法事实不能成立，不予行政处罚"
    TRANSFER = "transfer", "移送其他行政机关"
    CRIMINAL_REFERRAL = "criminal_referral", "移送司法机关"


class OnSpotGround(models.TextChoices):
    SMALL = "small", "罚款一百元以下"
    HARD_TO_ENFORCE = "hard_to_enforce", "不当场收缴事后难以执行"
    REMOTE = "remote", "边远、水上、交通不便地区，当事人提出"


class CorrectionExemption(models.TextChoices):
    """Why a penalty carries no order to correct (APL Art. 28 orders correction where there is something to correct)."""

    CORRECTED = "corrected", "违法行为已经改正"
    NOT_CORRECTABLE = "not_correctable", "违法状态已经消除，无可改正"


class Decision(CaseActor, PenaltyFields):
    """The decision (APL Arts. 57, 59; summary procedure Art. 52)."""

    kind = models.CharField("决定类型", max_length=30, choices=DecisionKind.choices)
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="负责人")
    facts = models.TextField("违法事实和证据")
    legal_basis = models.TextField("处罚依据")
    performance = models.TextField("履行方式和期限", blank=True)
    remedy = models.TextField("救济途径和期限", blank=True)
    statement_handling = models.TextField("陈述申辩采纳情况及理由", blank=True)
    discretion_tier = models.CharField("裁量档次", max_length=20, blank=True)
    benchmark_ref = models.CharField("适用裁量基准", max_length=200, blank=True)
    is_reduction = models.BooleanField("减轻处罚", default=False)
    reduction_ground = models.TextField("减轻处罚法定依据", blank=True)
    handed_over_on_announcement = models.BooleanField("宣告后当场交付", default=False)
    # Summary procedure only: on-the-spot collection (APL Arts. 68–70).
    collected_on_spot = models.BooleanField("当场收缴罚款", default=False)
    on_spot_ground = models.CharField("当场收缴事由", max_length=20, choices=OnSpotGround.choices, blank=True)
    receipt_number = models.CharField("专用票据号码", max_length=50, blank=True)
    transfer_to = models.CharField("移送机关", max_length=100, blank=True)
    payment_due_on = models.DateField("缴款期限", null=True, blank=True)
    # APL Art. 28: a penalty comes with an order to correct, in the decision or a prior 责令改正通知书, unless the
    # violation is already corrected or there is nothing left to correct (then the reason is recorded).
    correction_order = models.TextField("责令改正内容", blank=True)
    correction_notice_on = models.DateField("责令改正通知书送达日期", null=True, blank=True)
    correction_exemption = models.CharField(
        "不责令改正的情形", max_length=20, choices=CorrectionExemption.choices, blank=True
    )
    correction_exemption_reason = models.TextField("不责令改正的事实和理由", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "处理决定"
        verbose_name_plural = "处理决定"

    @property
    def is_penalty(self) -> bool:
        return self.kind == DecisionKind.PENALTY


class ServiceDocument(models.TextChoices):
    NOTICE = "notice", "行政处罚事先告知书"
    HEARING_NOTICE = "hearing_notice", "听证通知书"
    DECISION = "decision", "行政处罚决定书"
    REMINDER = "reminder", "履行催告书"
    OTHER = "other", "其他文书"


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", "直接送达"
    PROXY = "proxy", "同住成年家属/收发部门/代理人签收"
    LEFT = "left", "留置送达"
    ELECTRONIC = "electronic", "电子送达"
    POSTAL = "postal", "邮寄送达"
    ENTRUSTED = "entrusted", "委托/转交送达"
    PUBLIC = "public", "公告送达"


class PublicServiceReason(models.TextChoices):
    """The only grounds for 公告送达 (民事诉讼法 Art. 95)."""

    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", "受送达人下落不明"
    OTHER_METHODS_FAILED = "other_methods_failed", "用其他方式无法送达"


class ServiceRecord(CaseActor):
    """送达回证 data (APL Art. 61; 民事诉讼法 Arts. 87–95)."""

    document = models.CharField("送达文书", max_length=20, choices=ServiceDocument.choices)
    document_ref = models.CharField("文书名称及文号", max_length=200, blank=True)
    method = models.CharField("送达方式", max_length=20, choices=ServiceMethod.choices)
    recipient = models.CharField("受送达人/签收人", max_length=100)
    delivered_on = models.DateField("送达/签收/公告日期")
    witness = models.CharField("见证人", max_length=100, blank=True)
    media_reference = models.CharField("音像记录编号", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)
    served_on = models.DateField("视为送达日期")
    public_reason = models.CharField("公告送达原因", max_length=30, choices=PublicServiceReason.choices, blank=True)
    public_process = models.TextField("公告送达前的送达经过", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["served_on", "id"]


class ClosingGround(models.TextChoices):
    EXECUTED = "executed", "执行完毕"
    COURT_TERMINATED = "court_terminated", "法院裁定终结执行"
    INVESTIGATION_TERMINATED = "investigation_terminated", "终止调查"
    NO_PENALTY = "no_penalty", "作出不予行政处罚决定"
    TRANSFERRED = "transferred", "案件移送"
    OTHER = "other", "其他应予结案的情形"


class Closing(CaseActor):
    """结案审批 within 15 working days of the ground (SAMR Art. 77)."""

    ground = models.CharField("结案事由", max_length=30, choices=ClosingGround.choices)
    ground_on = models.DateField("结案事由发生日期")
    approved_by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+", verbose_name="批准人")
    approved_on = models.DateField("结案审批日期")
    summary = models.TextField("结案意见", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "结案"
        verbose_name_plural = "结案"


__all__ = [
    "Closing",
    "ClosingGround",
    "CollectiveDiscussion",
    "CorrectionExemption",
    "DeadlineExtension",
    "Decision",
    "DecisionKind",
    "Hearing",
    "InvestigationReport",
    "Notice",
    "OnSpotGround",
    "PublicServiceReason",
    "ReviewKind",
    "ReviewOpinion",
    "ReviewResult",
    "ServiceDocument",
    "ServiceMethod",
    "ServiceRecord",
    "Statement",
    "StatementKind",
]
