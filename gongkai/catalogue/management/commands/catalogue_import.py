"""``gongkai catalogue_import FILE --agency SLUG [--attachments DIR] [--dry-run] [--publish]``

Imports catalogue records from a .csv/.xlsx/.json file (or a .zip holding the data file
and its attachments). Every row is checked first; with any error nothing is written, the
errors are printed with their row numbers and the command exits non-zero (so a script or
cron job notices). ``--dry-run`` only checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalogue.importer import (
    AttachmentSource,
    DirectoryAttachments,
    ImportFileError,
    ZipAttachments,
    catalogue_import,
    open_zip_upload,
)
from gongkai.catalogue.policies import RecordPolicy
from gongkai.core.models import Agency, User


class Command(BaseCommand):
    help = "Import catalogue records (CSV/XLSX/JSON, or a ZIP with attachments); all rows or none."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="data file: .csv, .xlsx, .json, or a .zip with attachments")
        parser.add_argument("--agency", required=True, help="slug of the agency to import into")
        parser.add_argument("--attachments", metavar="DIR",
                            help="folder the 附件 column's file names are relative to")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--publish", action="store_true",
                            help="publish every record (index numbers assigned as on approval)")
        parser.add_argument("--ignore-index-numbers", action="store_true",
                            help="drop the 索取号 column (e.g. an export from another agency)")
        parser.add_argument("--user", help="username recorded as the actor (an agency administrator)")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有代码为“{options['agency']}”的机构。")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"没有用户名为“{options['user']}”的用户。")
            if not RecordPolicy.can_import(actor, agency):
                raise CommandError(f"用户“{actor.username}”不是{agency.name}的机构管理员,不能导入。")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在:{path}")
        source: AttachmentSource | None = None
        zip_source: ZipAttachments | None = None
        try:
            if path.suffix.lower() == ".zip":
                try:
                    name, data, zip_source = open_zip_upload(path)
                except ImportFileError as exc:
                    raise CommandError(str(exc)) from exc
                filename, source = f"{path.name}:{name}", zip_source
            else:
                data, filename = path.read_bytes(), path.name
            if options["attachments"]:
                folder = Path(options["attachments"])
                if not folder.is_dir():
                    raise CommandError(f"附件目录不存在:{folder}")
                source = DirectoryAttachments(folder)
            report = catalogue_import(
                actor=actor, agency=agency, filename=filename, data=data, attachments=source,
                dry_run=options["dry_run"], publish=options["publish"],
                ignore_index_numbers=options["ignore_index_numbers"])
        finally:
            if zip_source is not None:
                zip_source.archive.close()
        if report.encoding:
            self.stdout.write(f"编码:{report.encoding}")
        if report.ignored_columns:
            self.stdout.write(f"已忽略无法识别的列:{'、'.join(report.ignored_columns)}")
        if report.errors:
            for error in report.errors_shown:
                self.stderr.write(str(error))
            if report.errors_hidden:
                self.stderr.write(f"……另有 {report.errors_hidden} 处错误未显示。")
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
