"""Q&A quality: top-1, top-3 accuracy and MRR on bench/data/qa_devset.json, lexical-only
against lexically retrieved + semantically reranked. Prints figures; not a test.

The development set holds citizen questions phrased unlike the statute text, each with
the sources that count as a right answer (a demo FAQ by its question, or a law article by
law title and article number). It is answered over the real law library
(../shared/data/laws, every file) and the justice bureau's demo FAQs.

    .venv/bin/python bench/qa_quality.py                      # prepares /tmp/gk-qa-bench once
    .venv/bin/python bench/qa_quality.py --data-dir DIR -v    # -v lists the misses

The first run builds the data dir (migrate, demo agencies and FAQs, import of the corpus,
search index and embeddings of ~75,000 articles: minutes); later runs reuse it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEVSET = PROJECT_DIR / "bench" / "data" / "qa_devset.json"
CORPUS = PROJECT_DIR.parent / "shared" / "data" / "laws"


def setup(data_dir: Path, corpus: Path, subset: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("GONGKAI_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.core.demo import load_demo
    from gongkai.laws.indexing import laws_index
    from gongkai.laws.models import LawArticle
    from gongkai.laws.services import laws_import
    from gongkai.qa.demo import load_qa_demo
    from gongkai.qa.embeddings import laws_embed
    from gongkai.search.models import SearchDocument

    call_command("migrate", verbosity=0)
    load_demo()
    started = time.perf_counter()
    from gongkai.laws.demo import DEMO_LAWS

    only = None if subset == "all" else DEMO_LAWS + CIVIL_CODE_BOOKS
    report = laws_import(corpus, index_async=False, only=only)
    print(f"import: {report.lines()[0]} ({time.perf_counter() - started:.1f} s)")
    if SearchDocument.objects.filter(kind="law_article").count() != LawArticle.objects.count():
        started = time.perf_counter()
        print(f"search index: {laws_index(None)} articles ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    print(f"embeddings computed: {laws_embed(None)} ({time.perf_counter() - started:.0f} s)")
    print(f"demo FAQs: {load_qa_demo()}")


# The demo set plus every book of the civil code (the devset asks about contracts and torts).
CIVIL_CODE_BOOKS = ("总则", "物权编", "合同编", "人格权编", "侵权责任编", "附则")


def matches(answer, expected: list[dict]) -> bool:
    for want in expected:
        if want["kind"] == "faq" and answer.source.kind == "faq" \
                and answer.source.title == want["question"]:
            return True
        if want["kind"] == "law_article" and answer.source.kind == "law_article" \
                and answer.source.title == want["title"] \
                and answer.source.article == want["article"]:
            return True
    return False


def evaluate(items: list[dict], rerank: bool, verbose: bool) -> list[dict]:
    from gongkai.core.models import Agency
    from gongkai.qa.answering import answer_question

    agency = Agency.objects.get(slug="sfj")
    ranks: list[int | None] = []
    rows: list[dict] = []
    times = []
    for item in items:
        started = time.perf_counter()
        result = answer_question(item["question"], agency=agency, limit=10, rerank=rerank)
        times.append(time.perf_counter() - started)
        rank = next((i + 1 for i, a in enumerate(result.answers) if matches(a, item["expected"])),
                    None)
        ranks.append(rank)
        rows.append({"item": item, "rank": rank, "confident": result.confident,
                     "ms": times[-1] * 1000, "score": result.best.score if result.best else 0.0})
        if verbose and rank != 1:
            best = result.best
            got = (f"{best.source.kind} {best.source.title} {best.source.article or ''} "
                   f"{best.score:.2f} (lex {best.lexical:.2f} sem {best.semantic:.2f})"
                   if best else "nothing")
            flag = " CONFIDENT" if result.confident else ""
            print(f"  miss{flag} #{item['id']} rank={rank} {item['question']} -> {got}")
    return rows


def metrics(rows: list[dict]) -> dict:
    ranks = [r["rank"] for r in rows]
    n = len(ranks)
    confident = [r for r in rows if r["confident"]]
    times = sorted(r["ms"] for r in rows)
    return {
        "n": n,
        "top1": sum(r == 1 for r in ranks) / n,
        "top3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "confident": len(confident) / n,
        "confident_precision": (sum(r["rank"] == 1 for r in confident) / len(confident)
                                if confident else 0.0),
        "ms_p50": times[n // 2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/gk-qa-bench"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--laws", choices=["demo", "all"], default="demo",
                        help="which laws to import: the demo set and the civil code (default), "
                             "or the whole corpus (search over all of it is slow on SQLite)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus not found: {args.corpus}")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    setup(args.data_dir, args.corpus, args.laws)
    items = json.loads(args.devset.read_text("utf-8"))["questions"]
    groups = {
        "all": items,
        "faq-targeted": [i for i in items if i["expected"][0]["kind"] == "faq"],
        "law-only": [i for i in items if i["expected"][0]["kind"] == "law_article"],
    }
    results = {}
    for mode, rerank in (("lexical", False), ("reranked", True)):
        if args.verbose:
            print(f"[{mode}]")
        results[mode] = evaluate(items, rerank, args.verbose)
    print(f"{'set':<14}{'mode':<10}{'n':>4}{'top-1':>8}{'top-3':>8}{'MRR':>7}"
          f"{'confident':>11}{'conf.prec':>11}{'p50 ms':>8}")
    for name, subset in groups.items():
        ids = {i["id"] for i in subset}
        for mode, rows in results.items():
            m = metrics([r for r in rows if r["item"]["id"] in ids])
            print(f"{name:<14}{mode:<10}{m['n']:>4}{m['top1']:>8.1%}{m['top3']:>8.1%}"
                  f"{m['mrr']:>7.3f}{m['confident']:>11.1%}{m['confident_precision']:>11.1%}"
                  f"{m['ms_p50']:>8.1f}")
    print("calibration: 'confident' = share answered confidently, 'conf.prec' = share of those "
          "whose answer is right (gongkai/qa/confidence.py)")
    print("confidence threshold on the reranked best score alone: share answered, share right")
    for threshold in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        kept = [r for r in results["reranked"] if r["score"] >= threshold]
        right = sum(r["rank"] == 1 for r in kept)
        print(f"  >= {threshold:.2f}: answered {len(kept) / len(items):6.1%}, "
              f"right {right / len(kept) if kept else 0:6.1%}")


if __name__ == "__main__":
    main()
