"""``gongkai hotline_account AGENCY USERNAME`` connects a hotline (12345/12348) to an agency:
it creates the machine account (no password, not staff) if needed, gives it the hotline
integration role for that agency only, and prints a new API token (shown once).

Least privilege is the point: the token exchanges that agency's work orders through
``/api/v1/hotline/…`` and opens nothing else, where an administrator's token would open
every staff endpoint of the agency."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.core.models import Role
from gongkai.core.selectors import agency_resolve, user_get_by_username
from gongkai.core.services import api_token_create, membership_grant, user_create


class Command(BaseCommand):
    help = "Create or extend a hotline integration account for AGENCY and print a new API token."

    def add_arguments(self, parser):
        parser.add_argument("agency", help="organisation code or slug of the agency")
        parser.add_argument("username", help="the machine account, e.g. hotline-12345")
        parser.add_argument("--name", default="12345", help="what the token is for (hotline)")

    def handle(self, *args, agency: str, username: str, name: str, **options):
        found = agency_resolve(agency)
        if found is None:
            raise CommandError(f"no active agency {agency!r}")
        with transaction.atomic():
            user = user_get_by_username(username)
            if user is None:
                user = user_create(actor=None, username=username, password=None,
                                   display_name=f"热线对接（{name}）", is_staff=False)
            elif user.is_staff or user.is_superuser:
                raise CommandError(f"{username!r} is a staff account: use a dedicated one")
            membership_grant(actor=None, user=user, role=Role.HOTLINE_INTEGRATION, agency=found)
            _token, secret = api_token_create(actor=None, user=user, name=name)
        self.stdout.write(secret)
