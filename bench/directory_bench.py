"""Directory and standard-catalogue benchmark. Prints figures; not a test.

Builds a throw-away SQLite data dir (migrate), then:

1. **Directory search**: ``--entities`` entries (default 100,000) of every kind across the
   16 districts of Shanghai, inserted in bulk (the import service's validation is measured
   separately: ``--import-rows`` rows through ``directory_import``, one transaction), then
   the public search the list page and ``GET /api/v1/directory`` run
   (``selectors.public_entity_list``, first page of 20 plus the count): by licence number,
   by name fragment, by district and kind, by service. Each query ``--repeat`` times;
   median and p95 in ms.
2. **Gap computation**: ``--records`` synthetic public catalogue records (default 100,000,
   through the catalogue's own benchmark generator) and ``--items`` standard-catalogue items
   (default 1,000), each with one or two links (topic/genre queries, directory kinds, a
   page), then one full ``GapComputer().states(...)`` over all of them, timed.

    .venv/bin/python bench/directory_bench.py
    .venv/bin/python bench/directory_bench.py --entities 20000 --records 20000 --items 300
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

DISTRICTS = ("黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区",
             "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区")
SERVICES = ("民事诉讼", "刑事辩护", "公司法务", "婚姻家庭", "劳动争议", "知识产权", "房地产", "继承公证")


def setup(data_dir: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.setdefault("GONGKAI_ENV", "test")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def fill_directory(agency, n: int) -> None:
    from gongkai.directory.credit_code import check_character
    from gongkai.directory.models import Entity, EntityKind

    kinds = list(EntityKind.values)
    batch = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        first17 = f"31310000{i:09d}"
        licence = (f"1310120{i:010d}" if kind in ("lawyer", "notary", "appraiser")
                   else first17 + check_character(first17))
        batch.append(Entity(agency=agency, kind=kind, name=f"基准{DISTRICTS[i % 16][:2]}{i}号",
                            district=DISTRICTS[i % 16], licence_number=licence,
                            services="；".join(SERVICES[(i + k) % 8] for k in range(3)),
                            is_demo=True))
        if len(batch) == 5000:
            Entity.objects.bulk_create(batch)
            batch = []
    Entity.objects.bulk_create(batch)


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return ms(statistics.median(samples)), ms(p95)


def bench_directory(agency, args) -> None:
    from gongkai.directory import selectors, services, tabular
    from gongkai.directory.models import Entity

    started = time.perf_counter()
    fill_directory(agency, args.entities)
    print(f"directory: {args.entities:,} entries inserted in {time.perf_counter() - started:.1f} s")
    sample = Entity.objects.filter(kind="lawyer").order_by("-id").first()
    queries = {
        "licence number": {"licence_number": sample.licence_number},
        "q = licence number": {"q": sample.licence_number},
        "q = name fragment": {"q": "基准黄浦1234"},
        "district + kind": {"district": "徐汇区", "kind": "law_firm"},
        "service": {"service": "知识产权"},
        "no filter": {},
    }
    for label, filters in queries.items():
        def run(filters=filters):
            qs = selectors.public_entity_list(agency_id=agency.pk, **filters)
            list(qs[:20])
            qs.count()
        median, p95 = timed(run, args.repeat)
        print(f"  search {label:<22} median {median:8.2f} ms   p95 {p95:8.2f} ms")
    header = ["类别", "名称或姓名", "所在区", "执业（许可）证号"]
    rows = [["律师", f"导入律师{i}", "黄浦区", f"1310130{i:010d}"] for i in range(args.import_rows)]
    data = tabular.write_csv(header, rows)
    started = time.perf_counter()
    report = services.directory_import(actor=None, agency=agency, filename="b.csv", data=data)
    elapsed = time.perf_counter() - started
    print(f"  import {args.import_rows:,} rows (validated, one transaction, history): "
          f"{elapsed:.2f} s ({args.import_rows / elapsed:,.0f} rows/s), created {report.created}")


def bench_gaps(agency, args) -> None:
    from gongkai.catalogue.demo import generate_records
    from gongkai.catalogue.models import Genre, Topic
    from gongkai.standards.gaps import GapComputer
    from gongkai.standards.models import StandardItem, StandardLink

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        generate_records(args.records, agency_slug=agency.slug, seed=1, out=quiet)
    print(f"gaps: {args.records:,} catalogue records generated in "
          f"{time.perf_counter() - started:.1f} s")
    topics = list(Topic.objects.values_list("code", flat=True))
    genres = list(Genre.objects.values_list("code", flat=True))
    kinds = ["law_firm", "lawyer", "notary_office", "mediation_committee"]
    items, links = [], []
    for n in range(1, args.items + 1):
        items.append(StandardItem(agency=agency, serial=n, level1=f"事项{n % 20}",
                                  level2=f"二级事项{n}", content="内容", subject="市司法局"))
    StandardItem.objects.bulk_create(items)
    for n, item in enumerate(StandardItem.objects.filter(agency=agency).order_by("serial")):
        if n % 10 == 9:
            continue  # every tenth item has nothing behind it: a gap
        target = f"topic={topics[n % len(topics)]}&genre={genres[(n // 3) % len(genres)]}"
        links.append(StandardLink(item=item, kind="catalogue_query", target=target))
        if n % 4 == 0:
            links.append(StandardLink(item=item, kind="directory", target=kinds[n % 4 // 1 % 4]))
    StandardLink.objects.bulk_create(links)
    distinct = len({(link.kind, link.target) for link in links})
    for round_ in (1, 2):
        started = time.perf_counter()
        states = GapComputer().states(StandardItem.objects.filter(agency=agency)
                                      .select_related("agency").prefetch_related("links"))
        elapsed = time.perf_counter() - started
        flagged = sum(1 for s in states if s.gaps)
        print(f"  gap computation, run {round_}: {len(states):,} items, {len(links):,} links "
              f"({distinct} distinct) over {args.records:,} records: {elapsed:.2f} s, "
              f"{flagged} items flagged")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--import-rows", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-directory-bench-") as data_dir:
        started = time.perf_counter()
        setup(data_dir)
        print(f"migrated a fresh SQLite database in {time.perf_counter() - started:.1f} s")
        from gongkai.core.models import Agency, Department

        agency = Agency.objects.create(slug="sfj", name="上海市司法局", short_name="市司法局",
                                       organisation_code="002420455M")
        Department.objects.create(agency=agency, name="办公室")
        bench_directory(agency, args)
        bench_gaps(agency, args)


if __name__ == "__main__":
    main()
