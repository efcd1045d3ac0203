"""``gongkai laws import PATH``: import a folder of law files (shared/data/laws format).

Re-running it is safe: unchanged files are skipped and changed ones replace their law.
Prints a report with every file that could not be parsed and why, and exits non-zero
when there was one (so a script notices).

What it imported is searchable and answerable when it returns: the search index and the
Q&A embeddings are computed here, batch by batch, with a progress bar on a terminal (a
line per tenth otherwise). ``--queue`` leaves them to the background worker instead (a
busy server that should not wait) and says how to follow them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.laws.services import laws_import

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Law library: `import PATH` imports a folder of Markdown law files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("path", help="folder of law files (one folder per category)")
        parser.add_argument("--queue", action="store_true",
                            help="leave search indexing and embeddings to the background worker")
        # The former opt-in; indexing in this process is now what happens without --queue.
        parser.add_argument("--index-now", action="store_true", help="(default; kept for scripts)")

    def handle(self, *args: Any, action: str, path: str, queue: bool = False,
               index_now: bool = False, **options: Any) -> None:
        if queue and index_now:
            raise CommandError("--queue 与 --index-now 不能同时使用")
        started = time.monotonic()
        try:
            report = laws_import(path, index_async=queue)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.law_ids and queue:
            self.stdout.write(
                f"已排队:{len(report.law_ids)} 部法律法规的检索索引和问答语义向量由后台任务"
                "(laws.index、qa.embed_laws)完成,完成前检索不到这些条文。"
                "进度见“后台任务”页面 /staff/jobs/(平台管理员登录后查看)。")
        elif report.law_ids:
            from gongkai.laws.indexing import laws_index_now

            counts = laws_index_now(report.law_ids, progress=self._progress)
            self.stdout.write("已完成:" + ",".join(f"{label} {n} 条" for label, n in counts.items())
                              + "(语义向量只计算新的或变化的条文)")
        self.stdout.write(f"用时 {time.monotonic() - started:.1f} 秒")
        if report.failures:
            raise CommandError(f"{len(report.failures)} 个文件无法解析")

    def _progress(self, label: str) -> Callable[[int, int], None]:
        """A bar redrawn in place on a terminal; a line per tenth in a log."""
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        started = time.monotonic()
        shown = {"tenth": -1}

        def report(done: int, total: int) -> None:
            total = max(total, done, 1)
            elapsed = time.monotonic() - started
            left = elapsed / done * (total - done) if done else 0.0
            if tty:
                filled = BAR_WIDTH * done // total
                sys.stdout.write(f"\r{label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                                 f"{done}/{total} 已用 {elapsed:.0f} 秒,约剩 {left:.0f} 秒 ")
                if done >= total:
                    sys.stdout.write("\n")
                sys.stdout.flush()
                return
            tenth = 10 * done // total
            if tenth > shown["tenth"]:
                shown["tenth"] = tenth
                self.stdout.write(f"{label}:{done}/{total}({100 * done // total}%),"
                                  f"已用 {elapsed:.0f} 秒")

        return report
