"""Consultations benchmark: one consultation with N comments (default 20,000). Prints
figures; not a test.

In-process against a throw-away database (a temporary SQLite file, or a PostgreSQL
database created for the run and dropped at the end):

1. the public consultation page (first page of published comments) and the public
   comments API (``GET /api/v1/consultations/{id}/comments``, first and a deep page):
   p50/p95 over repeated requests with Django's test client;
2. near-duplicate grouping of all N comments (a third of them a campaign with variants);
3. bulk answering M comments (default 5,000) by id;
4. generating the adoption report over all N comments.

    .venv/bin/python bench/consultations_bench.py                   # 20,000, SQLite
    .venv/bin/python bench/consultations_bench.py --comments 5000
    .venv/bin/python bench/consultations_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_consult_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROJECT_DIR, machine, percentile, pg_create, pg_drop, setup_django  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))


def build(n: int):
    from gongkai.consultations import services
    from gongkai.consultations.models import Comment, Moderation
    from gongkai.core.models import Agency

    agency = Agency.objects.create(slug="bench", name="基准测试局", short_name="基准局",
                                   organisation_code="BENCH00001")
    text = "\n".join(f"第{services.anchor_rules.chinese_number(i)}条 条文内容{i}。"
                     for i in range(1, 41))
    c = services.consultation_create(actor=None, agency=agency, kind="normative",
                                     title="基准测试草案", text=text)
    c = services.consultation_open(actor=None, consultation=c,
                                   closes_on=services.today() + dt.timedelta(days=30))
    version = c.versions.get()
    rng = random.Random(17)
    campaign = "我们坚决反对在本小区附近设立垃圾中转站,请重新选址,保护居民健康和生活环境。"
    rows = []
    for i in range(n):
        if i % 3 == 0:
            body = campaign if rng.random() < 0.7 else campaign.replace("坚决", rng.choice(
                ["强烈", "一致", "完全"]))
        else:
            body = f"关于第{rng.randint(1, 40)}条的意见{i}:建议{rng.choice(['明确', '细化', '删除'])}" \
                   f"相关表述,编号{rng.randint(1, 10**9)}。"
        anchor = f"a{rng.randint(1, 40)}" if i % 2 else ""
        rows.append(Comment(consultation=c, version=version, case_number=f"YJ-2026-{i:06d}",
                            anchor=anchor, anchor_label=anchor and f"第{anchor[1:]}条",
                            text=body, received_on=services.today(),
                            moderation=Moderation.PUBLISHED, submitted_at=None))
    Comment.objects.bulk_create(rows, batch_size=2000)
    return c


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentile(samples, 50), percentile(samples, 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--bulk", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url and not pg_create(args.database_url):
        raise SystemExit("--database-url: the database exists; name a new one")
    print(f"consultations bench · {machine()}")
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}; "
          f"comments: {args.comments:,}; bulk answer: {args.bulk:,}")
    try:
        with tempfile.TemporaryDirectory(prefix="gk-consult-bench-") as data_dir:
            setup_django(data_dir, args.database_url or None)
            run(args)
    finally:
        if args.database_url:
            from django.db import connections

            connections.close_all()
            pg_drop(args.database_url)


def run(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.test import Client

    from gongkai.consultations import services
    from gongkai.consultations.models import Comment

    start = time.perf_counter()
    c = build(args.comments)
    print(f"setup (bulk insert): {time.perf_counter() - start:.1f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    page_url = f"/bench/consultations/{c.pk}/"
    api_url = f"/api/v1/consultations/{c.pk}/comments"
    deep = max(1, args.comments // 20 // 2)
    for label, fn in [
        ("public page (first 50 comments)", lambda: client.get(page_url)),
        ("comments API page 1 (20)", lambda: client.get(api_url)),
        (f"comments API page {deep} (20)", lambda: client.get(api_url, {"page": deep})),
    ]:
        assert fn().status_code == 200
        p50, p95 = timed(fn, args.runs)
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({args.runs} runs)")
    start = time.perf_counter()
    groups = services.comments_group(actor=None, consultation=c)
    print(f"grouping {args.comments:,} comments: {time.perf_counter() - start:.2f} s "
          f"({groups} groups)")
    ids = list(Comment.objects.filter(consultation=c).order_by("id")
               .values_list("id", flat=True)[:args.bulk])
    start = time.perf_counter()
    n = services.comments_answer_bulk(actor=None, consultation=c, disposition="adopted",
                                      answer="感谢您的意见,已采纳。", comment_ids=ids)
    print(f"bulk answer {n:,} comments: {time.perf_counter() - start:.2f} s")
    services.comments_answer_bulk(actor=None, consultation=c, disposition="not_adopted",
                                  answer="经研究,暂不采纳。",
                                  comment_ids=list(Comment.objects.filter(
                                      consultation=c, disposition="").values_list("id", flat=True)))
    from gongkai.consultations import limits
    services.consultation_close(actor=None, consultation=c,
                                now=limits.closing_moment(c.closes_on))
    c.refresh_from_db()
    start = time.perf_counter()
    report = services.report_generate(actor=None, consultation=c, summary="基准测试。")
    print(f"adoption report over {args.comments:,} comments: {time.perf_counter() - start:.2f} s "
          f"({len(report.body):,} characters, {report.figures['totals']['received']:,} counted)")


if __name__ == "__main__":
    main()
