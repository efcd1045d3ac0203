"""``gongkai audit verify``: was any audit record altered or removed?"""

from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' walks the hash chain and exits non-zero if it is broken."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action: str, **options):
        result = audit_chain_verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(
                f"audit chain intact: {result.checked} events verified"))
            return
        raise CommandError(
            f"audit chain BROKEN at event #{result.broken_seq}: {result.problem} "
            f"({result.checked} events before it verified)"
        )
