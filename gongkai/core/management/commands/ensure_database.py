"""``gongkai ensure_database``: make sure the configured database exists before ``migrate``.

``make run`` with ``DATABASE_URL=postgres://…/gongkai`` naming a database that does not
exist yet used to end in a psycopg traceback. The embedded path creates it when the
configured role may (``CREATE DATABASE`` through the server's maintenance database), and
otherwise says in one line how to. SQLite needs nothing: the file is created on first use
in the data directory, which settings create.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def _missing(exc: Exception) -> bool:
    return "does not exist" in str(exc)


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database when it does not exist (SQLite: nothing to do)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return
        try:
            connection.ensure_connection()
            return
        except Exception as exc:  # psycopg's OperationalError, wrapped by Django
            if not _missing(exc):
                raise CommandError(f"Cannot connect to the database: {exc}".strip()) from exc
        name = connection.settings_dict["NAME"]
        self._create(connection, name)
        self.stdout.write(f"Created PostgreSQL database {name!r}.")

    @staticmethod
    def _create(connection: Any, name: str) -> None:
        import psycopg
        from psycopg import sql

        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        try:
            with psycopg.connect(**params, autocommit=True) as maintenance:
                maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            user = connection.settings_dict.get("USER") or "postgres"
            raise CommandError(
                f"Database {name!r} does not exist and could not be created ({exc.__class__.__name__}): "
                f"run `createdb -U {user} {name}` on the server, then `make run` again."
            ) from exc
