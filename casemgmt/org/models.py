"""Units, officers, certificates and roles.

Unit scoping is a row filter: a user sees the cases of the units they belong to (and of those units'
sub-units). Role permissions are granted on *unit* objects to one group per (unit, role) with
django-guardian, which is what viewflow's ``.Permission(perm, obj=...)`` reads.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

# UnitKind is defined with the unit tree (which this model answers from) and imported from here elsewhere.
from casemgmt.org.identity import validate_credit_code

from .tree import ENFORCEMENT_SUBJECT_KINDS, UnitKind, clear_unit_tree, unit_tree


class Unit(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称（文号用）", max_length=20, blank=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    field = models.CharField("执法领域", max_length=50, blank=True, help_text="县级部门的主管领域，如 城市管理")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code])
    address = models.CharField("地址", max_length=200, blank=True)
    seal_name = models.CharField("印章名称", max_length=100, blank=True)
    # What an enforcement subject's documents print (行政处罚法第五十九条第五项; 行政复议法第二十四条): set per unit by
    # the administrator; left empty, documents use the defaults of ``casemgmt.org.documents``.
    number_prefix = models.CharField(
        "文号代字",
        max_length=30,
        blank=True,
        help_text="执法主体文号中的机关代字，按实际印发文书原样填写（如 城关镇综执、示县城关）；"
        "留空时乡镇为“简称+综执”，县级部门为简称",
    )
    reconsideration_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="文书告知的行政复议机关全称；留空时为县人民政府（单位树中的上级人民政府）",
    )
    court = models.CharField(
        "管辖法院",
        max_length=100,
        blank=True,
        help_text="文书告知的提起行政诉讼的人民法院全称；留空时为所在县的基层人民法院（××县人民法院）",
    )
    is_active = models.BooleanField("启用", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "name"]
        permissions = [
            ("handle_case", "办理案件"),
            ("approve_case", "审批案件"),
            ("review_case", "法制审核"),
            ("decide_case", "作出决定"),
            ("supervise_case", "监督查看"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_unit_tree()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        clear_unit_tree()
        return result

    @property
    def is_enforcement_subject(self) -> bool:
        """Only bodies with administrative-subject status may be the 执法主体 (APL Art. 17, 24)."""
        return self.kind in ENFORCEMENT_SUBJECT_KINDS

    def enforcement_subject(self) -> Unit | None:
        """The body in whose name this unit's cases are handled: a brigade acts for its township."""
        if self.is_enforcement_subject:
            return self
        subject_id = unit_tree().enforcement_subject(self.parent_id)
        if subject_id is None:
            return None
        # Reuse the parents already loaded on this instance; the direct parent is loaded and kept.
        unit = self
        while unit.parent_id is not None and (unit.parent_id == subject_id or Unit.parent.is_cached(unit)):
            unit = unit.parent
            if unit.pk == subject_id:
                return unit
        return Unit.objects.get(pk=subject_id)


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    APPROVER = "approver", "案件审核/负责人"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    AGENCY_HEAD = "agency_head", "机关负责人"
    COUNTY_OFFICER = "county_officer", "县级部门执法人员"
    SUPERVISOR = "supervisor", "司法局监督评查人员"
    ADMINISTRATOR = "administrator", "管理员"


# The role groups the case procedure speaks of, defined once: who handles a case, who approves for the
# enforcement subject (负责人), who may record a review opinion, and who only reads (county-wide).
HANDLER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.COUNTY_OFFICER, Role.APPROVER)
LEADER_ROLES: tuple[str, ...] = (Role.APPROVER, Role.AGENCY_HEAD)
REVIEWER_ROLES: tuple[str, ...] = (Role.LEGAL_REVIEWER, Role.APPROVER, Role.AGENCY_HEAD)
COUNTY_WIDE_ROLES: tuple[str, ...] = (Role.SUPERVISOR, Role.ADMINISTRATOR)


# Which unit permissions each role carries (granted to the per-unit role group).
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.OFFICER: ("handle_case",),
    Role.COUNTY_OFFICER: ("handle_case",),
    Role.APPROVER: ("handle_case", "approve_case"),
    Role.LEGAL_REVIEWER: ("review_case",),
    Role.AGENCY_HEAD: ("approve_case", "decide_case"),
    Role.SUPERVISOR: ("supervise_case",),
    Role.ADMINISTRATOR: ("supervise_case",),
}


class Officer(models.Model):
    """A person of the system: an enforcement officer, a reviewer, a leader or a supervisor."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    legal_qualification_no = models.CharField(
        "法律职业资格证书编号", max_length=50, blank=True, help_text="首次从事法制审核须取得（行政处罚法第五十八条）"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self) -> str:
        return self.name

    @property
    def has_legal_qualification(self) -> bool:
        return bool(self.legal_qualification_no.strip())

    def valid_certificate(self, on: dt.date) -> Certificate | None:
        for cert in self.certificates.all():
            if cert.is_valid_on(on):
                return cert
        return None


class Membership(models.Model):
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    # A deputy designated to act as the 行政机关负责人 of this unit (e.g. the 分管副镇长 the township's head
    # designates to decide enforcement cases): counts as its agency head for the acts the law reserves to one.
    acts_for_head = models.BooleanField(
        "经指定履行机关负责人职责",
        default=False,
        help_text="本单位行政机关负责人指定其代为作出处罚决定、批准强制措施等（须填写指定文件）",
    )
    designation_ref = models.CharField(
        "指定文件", max_length=200, blank=True, help_text="如 城府发〔2026〕3号 分工文件"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        constraints = [models.UniqueConstraint(fields=["officer", "unit", "role"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.officer} · {self.unit} · {self.get_role_display()}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "吊销/注销"


# How many days before its 有效期至 a certificate is reported for renewal (换证提醒, ``casemgmt.org.expiry``). Not a
# statutory period: an officer without a valid certificate may not act (《行政处罚法》第四十二条, checked by
# ``Certificate.is_valid_on``), and the personnel office asked to see expiring certificates two months ahead, in
# time to apply to the issuing body for a new one (issue 17, point 4). The one place this number lives.
CERTIFICATE_EXPIRY_NOTICE_DAYS = 60


class Certificate(models.Model):
    """Enforcement certificate (行政执法证). Officers without a valid one may not act (APL Art. 42)."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="certificates")
    number = models.CharField("证号", max_length=50, unique=True)
    issuing_body = models.CharField("发证机关", max_length=100)
    fields_covered = models.CharField("执法领域/范围", max_length=200, blank=True)
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至")
    status = models.CharField("状态", max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.VALID)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, on: dt.date) -> bool:
        return self.status == CertificateStatus.VALID and self.valid_from <= on <= self.valid_to
