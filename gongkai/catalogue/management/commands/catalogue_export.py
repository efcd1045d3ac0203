"""``gongkai catalogue_export --agency SLUG --format csv|xlsx|json [-o FILE]``

Writes the agency's records in the columns ``catalogue_import`` reads (to standard output
for csv and json when no file is given)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalogue.exporter import FORMATS, catalogue_export
from gongkai.core.models import Agency


class Command(BaseCommand):
    help = "Export an agency's catalogue records as CSV (UTF-8 with BOM), XLSX or JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--agency", required=True, help="slug of the agency")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有代码为“{options['agency']}”的机构。")
        fmt = options["format"]
        if fmt == "xlsx" and not options["output"]:
            raise CommandError("导出 xlsx 须用 -o 指定输出文件。")
        stream, _, _ = catalogue_export(actor=None, agency=agency, fmt=fmt)
        if options["output"]:
            with open(options["output"], "wb") as out:
                for chunk in stream:
                    out.write(chunk)
            self.stderr.write(f"已导出到 {options['output']}")
            return
        target = getattr(self.stdout, "_out", sys.stdout)
        binary = getattr(target, "buffer", None)
        for chunk in stream:
            if binary is not None:
                binary.write(chunk)
            else:
                target.write(chunk.decode("utf-8"))
        target.flush()
