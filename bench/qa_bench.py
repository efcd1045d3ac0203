"""Q&A speed and memory: latency p50/p95 of answering (lexical retrieval + reranking, and
lexical only) over the data dir prepared by bench/qa_quality.py, the cost of the pieces
(encoding one question, the search calls), and the resident memory (RSS) of this process
before and after the encoder is loaded. Prints figures; not a test.

    .venv/bin/python bench/qa_quality.py            # once: prepares /tmp/gk-qa-bench
    .venv/bin/python bench/qa_bench.py --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEVSET = PROJECT_DIR / "bench" / "data" / "qa_devset.json"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/gk-qa-bench"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ["GONGKAI_DATA_DIR"] = str(args.data_dir)
    os.environ.setdefault("GONGKAI_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from gongkai.core.models import Agency
    from gongkai.laws.models import LawArticle
    from gongkai.qa.answering import answer_question
    from gongkai.qa.encoders import get_encoder
    from gongkai.qa.models import Embedding, Faq

    agency = Agency.objects.get(slug="sfj")
    print(f"data: {LawArticle.objects.count()} law articles, {Faq.objects.count()} FAQs, "
          f"{Embedding.objects.count()} stored embeddings; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    before = rss_mb()
    started = time.perf_counter()
    encoder = get_encoder()
    encoder.encode(["热身"])
    print(f"RSS before encoder {before:.0f} MB, after loading it {rss_mb():.0f} MB "
          f"(load + first call {time.perf_counter() - started:.2f} s)")
    questions = [q["question"] for q in json.loads(DEVSET.read_text("utf-8"))["questions"]]
    encode_ms = []
    for question in questions:
        t = time.perf_counter()
        encoder.encode([question])
        encode_ms.append((time.perf_counter() - t) * 1000)
    print(f"encode one question: p50 {pct(encode_ms, 50):.1f} ms, p95 {pct(encode_ms, 95):.1f} ms")
    for label, rerank in (("lexical only", False), ("reranked", True)):
        total, lexical = [], []
        for _ in range(args.rounds):
            for question in questions:
                result = answer_question(question, agency=agency, rerank=rerank)
                total.append(result.timings["total_ms"])
                lexical.append(result.timings["lexical_ms"])
        print(f"answer, {label:<13} n={len(total)}: p50 {pct(total, 50):.1f} ms, "
              f"p95 {pct(total, 95):.1f} ms, mean {statistics.mean(total):.1f} ms "
              f"(search calls p50 {pct(lexical, 50):.1f} ms)")
    print(f"RSS after the runs {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
