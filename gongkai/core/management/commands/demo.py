"""``gongkai demo``: load the demo agencies, people, calendar and each app's demo content
(idempotent). ``--records N`` adds N synthetic catalogue records for benchmarks.

Everything a visitor needs at once is done before it returns (the laws' search index and
Q&A vectors included): ``make run`` starts the server only afterwards, so the demo is
complete when the portal first answers. Each loader's time is printed.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.demo import DEMO_PASSWORD, PEOPLE, DemoRefusedError, load_demo
from gongkai.core.demo_registry import LOADERS


class Command(BaseCommand):
    help = "Load demo data: two justice bureaus, departments, one account per role, content."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=None,
                            help="also generate N synthetic catalogue records (benchmarks)")

    def handle(self, *args: Any, records: int | None = None, **options: Any) -> None:
        if records is not None and records < 0:
            raise CommandError("--records must be zero or more")
        extra: dict[str, dict[str, int]] = {}
        seconds: dict[str, float] = {}
        try:
            created = load_demo()
            for name, loader in LOADERS:
                started = time.monotonic()
                extra[name] = loader(records=records)
                seconds[name] = time.monotonic() - started
        except DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{k} +{v}" for k, v in created.items())
        for name, counts in extra.items():
            summary += "; " + name + ": " + ", ".join(f"{k} +{v}" for k, v in counts.items())
            summary += f" ({seconds[name]:.1f} 秒)"
        self.stdout.write(self.style.SUCCESS(f"demo data loaded ({summary})"))
        self.stdout.write(f"demo accounts (password '{DEMO_PASSWORD}'): "
                          + ", ".join(p[0] for p in PEOPLE))
