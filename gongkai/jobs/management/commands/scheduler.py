"""``gongkai scheduler``: enqueue periodic jobs when due and retry failed ones."""

import signal
import time

from django.core.management.base import BaseCommand

from gongkai.jobs.registry import PERIODIC, scheduler_tick


class Command(BaseCommand):
    help = "Run the periodic-job scheduler (one is enough; several are harmless)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between passes")
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, interval: float, once: bool, **options):
        running = True

        def stop(signum, frame):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"scheduler: {len(PERIODIC)} periodic job(s): "
                          + ", ".join(f"{p.name}@{p.schedule}" for p in PERIODIC))
        while running:
            for line in scheduler_tick():
                self.stdout.write(f"scheduler: {line}")
            if once:
                break
            slept = 0.0
            while running and slept < interval:
                time.sleep(0.5)
                slept += 0.5
