"""``gongkai verify FILE``: exit 0 only for an authentic, unaltered publication."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.signing.verification import VerifyInputError, verify_file


class Command(BaseCommand):
    help = "Check whether FILE is an authentic, unaltered publication of this platform."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        try:
            verdict = verify_file(data)
        except VerifyInputError as exc:
            raise CommandError(exc.message) from exc
        lines = [f"{verdict.verdict.upper()}: {verdict.message}", f"sha256 {verdict.sha256}",
                 f"sm3    {verdict.sm3}"]
        if verdict.agency_name:
            lines.append(f"agency {verdict.agency_name} ({verdict.agency})")
        if verdict.record_id:
            lines.append(f"record {verdict.record_id} {verdict.index_number} {verdict.record_title}")
            lines.append(f"version {verdict.version} (current {verdict.current_version})"
                         + (" -- a NEWER VERSION exists" if verdict.newer_version_exists else "")
                         + (" -- WITHDRAWN" if verdict.withdrawn else ""))
        if verdict.log_index is not None:
            lines.append(f"transparency log entry #{verdict.log_index}")
        self.stdout.write("\n".join(lines))
        if not verdict.ok:
            raise CommandError(f"not an authentic publication ({verdict.verdict})")
