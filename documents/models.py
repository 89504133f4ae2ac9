"""Models of the documents app: the catalogue (types, numbering classes, template versions), 文号 allocation,
issued documents and the assembled case file (案卷)."""

from __future__ import annotations

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.cases.models import Case, EvidenceItem, Party, ServiceRecord
from casemgmt.org import docnumber
from casemgmt.org.models import Officer, Unit

PLACEHOLDERS = {"prefix", "code", "year", "seq"}
# GB/T 9704 shape (casemgmt.org.docnumber): 城关镇综执罚〔2026〕12号. The search finds padded or 第 serials too.
DEFAULT_PATTERN = docnumber.compose("{prefix}{code}", "{year}", "{seq}")


def validate_number_pattern(pattern: str) -> None:
    """A 文号 pattern must be able to produce unique numbers: it needs the subject prefix, the year and the
    sequence (per subject × class × year); unknown placeholders are refused."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        raise ValidationError(f"文号格式无法解析：{exc}") from None
    names = {name for name, _ in fields}
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ValidationError(f"文号格式含未知占位符：{'、'.join(sorted(unknown))}（可用：prefix、code、year、seq）")
    missing = [
        label
        for key, label in (("seq", "{seq}（序号）"), ("year", "{year}（年份）"), ("prefix", "{prefix}（执法主体代字）"))
        if key not in names
    ]
    if missing:
        raise ValidationError(f"文号格式不能产生唯一文号，缺少{'、'.join(missing)}")
    for name, spec in fields:
        if name == "seq" and spec and not spec.rstrip("d").lstrip("0").isdigit():
            raise ValidationError("序号格式只能是{seq}或{seq:03d}这类补零格式")
    try:
        pattern.format(prefix="X", code="Y", year=2026, seq=1)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValidationError(f"文号格式无法生成文号：{exc}") from None


class NumberingClass(models.Model):
    """A class of 文号 with its own sequence per enforcement subject and year (e.g. 罚决, 告, 改)."""

    code = models.CharField("代字", max_length=20, unique=True, help_text="如 罚决、罚告、改")
    name = models.CharField("名称", max_length=50)
    pattern = models.CharField(
        "文号格式",
        max_length=100,
        default=DEFAULT_PATTERN,
        validators=[validate_number_pattern],
        help_text="占位符：{prefix} 执法主体代字，{code} 代字，{year} 年份，{seq} 序号；默认 GB/T 9704 格式",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "文号类别"
        verbose_name_plural = "文号类别"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Volume(models.TextChoices):
    FRONT = "front", "正卷"
    BACK = "back", "副卷"
    NONE = "none", "不入卷"


class DocumentType(models.Model):
    """One document of the catalogue: its stage, fields (and which are mandatory), 文号 class and order in the
    case file. ``fields`` is a list of ``{"key", "label", "required"}``."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("文书名称", max_length=60)
    stage = models.CharField("阶段", max_length=30)
    fields = models.JSONField("要素", default=list)
    numbering_class = models.ForeignKey(
        NumberingClass, on_delete=models.PROTECT, null=True, blank=True, verbose_name="文号类别"
    )
    external = models.BooleanField("须送达当事人（外部文书）", default=False)
    volume = models.CharField("卷别", max_length=10, choices=Volume.choices, default=Volume.FRONT)
    file_order = models.PositiveSmallIntegerField("卷内顺序", default=100)
    is_active = models.BooleanField("启用", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "文书种类"
        verbose_name_plural = "文书种类"
        ordering = ["file_order", "code"]

    def __str__(self) -> str:
        return self.name

    def required_fields(self) -> list[dict]:
        return [f for f in self.fields if f.get("required")]


class TemplateVariant(models.TextChoices):
    STANDARD = "standard", "通用"
    TRANSITION = "transition", "过渡期专用"


class TemplateVersion(models.Model):
    """An immutable version of a document template; an edit creates the next version."""

    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="templates")
    variant = models.CharField("版式", max_length=20, choices=TemplateVariant.choices, default=TemplateVariant.STANDARD)
    version = models.PositiveIntegerField("版本")
    body = models.TextField(
        "模板正文", help_text="Django 模板语法；行首标记：= 居中，| 表格行，> 右对齐，~ 顶格，@seal 落款"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField("修改说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "文书模板版本"
        verbose_name_plural = "文书模板版本"
        ordering = ["document_type", "variant", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["document_type", "variant", "version"], name="uniq_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.document_type.name} {self.get_variant_display()} v{self.version}"


class NumberSequence(models.Model):
    """The counter of one enforcement subject × class × year; locked (SELECT … FOR UPDATE) while allocating."""

    subject = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    numbering_class = models.ForeignKey(NumberingClass, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = [
            models.UniqueConstraint(fields=["subject", "numbering_class", "year"], name="uniq_number_sequence")
        ]


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已签发"
    VOIDED = "voided", "已作废"


class Document(models.Model):
    """An enforcement document of a case. Drafts are editable; issuing freezes a snapshot of every field, stores
    the PDF and its SHA-256 and locks it. A correction is a new document that references the old one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, verbose_name="文书种类")
    status = models.CharField("状态", max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    source_ref = models.CharField("来源记录", max_length=60, blank=True, help_text="如 decision:3、record:5")
    addressee = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, verbose_name="受送达人")
    values = models.JSONField("要素内容", default=dict)
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, null=True, blank=True, verbose_name="模板版本"
    )
    snapshot = models.JSONField("签发快照", null=True, blank=True)
    number = models.CharField("文号", max_length=100, blank=True, db_index=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_seq = models.PositiveIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    issued_by = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pdf = models.FileField("PDF", upload_to="documents/", blank=True, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField("页数", default=0)
    text = models.TextField("全文（检索用）", blank=True)
    verification_code = models.CharField("验证码", max_length=32, unique=True, null=True, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name="更正的文书"
    )
    for_document = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="receipts", verbose_name="送达的文书"
    )
    service_record = models.ForeignKey(
        ServiceRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="送达记录"
    )
    scan = models.FileField("签收件扫描", upload_to="documents/scans/", blank=True, max_length=300)
    scan_sha256 = models.CharField("签收件SHA-256", max_length=64, blank=True)
    scan_content_type = models.CharField("签收件类型", max_length=50, blank=True)
    scan_pages = models.PositiveSmallIntegerField("签收件页数", default=0)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.document_type.name} {self.number}".strip()

    @property
    def is_locked(self) -> bool:
        return self.status != DocumentStatus.DRAFT

    @property
    def title(self) -> str:
        return self.document_type.name


class AllocatedNumber(models.Model):
    """Every 文号 ever allocated; a voided one stays here marked voided and is never reused."""

    subject = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    numbering_class = models.ForeignKey(NumberingClass, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    text = models.CharField("文号", max_length=100)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="allocated_number")
    allocated_at = models.DateTimeField(auto_now_add=True)
    voided = models.BooleanField("已作废", default=False)

    class Meta:
        verbose_name = "已分配文号"
        verbose_name_plural = "已分配文号"
        constraints = [
            models.UniqueConstraint(fields=["subject", "numbering_class", "year", "seq"], name="uniq_allocated_seq"),
            models.UniqueConstraint(fields=["subject", "text"], name="uniq_allocated_text"),
        ]


class EvidenceText(models.Model):
    """Text extracted from a PDF evidence file (by hash), for the archive search."""

    evidence = models.OneToOneField(EvidenceItem, on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    readable = models.BooleanField(default=True)


class CaseFile(models.Model):
    """An assembled case file (案卷) PDF with its table of contents and hash."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_files")
    pdf = models.FileField("案卷PDF", upload_to="casefiles/", max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    page_count = models.PositiveIntegerField("总页数")
    content_pages = models.PositiveIntegerField("编号页数")
    document_count = models.PositiveIntegerField("文件件数")
    archive_number = models.CharField("档号", max_length=40, blank=True)
    retention_label = models.CharField("保管期限", max_length=20, blank=True)
    toc = models.JSONField("卷内目录", default=list)
    notes = models.JSONField("备考事项", default=list)
    built_at = models.DateTimeField("组卷时间", auto_now_add=True)
    built_by = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "案卷"
        verbose_name_plural = "案卷"
        ordering = ["case", "-id"]
