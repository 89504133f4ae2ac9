from django.db import migrations


def install(apps, schema_editor):
    from casemgmt.supervision.default_rubric import DEFAULT_RUBRIC
    from casemgmt.supervision.rubrics import store_spec

    Rubric = apps.get_model("supervision", "Rubric")
    if Rubric.objects.filter(name=DEFAULT_RUBRIC["name"]).exists():
        return
    store_spec(
        DEFAULT_RUBRIC,
        activate=not Rubric.objects.filter(is_active=True).exists(),
        models=(Rubric, apps.get_model("supervision", "RubricCategory"), apps.get_model("supervision", "RubricItem")),
    )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
