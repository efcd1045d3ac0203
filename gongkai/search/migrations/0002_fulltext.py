"""The full-text structure over SearchDocument, per database (ADR 0008).

SQLite: an external-content FTS5 table (the text lives once, in search_searchdocument)
kept current by triggers, so an ORM write to the row updates the index in the same
transaction. PostgreSQL: a stored generated tsvector column (title A, identifiers B,
pinyin C, body D) with a GIN index. Other vendors get neither and search answers nothing.
"""

from django.db import migrations

COLUMNS = "title_tokens, body_tokens, extra_tokens, pinyin_tokens"
NEW = "new.title_tokens, new.body_tokens, new.extra_tokens, new.pinyin_tokens"
OLD = "old.title_tokens, old.body_tokens, old.extra_tokens, old.pinyin_tokens"

SQLITE_UP = [
    f"CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS}, content='search_searchdocument', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
    f"CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); END",
    f"CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN fts tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_tokens), 'A') || "
    "setweight(to_tsvector('simple', extra_tokens), 'B') || "
    "setweight(to_tsvector('simple', pinyin_tokens), 'C') || "
    "setweight(to_tsvector('simple', body_tokens), 'D')) STORED",
    "CREATE INDEX search_doc_fts ON search_searchdocument USING gin (fts)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_doc_fts",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
