"""``gongkai laws import PATH``: import a folder of law files (shared/data/laws format).

Re-running it is safe: unchanged files are skipped and changed ones replace their law.
Prints a report with every file that could not be parsed and why, and exits non-zero
when there was one (so a script notices). Search indexing follows as a background job;
``--index-now`` indexes in this process instead (an empty database, a one-off server).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.laws.services import laws_import


class Command(BaseCommand):
    help = "Law library: `import PATH` imports a folder of Markdown law files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("path", help="folder of law files (one folder per category)")
        parser.add_argument("--index-now", action="store_true",
                            help="index for search in this process instead of a background job")

    def handle(self, *args: Any, action: str, path: str, index_now: bool = False,
               **options: Any) -> None:
        started = time.monotonic()
        try:
            report = laws_import(path, index_async=not index_now)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if index_now and report.law_ids:
            from gongkai.laws.indexing import laws_index

            self.stdout.write(f"已建立检索索引:{laws_index(report.law_ids)} 条")
        self.stdout.write(f"用时 {time.monotonic() - started:.1f} 秒")
        if report.failures:
            raise CommandError(f"{len(report.failures)} 个文件无法解析")
