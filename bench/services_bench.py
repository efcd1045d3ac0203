"""Services benchmark: the power list of a date over many powers and versions, the basis
resolution behind it, the power-list import, and the guide and scenario pages. Prints
figures; not a test.

Runs in-process against a throw-away SQLite file (or a PostgreSQL database created for the
run and dropped at the end):

1. ``powers_on`` (the list of a date, one query) p50/p95 for N powers with three versions
   each, over random dates;
2. the public list page (the same, rendered) and the basis resolution of one page of
   powers (``BasisResolver``);
3. ``powers_import`` rows per second for a CSV of N rows (all new), then a re-import of the
   same file (all unchanged);
4. the guide page and a finished scenario walk, p50/p95.

    .venv/bin/python bench/services_bench.py                 # 5,000 powers, SQLite
    .venv/bin/python bench/services_bench.py --powers 20000
    .venv/bin/python bench/services_bench.py --database-url postgres://postgres@127.0.0.1:5432/gk_services_bench
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


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentile(samples, 50), percentile(samples, 95)


def build(n: int):
    from django.db import transaction

    from gongkai.core.models import Agency
    from gongkai.laws.models import Law, LawArticle
    from gongkai.services.models import ChangeKind, Power, PowerVersion

    agency = Agency.objects.create(slug="sfj", name="上海市司法局", short_name="市司法局",
                                   organisation_code="002420455M")
    law = Law.objects.create(title="中华人民共和国律师法", category="行政法",
                             version_date=dt.date(2017, 9, 1), source_path="bench/律师法.md",
                             sha256="0" * 64)
    LawArticle.objects.bulk_create([LawArticle(law=law, number=f"第{n}条", ordinal=i, text="…")
                                    for i, n in enumerate(["一", "二", "三", "四", "五", "六"], 1)])
    rng = random.Random(3)
    start = time.perf_counter()
    with transaction.atomic():
        powers = Power.objects.bulk_create([Power(agency=agency, code=f"QL-{i:06d}")
                                            for i in range(n)], batch_size=2000)
        versions = []
        for power in powers:
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 400))
            for number in (1, 2, 3):
                kind = (ChangeKind.ADD if number == 1 else
                        ChangeKind.REMOVE if number == 3 and rng.random() < 0.1 else
                        ChangeKind.MODIFY)
                versions.append(PowerVersion(
                    power=power, number=number, effective_on=day, change_kind=kind,
                    change_reason="bench", power_type=rng.choice(["licensing", "penalty", "other"]),
                    name=f"事项{power.code} v{number}",
                    basis=[{"law": "中华人民共和国律师法", "article": "第六条",
                            "law_version": "2017-09-01"}]))
                day += dt.timedelta(days=rng.randrange(30, 700))
        PowerVersion.objects.bulk_create(versions, batch_size=5000)
    return agency, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--powers", type=int, default=5000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    created_pg = bool(args.database_url) and pg_create(args.database_url)
    with tempfile.TemporaryDirectory() as data_dir:
        try:
            setup_django(data_dir, args.database_url)
            run(args.powers)
        finally:
            if created_pg:
                from django.db import connections

                connections.close_all()
                pg_drop(args.database_url)


def run(n: int) -> None:
    from django.conf import settings
    from django.test import Client

    from gongkai.services import exporter, selectors, services
    from gongkai.services.basis import BasisResolver
    from gongkai.services.models import Scenario, ScenarioChoice, ScenarioQuestion

    print(f"machine: {machine()}")
    agency, seconds = build(n)
    print(f"built {n} powers x 3 versions in {seconds:.1f} s")
    rng = random.Random(5)
    dates = [dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 2500)) for _ in range(50)]
    days = iter(dates * 10)

    p50, p95 = timed(lambda: len(list(selectors.powers_on(agency_id=agency.pk, on=next(days)))), 20)
    print(f"powers_on (whole list of a date, {n} powers): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    first_page = list(selectors.powers_on(agency_id=agency.pk, on=dt.date(2024, 1, 1))[:50])
    p50, p95 = timed(lambda: BasisResolver().resolve_all(
        [b for v in first_page for b in v.basis]), 50)
    print(f"basis resolution, 50 powers: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    assert client.get("/sfj/services/powers/").status_code == 200
    p50, p95 = timed(lambda: client.get("/sfj/services/powers/", {"on": "2024-01-01"}), 10)
    print(f"GET /sfj/services/powers/ (first page of 100): p50 {p50:.0f} ms, p95 {p95:.0f} ms")

    rows = [{"code": f"IM-{i:06d}", "type": "行政许可", "name": f"导入事项{i}",
             "department": "", "basis": "律师法 第六条", "responsibilities": "",
             "accountability": "", "reason": ""} for i in range(min(n, 5000))]
    start = time.perf_counter()
    report = services.powers_import(actor=None, agency=agency, rows=rows,
                                    effective_on=dt.date(2026, 1, 1))
    seconds = time.perf_counter() - start
    print(f"import {len(rows)} new rows: {len(rows) / seconds:.0f} rows/s ({report.created} created)")
    start = time.perf_counter()
    report = services.powers_import(actor=None, agency=agency, rows=rows,
                                    effective_on=dt.date(2026, 2, 1))
    seconds = time.perf_counter() - start
    print(f"re-import unchanged: {len(rows) / seconds:.0f} rows/s ({report.unchanged} unchanged)")
    csv_text = exporter.powers_csv_text(selectors.powers_on(agency_id=agency.pk,
                                                            on=dt.date(2026, 6, 1)))
    print(f"export CSV: {len(csv_text.encode()) / 1024:.0f} KiB")

    from tests.services.factories import COMPLETE  # a complete guide's fields

    item = services.item_create(actor=None, agency=agency, code="FW-1", name="申请法律援助")
    guide = item.guides.get()
    services.guide_update(actor=None, guide=guide, **{**COMPLETE, "basis": [
        {"law": "律师法", "article": "第六条"}]})
    for i in range(8):
        services.material_add(actor=None, guide=guide, name=f"材料{i}",
                              condition_tags=["a"] if i % 2 else [])
    services.guide_submit(actor=None, guide=guide)
    services.guide_approve(actor=None, guide=guide)
    p50, p95 = timed(lambda: client.get("/sfj/services/items/FW-1/"), 30)
    print(f"GET guide page: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    scenario = Scenario.objects.create(agency=agency, slug="s", title="场景", item_codes=["FW-1"])
    for order in range(1, 4):
        q = ScenarioQuestion.objects.create(scenario=scenario, order=order, key=f"q{order}",
                                            text=f"问题{order}")
        ScenarioChoice.objects.create(question=q, value="a", label="甲", tags=["a"])
    p50, p95 = timed(lambda: client.get("/sfj/services/i-want/s/",
                                        {"q1": "a", "q2": "a", "q3": "a"}), 30)
    print(f"GET finished scenario (3 answers): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
