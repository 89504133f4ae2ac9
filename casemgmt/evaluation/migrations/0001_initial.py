"""案卷评查 under its own label, ``evaluation``. Until this migration the app was labelled ``supervision`` (the
package ``casemgmt/supervision``, migrations supervision.0001–0005); Django cannot rename an app in migrations, so:

* the state is the whole current model state (the models keep their tables ``supervision_*`` by ``Meta.db_table``);
* on a fresh database the tables are created here; on a database migrated under the old label they already exist
  with their data and are left as they are (a database that stopped part-way through supervision.0001–0005 is
  refused: migrate it on the commit before the rename first);
* the old label's bookkeeping moves over: its content types (and with them the permissions, admin log entries and
  any object grants that point at them) take the label ``evaluation``, and its django_migrations rows go.
"""


import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder


OLD_LABEL = "supervision"
OLD_MIGRATIONS = (
    "0001_initial",
    "0002_default_rubric",
    "0003_evaluation_rounds",
    "0004_rectification",
    "0005_round_closure_unit_self_scores",
)
# in the order their foreign keys need them
MODELS = (
    "Rubric",
    "RubricCategory",
    "RubricItem",
    "EvaluationRound",
    "SampledFile",
    "ItemScore",
    "UnitSelfScore",
    "Rectification",
)


def create_missing_tables(apps, schema_editor):
    connection = schema_editor.connection
    old = set(MigrationRecorder(connection).migration_qs.filter(app=OLD_LABEL).values_list("name", flat=True))
    if old and not old.issuperset(OLD_MIGRATIONS):
        missing = ", ".join(sorted(set(OLD_MIGRATIONS) - old))
        raise RuntimeError(
            f"case-file evaluation was migrated only part-way under its old label {OLD_LABEL!r} (missing {missing}): "
            "migrate this database on the commit before the rename of supervision to evaluation first"
        )
    existing = set(connection.introspection.table_names())
    for name in MODELS:
        model = apps.get_model("evaluation", name)
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)  # with its many-to-many tables, indexes and constraints


def adopt_old_label(apps, schema_editor):
    alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.using(alias).filter(app_label="evaluation").values_list("model", flat=True))
    ContentType.objects.using(alias).filter(app_label=OLD_LABEL).exclude(model__in=taken).update(app_label="evaluation")
    MigrationRecorder(schema_editor.connection).migration_qs.filter(app=OLD_LABEL, name__in=OLD_MIGRATIONS).delete()
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0003_policy_document_periods'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('org', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Rubric',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='名称')),
                        ('version', models.PositiveIntegerField(verbose_name='版本')),
                        ('is_active', models.BooleanField(default=False, verbose_name='现行')),
                        ('grade_thresholds', models.JSONField(default=list, verbose_name='等次划分')),
                        ('failing_grade', models.CharField(default='不合格', max_length=20, verbose_name='不合格等次')),
                        ('note', models.TextField(blank=True, verbose_name='说明')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': '评查标准',
                        'verbose_name_plural': '评查标准',
                        'db_table': 'supervision_rubric',
                    },
                ),
                migrations.CreateModel(
                    name='EvaluationRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='名称')),
                        ('period_from', models.DateField(verbose_name='结案期间自')),
                        ('period_to', models.DateField(verbose_name='结案期间至')),
                        ('procedure', models.CharField(blank=True, max_length=20, verbose_name='程序类型')),
                        ('sample_size', models.PositiveIntegerField(blank=True, null=True, verbose_name='每单位抽取件数')),
                        ('seed', models.CharField(max_length=64, verbose_name='随机种子')),
                        ('deadline', models.DateField(verbose_name='评查截止日期')),
                        ('status', models.CharField(choices=[('open', '评查中'), ('closed', '评查结束'), ('published', '已公布')], default='open', max_length=20, verbose_name='状态')),
                        ('commend_top', models.PositiveSmallIntegerField(default=3, verbose_name='通报表扬名次')),
                        ('warn_through_rank', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='工作警示至第几名')),
                        ('criticize_below', models.DecimalField(decimal_places=1, default=Decimal('80'), max_digits=5, verbose_name='通报批评分数线')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='评查结束时间')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='公布时间')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('evaluators', models.ManyToManyField(related_name='evaluation_rounds', to='org.officer', verbose_name='评查人员')),
                        ('units', models.ManyToManyField(related_name='evaluation_rounds', to='org.unit', verbose_name='被评查单位')),
                        ('rubric', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='evaluation.rubric', verbose_name='评查标准')),
                    ],
                    options={
                        'verbose_name': '评查活动',
                        'verbose_name_plural': '评查活动',
                        'db_table': 'supervision_evaluationround',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='RubricCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, verbose_name='代码')),
                        ('name', models.CharField(max_length=50, verbose_name='名称')),
                        ('group', models.CharField(choices=[('filing', '立卷'), ('substance', '实体'), ('procedure', '程序')], max_length=20, verbose_name='类别')),
                        ('points', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='分值')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('rubric', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='categories', to='evaluation.rubric')),
                    ],
                    options={
                        'verbose_name': '评查分类',
                        'db_table': 'supervision_rubriccategory',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='RubricItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, verbose_name='代码')),
                        ('title', models.CharField(max_length=200, verbose_name='评查内容')),
                        ('veto', models.BooleanField(default=False, verbose_name='一票否决')),
                        ('points', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=5, verbose_name='分值')),
                        ('deduction', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, verbose_name='每处扣分')),
                        ('rule_codes', models.JSONField(blank=True, default=list, verbose_name='对应规则')),
                        ('basis', models.CharField(blank=True, max_length=200, verbose_name='评查依据')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='items', to='evaluation.rubriccategory')),
                        ('rubric', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='evaluation.rubric')),
                    ],
                    options={
                        'verbose_name': '评查项目',
                        'db_table': 'supervision_rubricitem',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SampledFile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('archive_number', models.CharField(max_length=50, verbose_name='档号')),
                        ('self_score', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, verbose_name='自评分')),
                        ('total', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, verbose_name='评查得分')),
                        ('grade', models.CharField(blank=True, max_length=20, verbose_name='等次')),
                        ('vetoed', models.BooleanField(default=False, verbose_name='一票否决')),
                        ('scored_at', models.DateTimeField(blank=True, null=True, verbose_name='评分时间')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='cases.case')),
                        ('evaluator', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evaluated_files', to='org.officer', verbose_name='评查人员')),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='evaluation.evaluationround')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='被评查单位')),
                    ],
                    options={
                        'verbose_name': '抽查案卷',
                        'db_table': 'supervision_sampledfile',
                        'ordering': ['unit_id', 'case_id'],
                    },
                ),
                migrations.CreateModel(
                    name='ItemScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('suggested', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, verbose_name='系统预评分')),
                        ('suggested_failed', models.BooleanField(default=False, verbose_name='系统认定否决')),
                        ('findings', models.JSONField(blank=True, default=list, verbose_name='规则发现')),
                        ('points', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, verbose_name='得分')),
                        ('failed', models.BooleanField(default=False, verbose_name='否决')),
                        ('reason', models.CharField(blank=True, max_length=300, verbose_name='改分理由')),
                        ('comment', models.CharField(blank=True, max_length=500, verbose_name='评查意见')),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evaluation.rubricitem')),
                        ('file', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='evaluation.sampledfile')),
                    ],
                    options={
                        'db_table': 'supervision_itemscore',
                        'ordering': ['item__position', 'item_id'],
                    },
                ),
                migrations.CreateModel(
                    name='UnitSelfScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='单位自评得分')),
                        ('note', models.CharField(blank=True, max_length=500, verbose_name='自评说明')),
                        ('entered_at', models.DateTimeField(auto_now=True, verbose_name='填报时间')),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='unit_self_scores', to='evaluation.evaluationround')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='被评查单位')),
                    ],
                    options={
                        'verbose_name': '单位自评得分',
                        'verbose_name_plural': '单位自评得分',
                        'db_table': 'supervision_unitselfscore',
                    },
                ),
                migrations.CreateModel(
                    name='Rectification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('findings', models.TextField(verbose_name='整改问题')),
                        ('deadline', models.DateField(verbose_name='整改期限')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('evidence', models.TextField(blank=True, verbose_name='整改情况及佐证')),
                        ('closed_on', models.DateField(blank=True, null=True, verbose_name='整改完成日期')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rectifications', to='evaluation.evaluationround')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='整改单位')),
                    ],
                    options={
                        'verbose_name': '整改任务',
                        'db_table': 'supervision_rectification',
                        'ordering': ['deadline', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('round', 'unit'), name='one_rectification_per_unit')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='rubric',
                    constraint=models.UniqueConstraint(fields=('name', 'version'), name='rubric_name_version'),
                ),
                migrations.AddConstraint(
                    model_name='rubric',
                    constraint=models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('is_active',), name='one_active_rubric'),
                ),
                migrations.AddConstraint(
                    model_name='rubriccategory',
                    constraint=models.UniqueConstraint(fields=('rubric', 'code'), name='rubric_category_code'),
                ),
                migrations.AddConstraint(
                    model_name='rubricitem',
                    constraint=models.UniqueConstraint(fields=('rubric', 'code'), name='rubric_item_code'),
                ),
                migrations.AddConstraint(
                    model_name='sampledfile',
                    constraint=models.UniqueConstraint(fields=('round', 'case'), name='round_case_once'),
                ),
                migrations.AddConstraint(
                    model_name='itemscore',
                    constraint=models.UniqueConstraint(fields=('file', 'item'), name='file_item_once'),
                ),
                migrations.AddConstraint(
                    model_name='unitselfscore',
                    constraint=models.UniqueConstraint(fields=('round', 'unit'), name='one_self_score_per_unit'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_missing_tables, migrations.RunPython.noop),
        migrations.RunPython(adopt_old_label, migrations.RunPython.noop),
    ]
