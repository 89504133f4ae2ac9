"""Load the built-in document catalogue (numbering classes, document types, first template versions)."""

from django.db import migrations


def load(apps, schema_editor):
    from documents.catalogue import sync_catalogue

    sync_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
