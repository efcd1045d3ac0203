"""``gongkai transparency verify-proof KIND FILE`` and ``gongkai transparency check``.

``verify-proof`` is the standalone verifier (gongkai/transparency/verifier.py) under the
product's command; it needs no database. ``check`` rebuilds the whole log from the
database, like ``gongkai audit verify`` does.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.transparency import verifier


class Command(BaseCommand):
    help = "Transparency log: verify proofs offline, or check the stored log."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        proof = sub.add_parser("verify-proof", help="check an inclusion/consistency proof "
                                                    "or a signed tree head saved as JSON")
        proof.add_argument("kind", choices=["inclusion", "consistency", "head"])
        proof.add_argument("file")
        proof.add_argument("--public-key", default="")
        proof.add_argument("--leaf", default="")
        sub.add_parser("check", help="rebuild the tree from the database and compare")

    def handle(self, *args, action: str, **options):
        if action == "check":
            from gongkai.transparency.selectors import log_verify

            result = log_verify()
            if not result.ok:
                raise CommandError(f"transparency log BROKEN at #{result.broken_seq}: {result.problem}")
            self.stdout.write(self.style.SUCCESS(f"transparency log intact: {result.checked} entries"))
            return
        argv = [options["kind"], options["file"]]
        if options["public_key"]:
            argv += ["--public-key", options["public_key"]]
        if options["leaf"]:
            argv += ["--leaf", options["leaf"]]
        status = verifier.main(argv)
        if status:
            raise CommandError("proof NOT verified" if status == 1 else "proof unreadable")
