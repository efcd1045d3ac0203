"""``gongkai applications_retention [--today YYYY-MM-DD] [--dry-run]``

Anonymises closed applications older than GONGKAI_APPLICATIONS_RETENTION_DAYS (the same
work as the daily ``applications.retention`` job), for operators who run it by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Anonymise applicants' data of closed applications past the retention period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="reference date (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="only count")

    def handle(self, *args: Any, **options: Any) -> None:
        from gongkai.applications import services
        from gongkai.applications.models import Application

        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] \
                else timezone.localdate()
        except ValueError:
            raise CommandError("--today 应为 YYYY-MM-DD。") from None
        if options["dry_run"]:
            cutoff = today - dt.timedelta(days=services.retention_days())
            count = Application.objects.filter(anonymised_at__isnull=True,
                                               closed_on__lt=cutoff).count()
            self.stdout.write(f"would anonymise {count} applications (closed before {cutoff})")
            return
        done = services.anonymise_expired(today=today)
        self.stdout.write(f"anonymised {done} applications")
