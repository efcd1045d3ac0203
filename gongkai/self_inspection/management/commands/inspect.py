"""``gongkai inspect --agency CODE [--output FILE.xlsx|.pdf|.json]``: the agency's
self-inspection now; prints the score, vetoes and deductions, writes the report when asked,
and exits 1 when a single-veto item fires (so a script or a CI job can stop on it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.selectors import agency_resolve
from gongkai.self_inspection import export, services


class Command(BaseCommand):
    help = "网站自查（国办秘函〔2019〕19号 指标）；触发单项否决时退出码为1"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机构网址标识或组织机构代码")
        parser.add_argument("--output", help="写入 .xlsx、.pdf 或 .json 文件")
        parser.add_argument("--quarter", help="季度，如 2026Q4（默认本季度）")

    def handle(self, *args, **options):
        agency = agency_resolve(options["agency"])
        if agency is None:
            raise CommandError(f"没有机构：{options['agency']}")
        quarter = options.get("quarter") or services.current_quarter(timezone.localdate())
        try:
            report = services.quarter_report(agency, quarter)
        except ValueError as exc:
            raise CommandError(f"季度格式应为 2026Q4：{quarter}") from exc
        result = report["result"]
        self.stdout.write(f"{agency.name}：{result['score']}分，单项否决{len(result['vetoes'])}项")
        for veto in result["vetoes"]:
            self.stdout.write(f"  否决 {veto['key']}：{veto['name']}（{veto['count']}）")
        for deduction in result["deductions"]:
            self.stdout.write(f"  扣{deduction['points']}分 {deduction['key']}："
                              f"{deduction['name']}（{deduction['count']}）")
        output = options.get("output")
        if output:
            path = Path(output)
            suffix = path.suffix.lower()
            if suffix == ".json":
                path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str),
                                encoding="utf-8")
            elif suffix == ".xlsx":
                path.write_bytes(export.to_xlsx(report))
            elif suffix == ".pdf":
                path.write_bytes(export.to_pdf(report))
            else:
                raise CommandError("--output 须以 .xlsx、.pdf 或 .json 结尾")
            self.stdout.write(f"已写入 {path}")
        if result["vetoes"]:
            sys.stdout.flush()
            raise SystemExit(1)
