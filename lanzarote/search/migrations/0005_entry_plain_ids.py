"""The search index names replies, questions, documents and passages by plain ids (issue 12).

The index sits below the apps that write it (docs/architecture.md), so its rows hold ids, not
foreign keys: reply_id, question_id, document_id and passage_id keep their columns, their values
and their indexes; only the foreign-key constraints go. Whatever deletes one of these objects
removes its rows itself (lanzarote.search.index), as the cascade did.

Each field is altered with its column kept (db_column), renamed to the column's name (no change
in the database) and its db_column dropped (none either). On SQLite, altering a field rebuilds
search_searchentry, which drops the full-text triggers with the old table (see 0002): they are
dropped first and made again after, and the FTS table rebuilt from the rows, as in 0004. The rows
keep their ids, so nothing else changes. On PostgreSQL only the constraints are dropped; the GIN
index is untouched.
"""

from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
]
COLUMNS = "norm, stems, heading, other"
NEW = "new.norm, new.stems, new.heading, new.other"
OLD = "old.norm, old.stems, old.heading, old.other"
SQLITE_CREATE = [
    f"""CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    f"""CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD}); END""",
    f"""CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO search_entry_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


HELP = {"passage": "For passages: the passage itself, whose embedding makes search cross-language"}


def plain_id(name: str) -> list:
    """The foreign key `name` becomes the integer field `name`_id on the same column."""
    extra = {"help_text": HELP[name]} if name in HELP else {}
    column = f"{name}_id"
    return [
        migrations.AlterField(
            model_name="searchentry",
            name=name,
            field=models.BigIntegerField(
                null=True, blank=True, db_index=True, db_column=column, **extra
            ),
        ),
        migrations.RenameField(model_name="searchentry", old_name=name, new_name=column),
        migrations.AlterField(
            model_name="searchentry",
            name=column,
            field=models.BigIntegerField(null=True, blank=True, db_index=True, **extra),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_stems_heading_other")]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        *plain_id("reply"),
        *plain_id("question"),
        *plain_id("document"),
        *plain_id("passage"),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
