"""Q&A quality and speed over the whole law library: top-1 and top-3 per domain, the full
path (routing + vocabulary + FAQs + reranking, ADR 0010) next to the lexical-only path
(whole-library search, no routing, no encoder), p50/p95 latency per question, and the
calibration of ``confident``. Prints figures; not a test.

The question set is ``bench/qa_questions.jsonl``: citizens' questions over the bureau's
ten domains, each with the law article(s) that answer it, and a fixed ``split`` (dev: the
vocabulary was tuned on it; test: never looked at while tuning). A law answer is right when
it is one of the expected articles; an FAQ answer when its legal basis (FaqSource) is.

    .venv/bin/python bench/qa_quality.py                    # test split; prepares the data dir once
    .venv/bin/python bench/qa_quality.py --split dev -v     # -v lists the misses
    .venv/bin/python bench/qa_quality.py --questions bench/data/qa_devset.json  # the old devset

The first run builds the data dir (migrate, demo agencies and FAQs, import of every law
file, search index of ~75,000 articles, embeddings of the domain laws' articles only:
about 3 minutes here); later runs reuse it. ``--embed all`` embeds every article (tens of
minutes on 2 busy cores; the routed path does not need it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(PROJECT_DIR / "bench"))

from harness import percentile  # noqa: E402

QUESTIONS = PROJECT_DIR / "bench" / "qa_questions.jsonl"
CORPUS = PROJECT_DIR.parent / "shared" / "data" / "laws"
MODES = {"lexical": {"route": False, "rerank": False}, "full": {"route": True, "rerank": True}}


def setup(data_dir: Path, corpus: Path, subset: str, embed: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("GONGKAI_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.core.demo import load_demo
    from gongkai.laws.indexing import laws_index
    from gongkai.laws.models import Law, LawArticle
    from gongkai.laws.services import laws_import
    from gongkai.qa.demo import load_qa_demo
    from gongkai.qa.embeddings import laws_embed
    from gongkai.qa.routing import load_vocabulary
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
    ids = None if embed == "all" else list(
        Law.objects.filter(title__in=load_vocabulary().all_laws(), in_force=True)
        .values_list("pk", flat=True))
    if embed != "none":
        print(f"embeddings computed ({embed}): {laws_embed(ids)} "
              f"({time.perf_counter() - started:.0f} s)")
    print(f"demo FAQs: {load_qa_demo()}")


# The demo set plus every book of the civil code (the old devset asks about contracts).
CIVIL_CODE_BOOKS = ("总则", "物权编", "合同编", "人格权编", "侵权责任编", "附则")


def load_questions(path: Path) -> list[dict]:
    """The JSONL question set, or the old JSON devset in the same shape (all ``dev``)."""
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    items = json.loads(path.read_text("utf-8"))["questions"]
    return [{"id": i["id"], "split": "dev", "domain": "devset", "question": i["question"],
             "expected": [{"law": e["title"], "article": e["article"]} if e["kind"] != "faq"
                          else {"faq": e["question"]} for e in i["expected"]]}
            for i in items]


def faq_basis() -> dict[str, set[tuple[str, str]]]:
    from gongkai.qa.models import FaqSource, SourceKind

    basis: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for faq_id, law, article in FaqSource.objects.filter(kind=SourceKind.LAW_ARTICLE) \
            .values_list("faq_id", "law_title", "article"):
        basis[str(faq_id)].add((law, article))
    return basis


def right(answer, expected: list[dict], basis: dict[str, set[tuple[str, str]]]) -> bool:
    laws = {(e["law"], e["article"]) for e in expected if "law" in e}
    faqs = {e["faq"] for e in expected if "faq" in e}
    if answer.source.kind == "law_article":
        return (answer.source.title, answer.source.article) in laws
    if answer.source.kind == "faq":
        return answer.source.title in faqs or bool(basis.get(answer.key, set()) & laws)
    return False


def evaluate(items: list[dict], mode: str, verbose: bool) -> list[dict]:
    from gongkai.core.models import Agency
    from gongkai.qa.answering import answer_question

    agency = Agency.objects.get(slug="sfj")
    basis = faq_basis()
    rows: list[dict] = []
    answer_question("预热", agency=agency, **MODES[mode])  # load encoder, segmenter, index
    for item in items:
        started = time.perf_counter()
        result = answer_question(item["question"], agency=agency, limit=10, **MODES[mode])
        ms = (time.perf_counter() - started) * 1000
        rank = next((i + 1 for i, a in enumerate(result.answers)
                     if right(a, item["expected"], basis)), None)
        rows.append({"item": item, "rank": rank, "confident": result.confident, "ms": ms,
                     "score": result.best.score if result.best else 0.0})
        if verbose and rank != 1:
            best = result.best
            got = (f"{best.source.kind} {best.source.title[-8:]} {best.source.article or ''} "
                   f"{best.score:.2f} (lex {best.lexical:.2f} sem {best.semantic:.2f})"
                   if best else "nothing")
            want = ",".join(e.get("article", "faq") for e in item["expected"])
            flag = " CONFIDENT" if result.confident else ""
            print(f"  miss{flag} #{item['id']} rank={rank} {item['question']} [{want}] -> {got}")
    return rows


def metrics(rows: list[dict]) -> dict:
    ranks = [r["rank"] for r in rows]
    n = len(ranks) or 1
    confident = [r for r in rows if r["confident"]]
    times = [r["ms"] for r in rows] or [0.0]
    return {
        "n": len(ranks),
        "top1": sum(r == 1 for r in ranks) / n,
        "top3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "confident": len(confident) / n,
        "confident_precision": (sum(r["rank"] == 1 for r in confident) / len(confident)
                                if confident else 0.0),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/gk-qa-bench"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--split", choices=["test", "dev", "all"], default="test")
    parser.add_argument("--laws", choices=["demo", "all"], default="all",
                        help="import the whole corpus (default) or the demo set and civil code")
    parser.add_argument("--embed", choices=["domain", "all", "none"], default="domain",
                        help="which articles get stored embeddings (default: the domain laws')")
    parser.add_argument("--modes", default="lexical,full")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus not found: {args.corpus}")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    setup(args.data_dir, args.corpus, args.laws, args.embed)
    items = [i for i in load_questions(args.questions)
             if args.split == "all" or i["split"] == args.split]
    load_before = os.getloadavg()
    results = {}
    for mode in args.modes.split(","):
        if args.verbose:
            print(f"[{mode}]")
        results[mode] = evaluate(items, mode, args.verbose)
    load_after = os.getloadavg()
    domains = sorted({i["domain"] for i in items})
    modes = list(results)
    print(f"\n{args.questions.name}, split {args.split}, {len(items)} questions; "
          f"top-1 / top-3 per domain, " + " | ".join(modes))
    print(f"{'domain':<17}{'n':>4}" + "".join(f"{m + ' top1':>14}{'top3':>8}" for m in modes))
    for name in domains + ["ALL"]:
        subset = {i["id"] for i in items if name == "ALL" or i["domain"] == name}
        line = f"{name:<17}{len(subset):>4}"
        for mode in modes:
            m = metrics([r for r in results[mode] if r["item"]["id"] in subset])
            line += f"{m['top1']:>14.1%}{m['top3']:>8.1%}"
        print(line)
    print(f"\n{'mode':<10}{'MRR':>7}{'p50 ms':>9}{'p95 ms':>9}{'confident':>11}{'conf.prec':>11}")
    for mode in modes:
        m = metrics(results[mode])
        print(f"{mode:<10}{m['mrr']:>7.3f}{m['p50']:>9.1f}{m['p95']:>9.1f}"
              f"{m['confident']:>11.1%}{m['confident_precision']:>11.1%}")
    print(f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f} on "
          f"{os.cpu_count()} cores: latency figures are inflated by other processes when "
          f"the load exceeds the cores")
    print("calibration: 'confident' = share answered confidently, 'conf.prec' = share of those "
          "whose answer is right (gongkai/qa/confidence.py)")


if __name__ == "__main__":
    main()
