"""``gongkai report annual --agency CODE --year YYYY [--format 2021|2019] [--output FILE]``.

Generates the annual report from the platform's data (the published snapshot is not used:
this is the officer's tool to see the figures now). The output format follows the file
extension: .xlsx, .docx, .pdf (signed with the agency's certificate), .html or .json;
without --output the JSON goes to standard output. Exit status 1 when a check fails, so
scripts notice a report that does not add up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.reports import compute, render, selectors, services
from gongkai.reports import format as fmt

EXTENSIONS = (".xlsx", ".docx", ".pdf", ".html", ".json")


class Command(BaseCommand):
    help = "政府信息公开工作年度报告:report annual --agency 组织机构代码 --year 年度"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        annual = sub.add_parser("annual", help="生成年度报告")
        annual.add_argument("--agency", required=True, help="组织机构代码或网址标识")
        annual.add_argument("--year", required=True, type=int)
        annual.add_argument("--format", type=int, choices=fmt.FORMATS, default=None)
        annual.add_argument("--output", default="", help="输出文件(.xlsx .docx .pdf .html .json)")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = selectors.agency_by_code_or_slug(options["agency"])
        if agency is None:
            raise CommandError(f"没有这个机构:{options['agency']}")
        year = options["year"]
        report = selectors.report_for(agency, year)
        code = options["format"] or (report.format if report else fmt.default_format(year))
        figures = compute.compute(agency.pk, year, code)
        texts = report.texts() if report else services.draft_texts(figures, agency)
        status = report.status if report else "not_started"
        output = options["output"]
        suffix = Path(output).suffix.lower() if output else ".json"
        if suffix not in EXTENSIONS:
            raise CommandError(f"不支持的输出格式 {suffix}:可用 {' '.join(EXTENSIONS)}")
        data: bytes
        if suffix == ".json":
            data = json.dumps(render.as_data(figures, agency=agency, texts=texts, status=status),
                              ensure_ascii=False, indent=2).encode()
        elif suffix == ".html":
            data = render.to_html(figures, agency=agency, texts=texts).encode()
        elif suffix == ".xlsx":
            data = render.to_xlsx(figures, agency=agency, texts=texts)
        elif suffix == ".docx":
            data = render.to_docx(figures, agency=agency, texts=texts)
        else:
            from gongkai.signing.services import render_pdf, sign_pdf

            data = sign_pdf(agency=agency, pdf=render_pdf(render.to_html(
                figures, agency=agency, texts=texts)), reason=f"{year}年政府信息公开工作年度报告")
        if output:
            Path(output).write_bytes(data)
            self.stdout.write(f"{output}: {len(data)} bytes")
        else:
            self.stdout.write(data.decode())
        failed = [c for c in figures.checks if not c.ok]
        for check in failed:
            self.stderr.write(f"校验未通过:{check.rule} {check.detail} 单元格 {', '.join(check.cells)}")
        if failed:
            raise SystemExit(1)
