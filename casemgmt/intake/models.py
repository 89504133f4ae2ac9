"""对接平台 (the 12345 hotline, the grid system, other agencies' transfer letters) and the clues they delivered.

A platform is a registered external system with its own service account: its API tokens may call only the intake
operations (``ApiToken.scope``). Each delivered clue is kept with the platform's own id for it (工单号, 事件编号,
移送函文号), unique per platform, so the same work order delivered twice is one clue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from casemgmt.org.models import Unit


class PlatformKind(models.TextChoices):
    HOTLINE = "hotline", "12345政务服务便民热线"
    GRID = "grid", "网格化管理系统"
    TRANSFER = "transfer", "其他机关移送"
    OTHER = "other", "其他"


# What the platform's own id for a clue is called, per kind (shown in errors, the case page, the admin).
SOURCE_ID_LABELS = {
    PlatformKind.HOTLINE: "12345工单号",
    PlatformKind.GRID: "网格事件编号",
    PlatformKind.TRANSFER: "移送函文号",
    PlatformKind.OTHER: "来源编号",
}


class Platform(models.Model):
    name = models.CharField("平台名称", max_length=100, unique=True, help_text="如“示范县12345政务服务便民热线”")
    kind = models.CharField("平台类型", max_length=20, choices=PlatformKind.choices)
    units = models.ManyToManyField(
        Unit,
        related_name="intake_platforms",
        verbose_name="可接收线索的单位",
        help_text="本平台可向哪些执法单位推送线索",
    )
    is_active = models.BooleanField("启用", default=True, help_text="停用后本平台的接口令牌不能再推送或查询线索")
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="intake_platform",
        verbose_name="平台服务账号",
        editable=False,
        help_text="平台的接口令牌属于此账号；它不能登录，也不属于任何单位",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "对接平台"
        verbose_name_plural = "对接平台"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source_id_label(self) -> str:
        return SOURCE_ID_LABELS[self.kind]


class CoordinateSystem(models.TextChoices):
    # CGCS2000 and WGS-84 differ by centimetres: both are taken as they are. GCJ-02 / BD-09 (web map offsets of
    # several hundred metres) are refused rather than compared wrongly.
    CGCS2000 = "CGCS2000", "CGCS2000（天地图）"
    WGS84 = "WGS84", "WGS-84（GPS）"


class IntakeClue(models.Model):
    """One clue a platform delivered, with the platform's id for it and what it said."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="clues", verbose_name="来源平台")
    source_id = models.CharField("来源编号", max_length=64, help_text="12345工单号、网格事件编号或移送函文号")
    # SHA-256 of the validated delivery (attachments by their SHA-256): the same id with other content is refused.
    content_sha256 = models.CharField("内容摘要", max_length=64, editable=False)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="intake", null=True, blank=True, verbose_name="案件"
    )
    receiving_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="接收单位")
    received_at = models.DateTimeField("平台受理时间")
    delivered_at = models.DateTimeField("推送时间", default=timezone.now)
    address = models.CharField("地点", max_length=200)
    address_key = models.CharField("规范化地址", max_length=200, db_index=True, editable=False)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=8, decimal_places=6, null=True, blank=True)
    coordinate_system = models.CharField("坐标系", max_length=10, choices=CoordinateSystem.choices, blank=True)
    payload = models.JSONField("推送内容", default=dict, help_text="校验后的推送内容（附件只记文件名和SHA-256）")
    duplicate_of = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="疑似重复",
        help_text="同一地点、同一事项在时间窗口内已有的未办结线索或案件；只提示，不自动合并",
    )
    duplicate_reason = models.CharField("疑似重复依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "对接线索"
        verbose_name_plural = "对接线索"
        ordering = ["-delivered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "source_id"], name="uniq_intake_platform_source_id"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.source_id}"


def attachment_upload_to(instance, filename: str) -> str:
    # Content-addressed like evidence: a file is never overwritten.
    return f"intake/{instance.intake.platform_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class IntakeAttachment(models.Model):
    """A photo or PDF delivered with the clue, checked by ``casemgmt.files.uploads`` before it was stored."""

    intake = models.ForeignKey(IntakeClue, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("文件大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    original_sha256 = models.CharField("原文件SHA-256", max_length=64)
    sanitized_note = models.CharField("安全处理说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "对接线索附件"
        verbose_name_plural = "对接线索附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
