"""``gongkai demo``: load the demo agencies, people, calendar and each app's demo content
(idempotent). ``--records N`` adds N synthetic catalogue records for benchmarks."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.demo import DEMO_PASSWORD, PEOPLE, DemoRefusedError, load_demo
from gongkai.core.demo_registry import run_loaders


class Command(BaseCommand):
    help = "Load demo data: two justice bureaus, departments, one account per role, content."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=None,
                            help="also generate N synthetic catalogue records (benchmarks)")

    def handle(self, *args, records=None, **options):
        if records is not None and records < 0:
            raise CommandError("--records must be zero or more")
        try:
            created = load_demo()
            extra = run_loaders(records=records)
        except DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{k} +{v}" for k, v in created.items())
        for name, counts in extra.items():
            summary += "; " + name + ": " + ", ".join(f"{k} +{v}" for k, v in counts.items())
        self.stdout.write(self.style.SUCCESS(f"demo data loaded ({summary})"))
        self.stdout.write(f"demo accounts (password '{DEMO_PASSWORD}'): "
                          + ", ".join(p[0] for p in PEOPLE))
