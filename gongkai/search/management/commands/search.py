"""``gongkai search rebuild [--kind K …] [--background]`` and ``gongkai search status``."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Rebuild the search index (all registered kinds, or --kind), or show its status."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="re-index every document of the kinds")
        rebuild.add_argument("--kind", action="append", dest="kinds", default=None)
        rebuild.add_argument("--background", action="store_true",
                             help="enqueue the rebuild for the worker instead")
        sub.add_parser("status", help="documents per kind and the last rebuilds")

    def handle(self, *args, action: str, **options):
        from gongkai.search import selectors, services

        if action == "rebuild":
            kinds = options.get("kinds")
            if options.get("background"):
                queued = services.rebuild_enqueue(kinds=kinds)
                self.stdout.write("rebuild enqueued" if queued else "a rebuild is already waiting")
                return
            try:
                counts = services.rebuild(kinds)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(
                "search index rebuilt: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
            return
        status = selectors.index_status()
        self.stdout.write(f"backend: {status['backend']}; rebuilds waiting: {status['pending']}")
        for row in status["kinds"]:
            state = row["state"]
            when = f"{state.rebuilt_at:%Y-%m-%d %H:%M} ({state.seconds:.1f}s)" if state and \
                state.rebuilt_at else "never"
            self.stdout.write(f"{row['kind']:<14} {row['total']:>8} documents "
                              f"({row['public']} public), last rebuilt {when}")
