"""SQL for the log tables' append-only triggers, shared by the migration and tests."""

TABLES = ["transparency_logentry", "transparency_treenode", "transparency_treehead"]


def _sqlite(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END""",
    ]


POSTGRES_FUNCTION = """CREATE OR REPLACE FUNCTION transparency_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the transparency log is append-only'; END; $$ LANGUAGE plpgsql"""


def _statements(connection, *, drop: bool) -> list[str]:
    if connection.vendor == "sqlite":
        if drop:
            return [f"DROP TRIGGER IF EXISTS {t}_{w}" for t in TABLES for w in ("no_update", "no_delete")]
        return [sql for t in TABLES for sql in _sqlite(t)]
    if connection.vendor == "postgresql":
        if drop:
            return [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}" for t in TABLES] + [
                "DROP FUNCTION IF EXISTS transparency_append_only()"]
        return [POSTGRES_FUNCTION] + [
            f"""CREATE OR REPLACE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t}
                FOR EACH ROW EXECUTE FUNCTION transparency_append_only()""" for t in TABLES]
    return []


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, drop=False):
            cursor.execute(sql)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, drop=True):
            cursor.execute(sql)
