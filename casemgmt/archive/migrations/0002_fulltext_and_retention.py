"""Vendor-specific full-text objects (FTS5 on SQLite; tsvector, GIN and pg_trgm on PostgreSQL) and the default
retention table (permanent for ordinary-procedure penalty files, 30 years for the others)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS archive_fts USING fts5(grams, tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS archive_ident USING fts5(identifiers, tokenize='trigram')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS archive_fts", "DROP TABLE IF EXISTS archive_ident"]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE archive_searchtext ADD COLUMN IF NOT EXISTS tsv tsvector",
    "CREATE INDEX IF NOT EXISTS archive_searchtext_tsv ON archive_searchtext USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS archive_searchdoc_ident_trgm ON archive_searchdoc USING gin (identifiers gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS archive_searchdoc_ident_trgm",
    "DROP INDEX IF EXISTS archive_searchtext_tsv",
    "ALTER TABLE archive_searchtext DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def seed_retention(apps, schema_editor):
    RetentionRule = apps.get_model("archive", "RetentionRule")
    if RetentionRule.objects.exists():
        return
    RetentionRule.objects.create(
        position=10, procedure="ordinary", outcome="penalty", years=None, note="普通程序作出行政处罚决定的案卷"
    )
    RetentionRule.objects.create(position=100, procedure="", outcome="", years=30, note="其他案卷")


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}), _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})
        ),
        migrations.RunPython(seed_retention, migrations.RunPython.noop),
    ]
