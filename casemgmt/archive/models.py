"""Models of the archive app: retention rules, archive records, the search store and the indexing queue.

The search store holds one denormalised row per case (``SearchDoc``) with every filter and facet column, the
multi-valued facets (units that may see the case, officers, penalty types) in ``SearchTag``, and the case's
texts in ``SearchText`` chunks. The full-text index over the chunks is vendor specific and created by raw SQL
in the migrations: an FTS5 table on SQLite, a tsvector column with a GIN index (plus pg_trgm on identifiers) on
PostgreSQL. These tables are a rebuildable index (``manage.py reindex``), not a legal record.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.cases.models import Case, ProcedureType
from casemgmt.org.models import Officer


class Outcome(models.TextChoices):
    PENALTY = "penalty", "给予处罚"
    NO_PENALTY = "no_penalty", "不予处罚"
    TRANSFER = "transfer", "移送"
    NONE = "none", "未作决定"


class RetentionRule(models.Model):
    """保管期限表: the first matching row (lowest ``position``) gives a case file's retention at archiving."""

    position = models.PositiveSmallIntegerField("顺序", default=10)
    procedure = models.CharField(
        "程序类型", max_length=20, choices=ProcedureType.choices, blank=True, help_text="留空表示任意"
    )
    outcome = models.CharField("处理结果", max_length=20, choices=Outcome.choices, blank=True, help_text="留空表示任意")
    years = models.PositiveSmallIntegerField("保管年限", null=True, blank=True, help_text="留空表示永久保管")
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "保管期限规则"
        verbose_name_plural = "保管期限表"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_procedure_display() or '任意程序'}·{self.get_outcome_display() or '任意结果'}：{self.label}"

    @property
    def label(self) -> str:
        return "永久" if self.years is None else f"{self.years}年"

    def matches(self, *, procedure: str, outcome: str) -> bool:
        return (not self.procedure or self.procedure == procedure) and (not self.outcome or self.outcome == outcome)


class ArchiveRecord(models.Model):
    """归档记录: the archived case file of a closed case, its retention and its texts at archiving."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="archive_record", verbose_name="案件")
    archive_number = models.CharField("档号", max_length=60, unique=True)
    archived_on = models.DateField("归档日期")
    archived_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="归档人"
    )
    retention_years = models.PositiveSmallIntegerField("保管年限", null=True, blank=True, help_text="空为永久")
    retention_label = models.CharField("保管期限", max_length=20)
    retain_until = models.DateField("保管至", null=True, blank=True)
    retention_rule = models.ForeignKey(
        RetentionRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="适用规则"
    )
    metadata = models.JSONField("案卷元数据", default=dict)
    case_file_name = models.CharField("案卷PDF", max_length=300, blank=True)
    case_file_sha256 = models.CharField("案卷SHA-256", max_length=64, blank=True)
    case_file_pages = models.PositiveIntegerField("页数", default=0)
    case_file_documents = models.PositiveIntegerField("文书数", default=0)
    note = models.CharField("说明", max_length=300, blank=True)
    withdrawn_at = models.DateTimeField("撤销归档时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤销归档理由", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "归档记录"
        verbose_name_plural = "归档记录"
        ordering = ["-archived_on", "-id"]

    def __str__(self) -> str:
        return self.archive_number

    @property
    def has_case_file(self) -> bool:
        return bool(self.case_file_sha256)


class ArchivedText(models.Model):
    """The text of one part of the archived file (an issued document, a PDF evidence file, the decision…)."""

    record = models.ForeignKey(ArchiveRecord, on_delete=models.CASCADE, related_name="texts")
    seq = models.PositiveIntegerField("顺序")
    kind = models.CharField("类别", max_length=30)
    title = models.CharField("名称", max_length=200)
    number = models.CharField("文号", max_length=100, blank=True)
    ref = models.CharField("来源", max_length=100, blank=True)
    text = models.TextField("文本")

    class Meta:
        verbose_name = "归档文本"
        verbose_name_plural = "归档文本"
        ordering = ["record", "seq"]


class SearchDoc(models.Model):
    """One row per case: what search filters, facets, sorts and lists. Rebuilt from the case by the indexer."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+", db_constraint=False)
    number = models.CharField(max_length=60, blank=True)
    cause = models.CharField(max_length=200, blank=True)
    party_names = models.CharField(max_length=300, blank=True)
    identifiers = models.TextField(blank=True)  # case number, 文号, party ID numbers: substring-searchable
    status = models.CharField(max_length=20)
    archived = models.BooleanField(default=False, db_index=True)
    procedure = models.CharField(max_length=20, db_index=True)
    subject_id = models.BigIntegerField(db_index=True)
    handling_unit_id = models.BigIntegerField(db_index=True)
    matter_code = models.CharField(max_length=50, blank=True, db_index=True)
    field = models.CharField(max_length=50, blank=True, db_index=True)
    filed_on = models.DateField(null=True, db_index=True)
    decided_on = models.DateField(null=True, db_index=True)
    closed_on = models.DateField(null=True, db_index=True)
    archived_on = models.DateField(null=True)
    outcome = models.CharField(max_length=20, db_index=True)
    fine_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0, db_index=True)
    fine_band = models.CharField(max_length=20, db_index=True)
    hearing_held = models.BooleanField(default=False)
    legal_review = models.BooleanField(default=False)
    discretion_tier = models.CharField(max_length=20, blank=True, db_index=True)
    transition = models.BooleanField(default=False)
    case_file_url = models.CharField(max_length=300, blank=True)
    # PostgreSQL: the case's main tsvector is the raw column ``tsv`` (migration 0004); texts beyond its position
    # limit are in overflow segments, which only these cases have.
    has_overflow = models.BooleanField(default=False)
    # The case's facet values as two small dimension rows: facet counts group the matching cases by these ids
    # (a few thousand distinct combinations) instead of by a dozen columns of every matching case.
    facet_combo = models.ForeignKey(
        "FacetCombo", null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    tag_combo = models.ForeignKey(
        "TagCombo", null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["has_overflow"], condition=models.Q(has_overflow=True), name="searchdoc_overflow")
        ]
        verbose_name = "检索索引条目"
        verbose_name_plural = "检索索引条目"


class SearchTag(models.Model):
    """A value of a multi-valued facet of a case: ``unit`` (every unit that may see it), ``officer``,
    ``penalty``."""

    doc = models.ForeignKey(SearchDoc, on_delete=models.CASCADE, related_name="tags", db_constraint=False)
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=50)

    class Meta:
        indexes = [models.Index(fields=["facet", "value", "doc"], name="searchtag_facet_value")]


class FacetCombo(models.Model):
    """One combination of single-valued facet values that some indexed case has (a dimension row; rows no case
    uses any more are harmless and dropped by ``reindex``)."""

    signature = models.CharField(max_length=400, unique=True)
    handling_unit_id = models.BigIntegerField()
    subject_id = models.BigIntegerField()
    matter_code = models.CharField(max_length=50, blank=True)
    field = models.CharField(max_length=50, blank=True)
    procedure = models.CharField(max_length=20)
    fine_band = models.CharField(max_length=20)
    hearing_held = models.BooleanField(default=False)
    legal_review = models.BooleanField(default=False)
    discretion_tier = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=20)
    transition = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)


class TagCombo(models.Model):
    """One set of multi-valued facet values (officers, penalty types) that some indexed case has."""

    signature = models.CharField(max_length=1000, unique=True)


class TagComboValue(models.Model):
    combo = models.ForeignKey(TagCombo, on_delete=models.CASCADE, related_name="values", db_constraint=False)
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=50)


class SearchText(models.Model):
    """A chunk of a case's text (long texts are cut with an overlap so that a phrase is never split)."""

    doc = models.ForeignKey(SearchDoc, on_delete=models.CASCADE, related_name="texts", db_constraint=False)
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=200, blank=True)
    number = models.CharField(max_length=100, blank=True)
    key = models.BooleanField(default=False)  # case number, parties, 案由: ranks first
    text = models.TextField()


class SearchSegment(models.Model):
    """PostgreSQL only: a case's key texts (one row, for relevance ranking) and, for the rare case whose texts
    exceed the position limit of its main tsvector (``archive_searchdoc.tsv``), the overflow in segments below
    that limit; each row has a ``tsv`` column (GIN) added by migration 0003. SQLite keeps one FTS5 row per case
    instead (``archive_fts``, columns ``key`` and ``body``)."""

    doc = models.ForeignKey(SearchDoc, on_delete=models.CASCADE, related_name="segments", db_constraint=False)
    key = models.BooleanField(default=False)


class IndexTaskState(models.TextChoices):
    PENDING = "pending", "待处理"
    FAILED = "failed", "失败"


class IndexTask(models.Model):
    """An indexing job that did not complete after commit; ``manage.py reindex --pending`` retries them."""

    case_id = models.BigIntegerField("案件ID", unique=True)
    state = models.CharField("状态", max_length=10, choices=IndexTaskState.choices, default=IndexTaskState.PENDING)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "索引任务"
        verbose_name_plural = "索引任务（待处理/失败）"
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"案件{self.case_id}：{self.get_state_display()}"


class BuildState(models.TextChoices):
    BUILDING = "building", "重建中"
    LIVE = "live", "已启用"
    FAILED = "failed", "失败"


class IndexBuild(models.Model):
    """A rebuild of the search index into a new generation (shadow tables on the database backend, a new index
    behind the alias on Elasticsearch). Searches keep reading the live generation until the build switches over
    in one transaction; while a build is ``building``, every incremental index update also notes its case in
    ``IndexJournal`` so the build replays it before the switch (nothing indexed during a rebuild is lost)."""

    backend = models.CharField("检索后端", max_length=20)
    state = models.CharField("状态", max_length=10, choices=BuildState.choices, default=BuildState.BUILDING)
    reason = models.CharField("失败原因", max_length=500, blank=True)
    total = models.PositiveIntegerField("案件总数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    replayed = models.PositiveIntegerField("重放的更新", default=0)
    target = models.CharField("新索引", max_length=200, blank=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    heartbeat_at = models.DateTimeField("心跳时间", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "索引重建"
        verbose_name_plural = "索引重建记录"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"索引重建 {self.pk}：{self.get_state_display()}"


class IndexJournal(models.Model):
    """A case indexed incrementally while ``build`` was running: the build re-reads it before switching."""

    build = models.ForeignKey(IndexBuild, on_delete=models.CASCADE, related_name="journal")
    case_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["build", "id"], name="indexjournal_build")]


def _shadow_of(model: type[models.Model], table: str) -> type[models.Model]:
    """An unmanaged copy of ``model`` over ``table`` (the same columns; relations as plain id columns, so that
    deleting a case never looks into a shadow table that exists only during a rebuild)."""
    attrs: dict = {
        "__module__": __name__,
        "Meta": type("Meta", (), {"managed": False, "db_table": table}),
    }
    for f in model._meta.concrete_fields:
        if f.is_relation:
            attrs[f.attname] = models.BigIntegerField(primary_key=f.primary_key, null=f.null, db_column=f.column)
        else:
            attrs[f.name] = f.clone()
    return type(f"{model.__name__}Shadow", (models.Model,), attrs)


# The generation being built: tables created by ``rebuild`` from the live tables' definitions, renamed over them
# at the switch (see ``casemgmt.archive.generations``).
SearchDocShadow = _shadow_of(SearchDoc, "archive_searchdoc_next")
SearchTagShadow = _shadow_of(SearchTag, "archive_searchtag_next")
SearchTextShadow = _shadow_of(SearchText, "archive_searchtext_next")
SearchSegmentShadow = _shadow_of(SearchSegment, "archive_searchsegment_next")


__all__ = [
    "ArchiveRecord",
    "BuildState",
    "IndexBuild",
    "IndexJournal",
    "ArchivedText",
    "IndexTask",
    "IndexTaskState",
    "Outcome",
    "RetentionRule",
    "SearchDoc",
    "SearchSegment",
    "SearchTag",
    "SearchText",
]
