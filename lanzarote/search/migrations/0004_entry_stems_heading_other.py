"""Search finds inflections, article titles and the other language (issue 11).

Each entry also indexes ``stems`` (its words stemmed in its language), ``heading`` (a provision's
article title in both languages, words and stems) and ``other`` (a provision's text in the other
language). The full-text index covers the four, weighted: SQLite's FTS5 table is made again with
four columns (and its triggers: adding the fields rebuilds search_searchentry, which drops them,
see 0002), PostgreSQL's GIN index is on the four weighted tsvectors. Existing entries are filled
in from their text; provisions from their article's titles and the other language's text.
"""

from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_entry_fts",
]
COLUMNS = "norm, stems, heading, other"
NEW = "new.norm, new.stems, new.heading, new.other"
OLD = "old.norm, old.stems, old.heading, old.other"
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        {COLUMNS}, content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
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
SQLITE_BACK = [
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
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
# The same expression as lanzarote.search.selectors.TSVECTOR, without the table alias.
TSVECTOR = (
    "(setweight(to_tsvector('simple', heading), 'A') || setweight(to_tsvector('simple', norm), 'B')"
    " || setweight(to_tsvector('simple', stems), 'C') || setweight(to_tsvector('simple', other), 'D'))"
)
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_entry_tsv"]
POSTGRES_CREATE = [f"CREATE INDEX search_entry_tsv ON search_searchentry USING GIN ({TSVECTOR})"]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (to_tsvector('simple', norm))",
]


def _run(schema_editor, sqlite, postgres):
    for sql in sqlite if schema_editor.connection.vendor == "sqlite" else postgres:
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


def fill_and_index(apps, schema_editor):
    from lanzarote.search.index import bilingual_fields, stems_of

    SearchEntry = apps.get_model("search", "SearchEntry")
    Provision = apps.get_model("treaties", "Provision")
    provisions = {}
    for p in Provision.objects.select_related("article", "treaty"):
        texts = {}
        for lang in ("en", "fr"):
            text = getattr(p, f"text_{lang}") or ""
            texts[lang] = " ".join([text, *(getattr(p, f"indents_{lang}") or [])]) if text else ""
        titles = {lang: (getattr(p.article, f"title_{lang}", "") if p.article else "") or ""
                  for lang in ("en", "fr")}
        provisions[p.uid] = (texts, titles)
    batch = []
    for entry in SearchEntry.objects.only("id", "kind", "ref", "lang", "text").iterator(2000):
        if entry.kind == "provision" and entry.ref in provisions:
            texts, titles = provisions[entry.ref]
            fields = bilingual_fields(texts=texts, titles=titles, lang=entry.lang)
            entry.heading, entry.other = fields["heading"], fields["other"]
            entry.stems = stems_of(texts[entry.lang], entry.lang)
        else:
            entry.stems = stems_of(entry.text, entry.lang)
        batch.append(entry)
        if len(batch) == 2000:
            SearchEntry.objects.bulk_update(batch, ["stems", "heading", "other"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["stems", "heading", "other"])
    _run(schema_editor, SQLITE_CREATE, POSTGRES_CREATE)


def back(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


def back_index(apps, schema_editor):
    _run(schema_editor, SQLITE_BACK, POSTGRES_BACK)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_entry_passage"),
        ("treaties", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_index, back_index),
        migrations.AddField(
            model_name="searchentry",
            name="heading",
            field=models.TextField(blank=True, db_default="", default=""),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="other",
            field=models.TextField(blank=True, db_default="", default=""),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="stems",
            field=models.TextField(blank=True, db_default="", default=""),
        ),
        migrations.RunPython(fill_and_index, back),
    ]
