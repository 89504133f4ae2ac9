"""The case (案件) and the people and units attached to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.models import Officer, Unit


class ProcedureType(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SUMMARY = "summary", "简易程序"


class CaseStatus(models.TextChoices):
    CLUE = "clue", "线索核查"
    NOT_FILED = "not_filed", "不予立案"
    INVESTIGATION = "investigation", "调查取证"
    SUSPENDED = "suspended", "中止调查"
    REPORTED = "reported", "调查终结"
    REVIEW = "review", "审核"
    NOTICE = "notice", "事先告知"
    HEARING = "hearing", "听证"
    DISCUSSION = "discussion", "集体讨论"
    DECIDED = "decided", "已决定"
    SERVED = "served", "已送达"
    EXECUTION = "execution", "执行"
    CLOSED = "closed", "已结案"
    TERMINATED = "terminated", "终止调查"
    WITHDRAWN = "withdrawn", "撤销立案"
    ARCHIVED = "archived", "已归档"


OPEN_STATUSES = (
    CaseStatus.CLUE,
    CaseStatus.INVESTIGATION,
    CaseStatus.SUSPENDED,
    CaseStatus.REPORTED,
    CaseStatus.REVIEW,
    CaseStatus.NOTICE,
    CaseStatus.HEARING,
    CaseStatus.DISCUSSION,
    CaseStatus.DECIDED,
    CaseStatus.SERVED,
    CaseStatus.EXECUTION,
)


class ClueSource(models.TextChoices):
    INSPECTION = "inspection", "监督检查发现"
    COMPLAINT = "complaint", "投诉举报"
    TRANSFER = "transfer", "其他机关移送"
    ASSIGNED = "assigned", "上级交办"
    OTHER = "other", "其他"


class Clue(models.Model):
    """案件来源登记. Registered before the case is filed."""

    source = models.CharField("案件来源", max_length=20, choices=ClueSource.choices)
    summary = models.TextField("线索内容")
    discovered_on = models.DateField("发现/受理日期")
    reporter = models.CharField("举报人/移送机关", max_length=100, blank=True)
    # An officer registers a clue typed in by hand; a clue an external platform delivered (12345, 网格, 移送函; see
    # casemgmt.intake) has no officer: ``registered_via`` names the platform and the case event its service account.
    registered_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="+", verbose_name="登记人", null=True, blank=True
    )
    registered_via = models.CharField(
        "接收渠道", max_length=120, blank=True, help_text="对接平台推送的线索：平台名称（无登记人）"
    )
    registered_at = models.DateTimeField("登记时间")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "案件线索"
        verbose_name_plural = "案件线索"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registered_by__isnull=False) | ~models.Q(registered_via=""),
                name="clue_registered_by_officer_or_platform",
            )
        ]

    def __str__(self) -> str:
        return self.summary[:30]

    @property
    def registrar(self) -> str:
        """Who registered the clue, as documents and pages name it."""
        if self.registered_by_id:
            return self.registered_by.name
        return f"{self.registered_via}（系统对接）"


class Case(models.Model):
    number = models.CharField("案件编号", max_length=60, blank=True, db_index=True)
    procedure = models.CharField(
        "程序类型", max_length=20, choices=ProcedureType.choices, default=ProcedureType.ORDINARY
    )
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.CLUE, db_index=True)
    enforcement_subject = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="subject_cases", verbose_name="执法主体"
    )
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="handled_cases", verbose_name="承办单位"
    )
    assisting_units = models.ManyToManyField(
        Unit, through="CaseAssist", related_name="assisted_cases", blank=True, verbose_name="协办单位"
    )
    clue = models.OneToOneField(Clue, on_delete=models.PROTECT, related_name="case", verbose_name="线索")
    cause = models.CharField("案由", max_length=200)
    matter_code = models.CharField("执法事项编码", max_length=50, blank=True)
    # The 案由 as a catalogue matter (powers app); null for cases registered before the catalogue existed.
    # ``matter_code`` is kept equal to ``matter.code`` by the services that set the matter.
    matter = models.ForeignKey(
        "powers.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="执法事项",
    )
    locality = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="违法行为发生地乡镇",
        help_text="决定由哪一乡镇承接的赋权事项适用；乡镇办理的案件为该乡镇",
    )
    facts = models.TextField("违法事实", blank=True)
    violation_place = models.CharField("违法地点", max_length=200, blank=True)
    violation_start = models.DateField("违法行为发生日期", null=True, blank=True)
    violation_end = models.DateField(
        "违法行为终了日期", null=True, blank=True, help_text="连续或继续状态的，为行为终了之日"
    )
    discovered_on = models.DateField("发现日期")
    involves_safety_harm = models.BooleanField(
        "涉及公民生命健康安全、金融安全且有危害后果",
        default=False,
        help_text="追责期限延长至五年（行政处罚法第三十六条）",
    )
    is_complex = models.BooleanField(
        "情节复杂或重大违法", default=False, help_text="须集体讨论（行政处罚法第五十七条）"
    )
    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)
    multiple_legal_relations = models.BooleanField("案情疑难复杂、涉及多个法律关系", default=False)

    # Key dates, denormalised from the stage records for lists and clocks.
    filed_on = models.DateField("立案日期", null=True, blank=True, db_index=True)
    filing_approved_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="立案审批人"
    )
    filing_approved_at = models.DateTimeField("立案审批时间", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True, db_index=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    not_filed_reason = models.TextField("不予立案理由", blank=True)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Optimistic concurrency token: every service bumps it under a row lock.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["enforcement_subject", "status", "-id"], name="case_subject_status"),
            models.Index(fields=["handling_unit", "status", "-id"], name="case_unit_status"),
        ]
        permissions = [("assist_case", "协办案件")]

    def __str__(self) -> str:
        return self.number or f"线索#{self.clue_id}"


class OfficerRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class CaseOfficer(models.Model):
    """Officers assigned to a case (承办人员). Two certified officers are the minimum (APL Art. 42)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="officers")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="case_assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="所属单位")
    role = models.CharField("分工", max_length=10, choices=OfficerRole.choices, default=OfficerRole.ASSIST)
    certificate_number = models.CharField("执法证号", max_length=50)
    assigned_at = models.DateTimeField("指派时间")
    released_at = models.DateTimeField("退出时间", null=True, blank=True, help_text="回避或调整时填写")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "承办人员"
        verbose_name_plural = "承办人员"


class CaseAssist(models.Model):
    """A unit assisting on the case (协办), e.g. a township brigade on a transition-period county case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT)
    since = models.DateField("协办起始日期")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "协办单位"
        verbose_name_plural = "协办单位"
        constraints = [models.UniqueConstraint(fields=["case", "unit"], name="uniq_case_assist")]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _forget_assist_units(self)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_assist_units(self)
        return result


ASSIST_UNITS_ATTR = "_assist_unit_ids"


def assist_unit_ids(case: Case) -> frozenset[int]:
    """The ids of the units assisting on ``case`` (协办), read once per case instance: the role check, the
    rulebook and the case page each ask within one request. Prefetched rows are used when present; adding or
    removing an assist through its model forgets the ids on the case instance it was made with."""
    cached = case.__dict__.get(ASSIST_UNITS_ATTR)
    if cached is not None:
        return cached
    if case.pk is None:
        return frozenset()
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("caseassist_set")
    if prefetched is not None:
        ids = frozenset(a.unit_id for a in prefetched)
    else:
        ids = frozenset(CaseAssist.objects.filter(case_id=case.pk).values_list("unit_id", flat=True))
    case.__dict__[ASSIST_UNITS_ATTR] = ids
    return ids


def _forget_assist_units(assist: CaseAssist) -> None:
    case = assist._state.fields_cache.get("case")
    if case is not None:
        case.__dict__.pop(ASSIST_UNITS_ATTR, None)


class SuspensionKind(models.TextChoices):
    INVESTIGATION = "investigation", "中止调查"
    HEARING = "hearing", "听证"
    PUBLIC_NOTICE = "public_notice", "公告"
    TESTING = "testing", "检测、检验、检疫、鉴定"
    REFUND = "refund", "责令退赔"


class Suspension(models.Model):
    """A period not counted in the 90-day decision clock (SAMR 程序规定 Art. 64 para 2)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField("事由类型", max_length=20, choices=SuspensionKind.choices)
    reason = models.TextField("理由")
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    approved_by = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "期限扣除/中止"
        verbose_name_plural = "期限扣除/中止"
        ordering = ["started_on", "id"]

    def days_until(self, on) -> int:
        """Calendar days of this suspension that fall on or before ``on`` (end day inclusive)."""
        end = self.ended_on or on
        end = min(end, on)
        if end < self.started_on:
            return 0
        return (end - self.started_on).days + 1


class CaseActor(models.Model):
    """Abstract base: who recorded a stage record and when. ``at`` is the legal date of the act."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="%(class)ss")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}（{self.case}）"
