"""Full-text index: an FTS5 table kept in step by triggers on SQLite, a GIN index on PostgreSQL.

Careful on SQLite: a later migration that makes Django rebuild search_searchentry (most field
changes do) drops these triggers with the old table. Such a migration must drop and re-create
the FTS table and its triggers after the change (see forward/backward below) — the search tests
fail if it does not.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        norm, content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(rowid, norm) VALUES (new.id, new.norm); END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, norm)
        VALUES ('delete', old.id, old.norm); END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, norm)
        VALUES ('delete', old.id, old.norm);
        INSERT INTO search_entry_fts(rowid, norm) VALUES (new.id, new.norm); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER search_entry_au",
    "DROP TRIGGER search_entry_ad",
    "DROP TRIGGER search_entry_ai",
    "DROP TABLE search_entry_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (to_tsvector('simple', norm))"
]
POSTGRES_BACKWARD = ["DROP INDEX search_entry_tsv"]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_FORWARD if vendor == "sqlite" else POSTGRES_FORWARD:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_BACKWARD if vendor == "sqlite" else POSTGRES_BACKWARD:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
