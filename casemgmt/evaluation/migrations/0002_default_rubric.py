from django.db import migrations


def install(apps, schema_editor):
    """The default rubric on a fresh database. A database that already has rubrics (one migrated under the old
    label ``supervision``, whose 0002_default_rubric installed it) keeps its own: nothing is added or reactivated."""
    from casemgmt.evaluation.default_rubric import DEFAULT_RUBRIC
    from casemgmt.evaluation.rubrics import store_spec

    Rubric = apps.get_model("evaluation", "Rubric")
    if Rubric.objects.exists():
        return
    store_spec(
        DEFAULT_RUBRIC,
        activate=True,
        models=(Rubric, apps.get_model("evaluation", "RubricCategory"), apps.get_model("evaluation", "RubricItem")),
    )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
