"""``gongkai demo``: load the demo agencies, people and calendar (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.demo import DEMO_PASSWORD, PEOPLE, DemoRefusedError, load_demo


class Command(BaseCommand):
    help = "Load demo data: two justice bureaus, departments, one account per role."

    def handle(self, *args, **options):
        try:
            created = load_demo()
        except DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{k} +{v}" for k, v in created.items())
        self.stdout.write(self.style.SUCCESS(f"demo data loaded ({summary})"))
        self.stdout.write(f"demo accounts (password '{DEMO_PASSWORD}'): "
                          + ", ".join(p[0] for p in PEOPLE))
