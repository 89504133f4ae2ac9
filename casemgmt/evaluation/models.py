"""Evaluation rubrics (评查标准): versioned, with veto items (一票否决), scored categories and grade thresholds."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models


def points_text(value: Decimal) -> str:
    """Points as published reports print them: 98分, 98.4分 (no trailing .0)."""
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value}"


class Group(models.TextChoices):
    FILING = "filing", "立卷"
    SUBSTANCE = "substance", "实体"
    PROCEDURE = "procedure", "程序"


class Rubric(models.Model):
    """One version of a rubric. Versions are never edited in place once used: a change is a new version."""

    name = models.CharField("名称", max_length=100)
    version = models.PositiveIntegerField("版本")
    is_active = models.BooleanField("现行", default=False)
    # [[90, "优秀"], [80, "良好"], [60, "合格"]]: the first threshold reached gives the grade
    grade_thresholds = models.JSONField("等次划分", default=list)
    failing_grade = models.CharField("不合格等次", max_length=20, default="不合格")
    # 加分项: points awarded on top of the 100 base points, their sum capped at this maximum (0: no bonus)
    bonus_max = models.DecimalField("加分上限", max_digits=5, decimal_places=1, default=Decimal("0"))
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        db_table = "supervision_rubric"  # the app was labelled "supervision" (migration 0001)
        verbose_name = "评查标准"
        verbose_name_plural = "评查标准"
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="rubric_name_version"),
            models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True), name="one_active_rubric"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"

    @property
    def max_total(self) -> Decimal:
        """The highest score a file (or a unit's self-score) can reach: 100 base points plus the bonus cap."""
        return Decimal("100") + self.bonus_max

    def capped_bonus(self, awarded: Decimal) -> Decimal:
        """The bonus points that count: those awarded, never more than the configured maximum (加分上限)."""
        return min(awarded, self.bonus_max)

    def grade_for(self, total: Decimal) -> str:
        for threshold, label in sorted(self.grade_thresholds, key=lambda t: -Decimal(str(t[0]))):
            if total >= Decimal(str(threshold)):
                return label
        return self.failing_grade


class RubricCategory(models.Model):
    rubric = models.ForeignKey(Rubric, related_name="categories", on_delete=models.CASCADE)
    code = models.CharField("代码", max_length=20)
    name = models.CharField("名称", max_length=50)
    group = models.CharField("类别", max_length=20, choices=Group.choices)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "supervision_rubriccategory"  # the app was labelled "supervision" (migration 0001)
        ordering = ["position", "id"]
        verbose_name = "评查分类"
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="rubric_category_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.points}分）"


class RubricItem(models.Model):
    """A veto item (category empty, no points), a scored item of a category, or a bonus item (加分项: no category,
    points awarded on top of the base 100, their sum capped at the rubric's ``bonus_max``). Objective items name
    the rulebook codes whose findings fail them; subjective items (and bonus items) are scored by an evaluator."""

    rubric = models.ForeignKey(Rubric, related_name="items", on_delete=models.CASCADE)
    category = models.ForeignKey(RubricCategory, null=True, blank=True, related_name="items", on_delete=models.CASCADE)
    code = models.CharField("代码", max_length=20)
    title = models.CharField("评查内容", max_length=200)
    veto = models.BooleanField("一票否决", default=False)
    bonus = models.BooleanField("加分项", default=False)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1, default=Decimal("0"))
    # points lost per finding (until the item's points are gone); empty = the whole item
    deduction = models.DecimalField("每处扣分", max_digits=5, decimal_places=1, null=True, blank=True)
    rule_codes = models.JSONField("对应规则", default=list, blank=True)
    basis = models.CharField("评查依据", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "supervision_rubricitem"  # the app was labelled "supervision" (migration 0001)
        ordering = ["position", "id"]
        verbose_name = "评查项目"
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="rubric_item_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def objective(self) -> bool:
        return bool(self.rule_codes)


class RoundStatus(models.TextChoices):
    OPEN = "open", "评查中"
    CLOSED = "closed", "评查结束"  # scoring ended, the evaluators' grants revoked; results not yet published
    PUBLISHED = "published", "已公布"


class EvaluationRound(models.Model):
    """评查活动: a sample of archived files drawn with a recorded seed, scored by the evaluators, published once."""

    title = models.CharField("名称", max_length=200)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds", verbose_name="评查标准")
    period_from = models.DateField("结案期间自")
    period_to = models.DateField("结案期间至")
    units = models.ManyToManyField("org.Unit", related_name="evaluation_rounds", verbose_name="被评查单位")
    procedure = models.CharField("程序类型", max_length=20, blank=True)  # empty: both
    sample_size = models.PositiveIntegerField("每单位抽取件数", null=True, blank=True)  # empty: every file
    seed = models.CharField("随机种子", max_length=64)
    evaluators = models.ManyToManyField("org.Officer", related_name="evaluation_rounds", verbose_name="评查人员")
    deadline = models.DateField("评查截止日期")
    status = models.CharField("状态", max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField("评查结束时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        db_table = "supervision_evaluationround"  # the app was labelled "supervision" (migration 0001)
        verbose_name = "评查活动"
        verbose_name_plural = "评查活动"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class OutcomeBand(models.Model):
    """One outcome band of a round's report (奖惩): a label given to the units whose rank and/or mean evaluated
    score meet every condition set, e.g. ranks 1–7 通报表扬, ranks 8–12 工作警示, below 80 points 通报批评.
    Bands are tried in ``position`` order and the first that matches gives the unit its label. Ranks are
    competition ranks (1, 2, 2, 4), so units tied at a band's edge share the band."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField("结果", max_length=20)
    rank_from = models.PositiveSmallIntegerField("名次自", null=True, blank=True)
    rank_to = models.PositiveSmallIntegerField("名次至", null=True, blank=True)
    score_from = models.DecimalField("得分不低于", max_digits=5, decimal_places=1, null=True, blank=True)
    score_below = models.DecimalField("得分低于", max_digits=5, decimal_places=1, null=True, blank=True)
    position = models.PositiveSmallIntegerField("优先顺序", default=0)

    class Meta:
        verbose_name = "通报结果档次"
        verbose_name_plural = "通报结果档次"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.condition}：{self.label}"

    def matches(self, rank: int | None, score: Decimal | None) -> bool:
        """Whether a unit of this rank and mean score is in the band (an unscored unit is in none)."""
        if rank is None or score is None:
            return False
        if self.rank_from is not None and rank < self.rank_from:
            return False
        if self.rank_to is not None and rank > self.rank_to:
            return False
        if self.score_from is not None and score < self.score_from:
            return False
        return not (self.score_below is not None and score >= self.score_below)

    @property
    def condition(self) -> str:
        """The band's condition as the report words it (排名前7位 / 排名第8至12名 / 得分低于80分)."""
        parts = []
        if self.rank_from not in (None, 1) and self.rank_to is not None:
            parts.append(f"排名第{self.rank_from}至{self.rank_to}名")
        elif self.rank_to == 1:
            parts.append("排名第1位")
        elif self.rank_to is not None:
            parts.append(f"排名前{self.rank_to}位")
        elif self.rank_from is not None:
            parts.append(f"排名第{self.rank_from}名及以后")
        if self.score_from is not None:
            parts.append(f"得分不低于{points_text(self.score_from)}分")
        if self.score_below is not None:
            parts.append(f"得分低于{points_text(self.score_below)}分")
        return "且".join(parts)

    def as_dict(self) -> dict:
        def s(v):
            return None if v is None else str(v)

        return {
            "label": self.label,
            "condition": self.condition,
            "rank_from": self.rank_from,
            "rank_to": self.rank_to,
            "score_from": s(self.score_from),
            "score_below": s(self.score_below),
            "position": self.position,
        }


class SampledFile(models.Model):
    """One sampled case file of a round, its evaluator, the unit's self-evaluation and the evaluated result."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="files")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evaluations")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="被评查单位")
    archive_number = models.CharField("档号", max_length=50)
    evaluator = models.ForeignKey(
        "org.Officer", null=True, on_delete=models.PROTECT, related_name="evaluated_files", verbose_name="评查人员"
    )
    self_score = models.DecimalField("自评分", max_digits=5, decimal_places=1, null=True, blank=True)
    total = models.DecimalField("评查得分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等次", max_length=20, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)

    class Meta:
        db_table = "supervision_sampledfile"  # the app was labelled "supervision" (migration 0001)
        verbose_name = "抽查案卷"
        ordering = ["unit_id", "case_id"]
        constraints = [models.UniqueConstraint(fields=["round", "case"], name="round_case_once")]

    @property
    def difference(self) -> Decimal | None:
        """Evaluated minus self-evaluated score (negative: the unit rated the file too high)."""
        if self.total is None or self.self_score is None:
            return None
        return self.total - self.self_score


class UnitSelfScore(models.Model):
    """A unit's overall self-evaluation score of the round (乡镇自评得分), entered by its leaders before publication
    and set beside the evaluated mean in the report."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="unit_self_scores")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="被评查单位")
    score = models.DecimalField("单位自评得分", max_digits=5, decimal_places=1)
    note = models.CharField("自评说明", max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        db_table = "supervision_unitselfscore"  # the app was labelled "supervision" (migration 0001)
        verbose_name = "单位自评得分"
        verbose_name_plural = "单位自评得分"
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="one_self_score_per_unit")]


class ItemScore(models.Model):
    """One rubric item of one file: the rulebook's pre-score, the evaluator's score and why it differs."""

    file = models.ForeignKey(SampledFile, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    suggested = models.DecimalField("系统预评分", max_digits=5, decimal_places=1, null=True, blank=True)
    suggested_failed = models.BooleanField("系统认定否决", default=False)
    findings = models.JSONField("规则发现", default=list, blank=True)
    points = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    failed = models.BooleanField("否决", default=False)  # veto items
    reason = models.CharField("改分理由", max_length=300, blank=True)
    comment = models.CharField("评查意见", max_length=500, blank=True)

    class Meta:
        db_table = "supervision_itemscore"  # the app was labelled "supervision" (migration 0001)
        ordering = ["item__position", "item_id"]
        constraints = [models.UniqueConstraint(fields=["file", "item"], name="file_item_once")]


class Rectification(models.Model):
    """整改任务: after publication, a unit with findings rectifies them by a deadline and records the evidence."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="rectifications")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="整改单位")
    findings = models.TextField("整改问题")
    deadline = models.DateField("整改期限")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    evidence = models.TextField("整改情况及佐证", blank=True)
    closed_on = models.DateField("整改完成日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "supervision_rectification"  # the app was labelled "supervision" (migration 0001)
        verbose_name = "整改任务"
        ordering = ["deadline", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="one_rectification_per_unit")]

    def is_overdue(self, today) -> bool:
        return self.closed_on is None and today > self.deadline
