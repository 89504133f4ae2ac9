"""Outcome bands per round (OutcomeBand rows replace the fixed commend/warn/criticise fields) and 加分项 in rubrics
(RubricItem.bonus, Rubric.bonus_max)."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


def fields_to_bands(apps, schema_editor):
    """Each existing round keeps the bands it had: below its score line 通报批评, ranks 1..N 通报表扬, the ranks
    after them through its warning rank 工作警示 (tried in that order, as before)."""
    EvaluationRound = apps.get_model("evaluation", "EvaluationRound")
    OutcomeBand = apps.get_model("evaluation", "OutcomeBand")
    rows = []
    for r in EvaluationRound.objects.all():
        bands = [{"label": "通报批评", "score_below": r.criticize_below}]
        if r.commend_top:
            bands.append({"label": "通报表扬", "rank_from": 1, "rank_to": r.commend_top})
        if r.warn_through_rank is not None and r.warn_through_rank > (r.commend_top or 0):
            bands.append({"label": "工作警示", "rank_from": (r.commend_top or 0) + 1, "rank_to": r.warn_through_rank})
        rows += [OutcomeBand(round=r, position=i, **b) for i, b in enumerate(bands)]
    OutcomeBand.objects.bulk_create(rows)


def bands_to_fields(apps, schema_editor):
    EvaluationRound = apps.get_model("evaluation", "EvaluationRound")
    for r in EvaluationRound.objects.all():
        bands = list(r.bands.all())
        commend = next((b for b in bands if b.label == "通报表扬" and b.rank_to), None)
        warn = next((b for b in bands if b.label == "工作警示" and b.rank_to), None)
        criticize = next((b for b in bands if b.label == "通报批评" and b.score_below is not None), None)
        r.commend_top = commend.rank_to if commend else 0
        r.warn_through_rank = warn.rank_to if warn else None
        r.criticize_below = criticize.score_below if criticize else Decimal("0")
        r.save(update_fields=["commend_top", "warn_through_rank", "criticize_below"])


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_default_rubric")]

    operations = [
        migrations.AddField(
            model_name="rubric",
            name="bonus_max",
            field=models.DecimalField(decimal_places=1, default=Decimal("0"), max_digits=5, verbose_name="加分上限"),
        ),
        migrations.AddField(
            model_name="rubricitem",
            name="bonus",
            field=models.BooleanField(default=False, verbose_name="加分项"),
        ),
        migrations.CreateModel(
            name="OutcomeBand",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.CharField(max_length=20, verbose_name="结果")),
                ("rank_from", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="名次自")),
                ("rank_to", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="名次至")),
                (
                    "score_from",
                    models.DecimalField(
                        blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="得分不低于"
                    ),
                ),
                (
                    "score_below",
                    models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="得分低于"),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="优先顺序")),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bands",
                        to="evaluation.evaluationround",
                    ),
                ),
            ],
            options={
                "verbose_name": "通报结果档次",
                "verbose_name_plural": "通报结果档次",
                "ordering": ["position", "id"],
            },
        ),
        migrations.RunPython(fields_to_bands, bands_to_fields),
        migrations.RemoveField(model_name="evaluationround", name="commend_top"),
        migrations.RemoveField(model_name="evaluationround", name="criticize_below"),
        migrations.RemoveField(model_name="evaluationround", name="warn_through_rank"),
    ]
