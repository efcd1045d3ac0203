"""Search quality over the demo catalogue: nDCG@10, MRR and recall@10 for the judged
queries in ``bench/data/search_judgements.json`` (relevance by index number, graded 2 =
what the searcher wants, 1 = useful). Prints figures; not a test.

Builds a throw-away SQLite data dir with ``gongkai demo`` and a full index rebuild unless
``--data-dir`` points at one already loaded; ``--database-url`` uses PostgreSQL (a
database created here is dropped at the end).

    .venv/bin/python bench/search_quality.py
    .venv/bin/python bench/search_quality.py --data-dir /tmp/gk-demo --verbose
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import pg_create, pg_drop  # noqa: E402
from search_bench import prepare, setup_django  # noqa: E402

JUDGEMENTS = Path(__file__).resolve().parent / "data" / "search_judgements.json"
K = 10


def dcg(grades: list[int]) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def evaluate(queries: list[dict], *, verbose: bool) -> dict[str, float]:
    from gongkai.search.selectors import search

    ndcgs, rrs, recalls = [], [], []
    for item in queries:
        relevant: dict[str, int] = item["relevant"]
        result = search(item["query"], kinds=["record"], page_size=K)
        got = [h.extra.get("index_number", "") for h in result.hits]
        grades = [relevant.get(n, 0) for n in got]
        ideal = sorted(relevant.values(), reverse=True)[:K]
        ndcg = dcg(grades) / dcg(ideal) if ideal else 0.0
        first = next((i for i, g in enumerate(grades) if g > 0), None)
        rr = 1 / (first + 1) if first is not None else 0.0
        recall = sum(1 for g in grades if g > 0) / min(len(relevant), K)
        ndcgs.append(ndcg)
        rrs.append(rr)
        recalls.append(recall)
        if verbose:
            print(f"  {ndcg:5.2f} {rr:5.2f} {recall:5.2f}  {item['query']}  "
                  f"(total {result.total}, relevant {len(relevant)})")
    n = len(queries)
    return {"nDCG@10": sum(ndcgs) / n, "MRR": sum(rrs) / n, "recall@10": sum(recalls) / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="gk-squal-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    created_db = bool(args.database_url) and pg_create(args.database_url)
    try:
        setup_django(data_dir, args.database_url)
        from gongkai.search import services
        from gongkai.search.models import SearchDocument

        prepare(records=0, laws=None, fresh=created_db or not args.data_dir)
        if not SearchDocument.objects.filter(kind="record").exists() or not args.data_dir:
            services.rebuild(["record"])
        queries = json.loads(JUDGEMENTS.read_text())["queries"]
        from django.db import connection

        print(f"# search quality — {len(queries)} judged queries over the demo catalogue "
              f"({connection.vendor})")
        scores = evaluate(queries, verbose=args.verbose)
        print("full:  " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    finally:
        if created_db:
            from django.db import connections

            connections.close_all()
            pg_drop(args.database_url)
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
