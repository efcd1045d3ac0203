"""Catalogue import benchmark: records per second for N synthetic rows. Prints figures.

Not a test. It builds a throw-away data dir (removed at the end) (SQLite by default, or ``--database-url``),
migrates it, writes a CSV of N synthetic rows (a tenth of them historical, with their own
索取号), then times the dry run (read and check every row) and the import itself, once as
drafts and, with ``--publish``, published as an approval would.

    .venv/bin/python bench/import_bench.py                # 100000 rows
    .venv/bin/python bench/import_bench.py --rows 20000 --publish
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORKDIR = tempfile.mkdtemp(prefix="gongkai-import-bench-")  # removed at exit


def build_csv(rows: int, code: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["标题", "内容概述", "正文", "文件编号", "产生日期", "主题分类", "体裁分类", "公开属性",
                     "不予公开理由", "索取号"])
    for i in range(1, rows + 1):
        year = 2010 + i % 14
        historical = i % 10 == 0
        attribute = "依申请公开" if i % 7 == 0 else "主动公开"
        writer.writerow([
            f"关于开展第{i}批法律援助工作的通知", "印发工作安排。",
            "各区司法局:现将有关事项通知如下。一、工作目标。二、工作要求。" * 5,
            f"沪司发〔{year}〕{i}号", f"{year}-0{1 + i % 9}-1{i % 10}", "法律援助", "通知", attribute,
            "涉及第三方权益" if attribute != "主动公开" else "",
            f"{code}/{year}-{i // 10:05d}" if historical else "",
        ])
    return out.getvalue().encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--publish", action="store_true", help="publish every row (slower)")
    parser.add_argument("--database-url", help="e.g. postgres://postgres@127.0.0.1:5432/gk_bench")
    args = parser.parse_args()

    os.environ["GONGKAI_DATA_DIR"] = WORKDIR
    os.environ.setdefault("GONGKAI_ENV", "test")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.catalogue.importer import catalogue_import
    from gongkai.core.models import Agency

    call_command("migrate", verbosity=0)
    agency, _ = Agency.objects.get_or_create(
        slug="bench", defaults={"name": "基准测试司法局", "short_name": "基准局",
                                "organisation_code": "BENCH0001"})
    data = build_csv(args.rows, agency.organisation_code)
    print(f"rows: {args.rows}  csv: {len(data) / 1048576:.1f} MB  database: "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}  publish: {args.publish}")

    started = time.perf_counter()
    report = catalogue_import(actor=None, agency=agency, filename="bench.csv", data=data,
                              dry_run=True)
    checked = time.perf_counter() - started
    if report.errors:
        print("unexpected errors:", [str(e) for e in report.errors[:5]])
        return 1
    print(f"dry run:  {checked:8.1f} s  {args.rows / checked:8.0f} rows/s")

    started = time.perf_counter()
    report = catalogue_import(actor=None, agency=agency, filename="bench.csv", data=data,
                              publish=args.publish)
    elapsed = time.perf_counter() - started
    if report.errors:
        print("unexpected errors:", [str(e) for e in report.errors[:5]])
        return 1
    print(f"import:   {elapsed:8.1f} s  {report.created / elapsed:8.0f} records/s "
          f"(check + write; {report.published} published)")
    print(f"100000 rows at this rate: about {100_000 / (report.created / elapsed) / 60:.0f} min")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
