"""Opinion benchmark: hot-topic grouping over many inbound texts, and the concerns list's
latency. Prints figures; not a test.

Runs in-process against a throw-away SQLite database (or a PostgreSQL one with
``--database-url``, created for the run and dropped at the end):

1. ``--texts`` synthetic inbound texts (default 100,000) over three days, twenty themes with
   their own words in shared filler; times the segmentation and the grouping of
   ``gongkai.opinion.hot.group`` separately and prints the topics found; then the grouping
   by meaning of the newest 20,000 (``hot.MAX_BY_MEANING``) over synthetic stored vectors;
2. ``--concerns`` concerns (default 2,000) with their hours deadlines, half overdue; the staff
   list page (``/staff/opinion/``, 30 a page, with the overdue filter and without) is
   requested ``--requests`` times through Django's test client: p50 and p95.

    .venv/bin/python bench/opinion_bench.py                       # SQLite, 100,000 texts
    .venv/bin/python bench/opinion_bench.py --texts 20000 --concerns 500
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from applications_bench import setup_django  # noqa: E402
from harness import PROJECT_DIR, machine, pg_create, pg_drop  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))

THEMES = ["公证处排队", "律师收费", "法律援助热线", "社区矫正报到", "人民调解纠纷", "司法鉴定费用",
          "监狱探视预约", "法考报名系统", "仲裁委员会受理", "普法宣传活动", "遗嘱公证预约",
          "律师会见难", "公证费用标准", "调解协议效力", "援助律师服务", "鉴定机构资质",
          "矫正对象管理", "法律咨询服务", "公共法律服务中心", "行政复议申请"]
FILLER = ["希望", "尽快", "解决", "反映", "市民", "问题", "最近", "很多人", "部门", "请问",
          "什么时候", "办理", "情况", "网上", "服务", "时间", "太长", "不方便", "建议", "改进"]


def make_texts(count: int, now: dt.datetime):
    from gongkai.opinion.hot import InboundText

    rng = random.Random(20)
    out = []
    for i in range(count):
        theme = rng.randrange(len(THEMES))
        # The last theme rises: most of its texts arrive in the last day.
        hours = rng.uniform(0, 24) if theme == len(THEMES) - 1 and rng.random() < 0.8 \
            else rng.uniform(0, 72)
        words = [THEMES[theme]] + rng.sample(FILLER, 5)
        rng.shuffle(words)
        out.append(InboundText("bench", str(i), "".join(words), "", now - dt.timedelta(hours=hours)))
    return out


def bench_hot(count: int) -> None:
    from gongkai.opinion import hot

    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    texts = make_texts(count, now)
    hot.words("预热分词器")
    start = time.perf_counter()
    for t in texts[:2000]:
        hot.words(t.title)
    per_text = (time.perf_counter() - start) / min(2000, count)
    start = time.perf_counter()
    topics = hot.group(texts, now=now, days=3, min_items=5)
    total = time.perf_counter() - start
    print(f"hot topics: {count:,} texts grouped in {total:.1f} s "
          f"(segmentation alone ≈ {per_text * count:.1f} s, {per_text * 1e6:.0f} µs a text); "
          f"{len(topics)} topics, rising: {sum(t.rising for t in topics)}")
    for topic in topics[:5]:
        print(f"  {topic.label:<30} {topic.size:>7,} texts, last 24 h {topic.recent:,}"
              f"{'  RISING' if topic.rising else ''}")


def bench_meaning(count: int, dim: int = 512) -> None:
    """Grouping by meaning at request time over stored unit vectors (``group_by_meaning``;
    the encoding itself is the background job's, timed per text in tech-notes.md). The
    vectors are synthetic: twenty theme directions plus noise, the last theme rising."""
    import numpy as np

    from gongkai.opinion import hot

    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    count = min(count, hot.MAX_BY_MEANING)
    texts = make_texts(count, now)
    rng = np.random.default_rng(20)
    themes = rng.normal(size=(len(THEMES), dim)).astype(np.float32)
    labels = np.array([THEMES.index(next(w for w in THEMES if w in t.title)) for t in texts])
    vectors = themes[labels] + rng.normal(scale=0.9, size=(count, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    start = time.perf_counter()
    topics, rest = hot.group_by_meaning(texts, vectors, now=now, days=3, min_items=5,
                                        similarity=0.5)
    took = time.perf_counter() - start
    print(f"hot topics by meaning: {count:,} stored vectors (at most {hot.MAX_BY_MEANING:,} "
          f"are compared) grouped in {took:.2f} s; {len(topics)} topics, {len(rest):,} texts "
          "left to the words")


def bench_concerns(count: int, requests: int) -> None:
    from django.test import Client

    from gongkai.core.models import Agency, Membership, Role, User
    from gongkai.opinion.models import Concern, ConcernDeadline, ConcernStep
    from gongkai.opinion.services import concern_register

    agency = Agency.objects.create(slug="bench", name="基准测试局", short_name="基准",
                                   organisation_code="BENCH0001A")
    user = User.objects.create_user("bench-head", password="x")
    Membership.objects.create(user=user, agency=agency, role=Role.DEPARTMENT_HEAD)
    now = dt.datetime.now(dt.UTC)
    rng = random.Random(3)
    start = time.perf_counter()
    template = concern_register(actor=None, agency=agency, title="模板", level="general",
                                registered_at=now)
    concerns, deadlines, steps = [], [], []
    for i in range(count):
        at = now - dt.timedelta(hours=rng.uniform(0, 100))
        concerns.append(Concern(agency=agency, title=f"基准舆情{i}", level="general",
                                registered_at=at))
    Concern.objects.bulk_create(concerns, batch_size=1000)
    for c in concerns:
        deadlines.append(ConcernDeadline(concern=c, kind="response",
                                         due_at=c.registered_at + dt.timedelta(hours=48)))
        steps.append(ConcernStep(concern=c, stage="collected", at=c.registered_at))
    ConcernDeadline.objects.bulk_create(deadlines, batch_size=1000)
    ConcernStep.objects.bulk_create(steps, batch_size=1000)
    del template
    print(f"concerns: {count:,} written in {time.perf_counter() - start:.1f} s")
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    for label, query in [("all", {}), ("overdue", {"overdue": "1"})]:
        times = []
        for i in range(requests):
            start = time.perf_counter()
            response = client.get("/staff/opinion/", {**query, "page": 1 + i % 5})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"  /staff/opinion/ ({label}): p50 {statistics.median(times):.1f} ms, "
              f"p95 {p95:.1f} ms over {requests} requests")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--concerns", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as data_dir:
        url = args.database_url
        if url:
            pg_create(url)
        try:
            setup_django(data_dir, url)
            print(f"database: {'PostgreSQL' if url else 'SQLite'}")
            bench_hot(args.texts)
            bench_meaning(args.texts)
            bench_concerns(args.concerns, args.requests)
        finally:
            if url:
                pg_drop(url)


if __name__ == "__main__":
    main()
