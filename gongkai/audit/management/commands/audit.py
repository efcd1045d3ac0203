"""``gongkai audit verify``: was any audit record altered or removed?"""

from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' walks the hash chain and exits non-zero if it is broken."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action: str, **options):
        from gongkai.audit.chains import VERIFIERS

        result = audit_chain_verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(
                f"audit chain intact: {result.checked} events verified"))
            for name, verify in VERIFIERS.items():
                other = verify()
                if not other.ok:
                    raise CommandError(f"{name} BROKEN at #{other.broken_seq}: {other.problem} "
                                       f"({other.checked} entries before it verified)")
                self.stdout.write(self.style.SUCCESS(
                    f"{name} intact: {other.checked} entries verified"))
            return
        raise CommandError(
            f"audit chain BROKEN at event #{result.broken_seq}: {result.problem} "
            f"({result.checked} events before it verified)"
        )
