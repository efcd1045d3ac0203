"""``gongkai backup [--output PATH]``: an online snapshot of everything a restore needs.

Runs while web, workers and scheduler keep writing (gongkai/core/backup.py says how the
snapshot stays consistent). Exits non-zero, leaving no partial archive, on any failure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Write one archive (tar, or tar.gz when the name ends in .gz) with the database "
            "snapshot, uploaded files, keys, the secret_key file and a manifest.")
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", default=None,
            help="archive file, or an existing folder for gongkai-backup-<UTC time>.tar "
                 "(default: the current folder)")

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        try:
            result = backup_create(output=Path(output) if output else None)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        manifest = result.manifest
        files = manifest["files"]
        head = manifest.get("audit_head") or {}
        log = manifest.get("transparency") or {}
        self.stdout.write(self.style.SUCCESS(f"backup written: {result.path}"))
        self.stdout.write(
            f"  {result.size} bytes, sha256 {result.sha256}, {result.seconds:.1f} s\n"
            f"  database: {manifest['database']['vendor']}, {len(manifest['tables'])} tables, "
            f"{manifest['rows']} rows, {len(manifest['migrations'])} migrations\n"
            f"  files: {files['media']} media, {files['signing']} key files, "
            f"secret_key: {manifest['secret_key']}\n"
            f"  audit chain head: #{head.get('seq', 0)}; transparency log size "
            f"{log.get('size', 0)}")
        if files["referenced_missing"]:
            self.stderr.write(self.style.WARNING(
                f"warning: {len(files['referenced_missing'])} files the database refers to "
                f"were already missing from media/ (first: {files['referenced_missing'][0]}); "
                "they are listed in the manifest."))
