"""``gongkai token create USERNAME`` prints a new personal API token (shown once)."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.models import ApiToken
from gongkai.core.selectors import user_get_by_username
from gongkai.core.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Personal API tokens: create USERNAME [--name N] | revoke PREFIX | list USERNAME"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke", "list"])
        parser.add_argument("target", help="username (create, list) or token prefix (revoke)")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, action: str, target: str, name: str, **options):
        if action == "revoke":
            tokens = list(ApiToken.objects.filter(prefix=target, revoked_at__isnull=True))
            if len(tokens) != 1:
                raise CommandError(f"no single active token has the prefix {target!r}")
            api_token_revoke(actor=None, token=tokens[0])
            self.stdout.write(f"revoked {target}")
            return
        user = user_get_by_username(target)
        if user is None:
            raise CommandError(f"no user named {target!r}")
        if action == "list":
            for t in ApiToken.objects.filter(user=user).order_by("created_at"):
                state = "revoked" if t.revoked_at else "active"
                self.stdout.write(f"{t.prefix}\t{state}\t{t.name}\t{t.created_at:%Y-%m-%d}")
            return
        if not user.is_active:
            raise CommandError(f"user {target!r} is inactive")
        _token, secret = api_token_create(actor=None, user=user, name=name)
        self.stdout.write(secret)
