"""Investigation records: 笔录, evidence, and the measures of APL Art. 56 and 行政强制法."""

from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.models import Officer

from .case import CaseActor


class RecordKind(models.TextChoices):
    INQUIRY = "inquiry", "询问笔录"
    INSPECTION = "inspection", "现场检查（勘验）笔录"


class Record(CaseActor):
    """询问笔录 / 现场检查笔录 as structured data (APL Art. 55; SAMR Arts. 28–29, 43)."""

    kind = models.CharField("类型", max_length=20, choices=RecordKind.choices)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200)
    interviewee = models.CharField("被询问人/当事人在场人", max_length=100, blank=True)
    content = models.TextField("笔录内容")
    pages = models.PositiveSmallIntegerField("页数", default=1)
    party_signed_pages = models.PositiveSmallIntegerField("当事人逐页签名页数", default=0)
    party_refused = models.BooleanField("当事人拒绝签名或不在场", default=False)
    refusal_note = models.CharField("拒签情况说明", max_length=200, blank=True)
    witness = models.CharField("见证人", max_length=100, blank=True)
    media_reference = models.CharField("音像记录编号", max_length=100, blank=True)
    rights_told = models.BooleanField("已告知陈述、申辩、申请回避权利", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "笔录"
        verbose_name_plural = "笔录"
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"


class RecordSignature(models.Model):
    """An officer's signature on a 笔录, with the certificate number shown (APL Art. 42, 55)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="signatures")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    certificate_number = models.CharField("执法证号", max_length=50)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "执法人员签名"
        verbose_name_plural = "执法人员签名"
        constraints = [models.UniqueConstraint(fields=["record", "officer"], name="uniq_record_signature")]


class EvidenceType(models.TextChoices):
    """The eight evidence types of APL Art. 46."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    SITE_RECORD = "site_record", "勘验笔录、现场笔录"


def evidence_upload_to(instance, filename: str) -> str:
    # Content-addressed: a file is never overwritten, identical uploads share nothing by name.
    return f"evidence/{instance.case_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class EvidenceItem(CaseActor):
    evidence_type = models.CharField("证据种类", max_length=20, choices=EvidenceType.choices)
    title = models.CharField("证据名称", max_length=200)
    description = models.TextField("证明对象/说明", blank=True)
    collected_at = models.DateTimeField("取证时间")
    place = models.CharField("取证地点", max_length=200)
    collected_by = models.ManyToManyField(Officer, related_name="+", verbose_name="取证人员")
    source = models.CharField("提供人/来源", max_length=200, blank=True)
    file = models.FileField("文件", upload_to=evidence_upload_to, blank=True, max_length=300)
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("文件大小", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, db_index=True)
    # A PDF is stored without its JavaScript, launch actions and embedded files: ``sha256`` is that of the stored
    # (cleaned) bytes, ``original_sha256`` that of the file as uploaded, ``sanitized_note`` says what was removed.
    original_sha256 = models.CharField("原文件SHA-256", max_length=64, blank=True)
    sanitized_note = models.CharField("安全处理说明", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["collected_at", "id"]

    def __str__(self) -> str:
        return self.title


class MeasureKind(models.TextChoices):
    PRESERVATION = "preservation", "先行登记保存"
    SEIZURE = "seizure", "查封"
    DETENTION = "detention", "扣押"


class MeasureDisposal(models.TextChoices):
    RECORDED = "recorded", "记录、复制、拍照后解除"
    TESTING = "testing", "送检测、检验、检疫、鉴定"
    TO_SEIZURE = "to_seizure", "依法转为查封、扣押"
    CONFISCATED = "confiscated", "依法予以没收"
    RELEASED = "released", "解除"
    AUTO_RELEASED = "auto_released", "逾期未处理，自动解除"


class Measure(CaseActor):
    """先行登记保存 (APL Art. 56) or 查封/扣押 (行政强制法 Arts. 18–28)."""

    kind = models.CharField("措施", max_length=20, choices=MeasureKind.choices)
    items = models.TextField("物品清单")
    started_on = models.DateField("采取日期")
    approved_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="批准负责人"
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    emergency = models.BooleanField("情况紧急，当场实施", default=False)
    emergency_reported_at = models.DateTimeField("紧急情况报告时间", null=True, blank=True)
    taken_at = models.DateTimeField("实施时间")
    extended_days = models.PositiveSmallIntegerField("延长天数", default=0)
    extension_approved_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="延长批准人"
    )
    extension_notice_served_on = models.DateField("延长决定告知当事人日期", null=True, blank=True)
    disposal = models.CharField("处理结果", max_length=20, choices=MeasureDisposal.choices, blank=True)
    disposed_on = models.DateField("处理日期", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "证据保全/强制措施"
        verbose_name_plural = "证据保全/强制措施"
        ordering = ["started_on", "id"]


__all__ = [
    "EvidenceItem",
    "EvidenceType",
    "Measure",
    "MeasureDisposal",
    "MeasureKind",
    "Record",
    "RecordKind",
    "RecordSignature",
]
