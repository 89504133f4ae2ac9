"""evaluation.0001_initial takes over a database migrated while case-file evaluation was labelled ``supervision``:
its tables stay, its content types (so permissions and object grants) move to ``evaluation``, its migration rows
go; a database that stopped part-way through the old migrations is refused. (A fresh database — the test
database itself — is the other path: the tables are created there.)"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from casemgmt.evaluation.models import EvaluationRound, Rubric

pytestmark = pytest.mark.django_db

takeover = importlib.import_module("casemgmt.evaluation.migrations.0001_initial")


def editor():
    created = []
    return SimpleNamespace(connection=connection, create_model=created.append), created


def test_an_old_database_is_taken_over_in_place():
    rubric_ct = ContentType.objects.get_for_model(Rubric)
    round_ct = ContentType.objects.get_for_model(EvaluationRound)
    ContentType.objects.filter(pk__in=[rubric_ct.pk, round_ct.pk]).update(app_label="supervision")
    ContentType.objects.clear_cache()
    recorder = MigrationRecorder(connection)
    for name in takeover.OLD_MIGRATIONS:
        recorder.record_applied("supervision", name)

    schema_editor, created = editor()
    takeover.create_missing_tables(apps, schema_editor)
    takeover.adopt_old_label(apps, schema_editor)

    assert created == []  # the tables supervision_* are there already, with their rows
    assert set(ContentType.objects.filter(pk__in=[rubric_ct.pk, round_ct.pk]).values_list("app_label", flat=True)) == {
        "evaluation"
    }
    assert Permission.objects.get(content_type=rubric_ct, codename="view_rubric").content_type.app_label == "evaluation"
    assert not recorder.migration_qs.filter(app="supervision").exists()
    assert Rubric.objects.filter(is_active=True).exists()  # the default rubric of 0002 (fresh test database)


def test_a_database_stopped_part_way_under_the_old_label_is_refused():
    recorder = MigrationRecorder(connection)
    for name in takeover.OLD_MIGRATIONS[:3]:
        recorder.record_applied("supervision", name)
    with pytest.raises(RuntimeError, match="0004_rectification"):
        takeover.create_missing_tables(apps, editor()[0])
