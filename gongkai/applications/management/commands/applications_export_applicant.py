"""``gongkai applications_export_applicant CASE_NUMBER --agency CODE --as USERNAME``

Prints, as JSON, everything held about the applicant of one case (a data subject's
request); the export is audited under the named staff member."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Export the applicant's personal data held on one application (JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("case_number")
        parser.add_argument("--agency", required=True, help="organisation code of the agency")
        parser.add_argument("--as", dest="username", required=True, help="staff username")

    def handle(self, *args: Any, **options: Any) -> None:
        from gongkai.applications import services
        from gongkai.applications.models import Application
        from gongkai.core.models import User
        from gongkai.core.policies import PermissionDeniedError

        user = User.objects.filter(username=options["username"]).first()
        application = Application.objects.filter(
            agency__organisation_code=options["agency"],
            case_number=options["case_number"].upper()).first()
        if user is None or application is None:
            raise CommandError("没有该用户或该申请。")
        try:
            data = services.applicant_export(actor=user, application=application)
        except PermissionDeniedError:
            raise CommandError("该用户无权查看此申请。") from None
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
