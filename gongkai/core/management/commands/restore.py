"""``gongkai restore ARCHIVE [--force]``: restore a ``gongkai backup`` archive and prove it.

Restores into an empty data dir and empty database only (``--force`` moves SQLite files
and folders aside, and drops PostgreSQL tables), after checking every member's sha256;
then the audit chain, the transparency log and every table are checked against the
manifest. Stop web, workers and scheduler first: nothing may write during a restore.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a gongkai backup archive into an empty data dir and database, then "
            "verify the audit chain, the transparency log and every table.")
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true",
            help="restore over existing data: SQLite database, media/ and signing/ are moved "
                 "to <data dir>/pre-restore-<time>/; PostgreSQL tables are dropped")

    def handle(self, *args: Any, archive: str, force: bool = False, **options: Any) -> None:
        try:
            result = restore(archive=Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        manifest = result.manifest
        for line in result.moved_aside:
            self.stdout.write(f"before restoring: {line}")
        self.stdout.write(self.style.SUCCESS(
            f"restored backup of {manifest['created_at']} ({manifest['database']['vendor']}, "
            f"Gongkai {manifest['gongkai_version']}) in {result.seconds:.1f} s"))
        for line in result.checks:
            self.stdout.write(f"  ok: {line}")
        if manifest["secret_key"] == "environment":
            self.stdout.write("  note: SECRET_KEY came from the environment at backup time; "
                              "set the same value here.")
        self.stdout.write("next: gongkai migrate (a no-op unless this backup predates an "
                          "upgrade), then start web, workers and scheduler.")
