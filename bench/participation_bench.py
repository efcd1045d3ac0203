"""Participation benchmark: survey results with many responses (seconds), the public
results page, the CSV and Excel exports, and open-day registrations (per second). Prints
figures; not a test.

Runs in-process against a throw-away database (a temporary SQLite file, or a PostgreSQL
database created for the run and dropped at the end). The survey has the five kinds of
question, one conditional; responses are bulk-created (the service's own path is timed
separately on a sample), then counted by ``selectors.survey_results`` (GROUP BY in the
database) and rendered by the public results page.

    .venv/bin/python bench/participation_bench.py                          # 50,000 responses, SQLite
    .venv/bin/python bench/participation_bench.py --responses 200000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_participation_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROJECT_DIR, machine, pg_create, pg_drop  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))

BATCH = 5000


def setup_django(data_dir: str, database_url: str | None) -> None:
    os.environ["GONGKAI_ENV"] = "test"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["GONGKAI_RATELIMIT"] = "0"
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run(responses: int, registrations: int) -> None:
    from django.test import Client
    from django.utils import timezone

    from gongkai.core.models import Agency, Membership, Role, User
    from gongkai.participation import exports, selectors, services
    from gongkai.participation.models import Answer, Survey, SurveyResponse
    from gongkai.participation.services import QuestionSpec

    agency = Agency.objects.create(slug="bench", name="基准测试局", short_name="基准",
                                   organisation_code="BENCH0001")
    editor = User.objects.create(username="bench-editor")
    Membership.objects.create(user=editor, agency=agency, role=Role.EDITOR)
    now = timezone.now()
    survey = services.survey_create(actor=editor, agency=agency, title="基准调查",
                                    opens_at=now - dt.timedelta(days=1),
                                    closes_at=now + dt.timedelta(days=1))
    q1 = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "single", "是否", required=True, options=["是", "否"]))
    q2 = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "multiple", "哪些", options=["甲", "乙", "丙", "丁"], show_if=q1, show_if_option=0))
    q3 = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "scale", "满意度", required=True))
    q4 = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "matrix", "评价", options=["好", "中", "差"], rows=["一", "二", "三"]))
    q5 = services.question_add(actor=editor, survey=survey, spec=QuestionSpec("text", "建议"))
    services.survey_publish(actor=editor, survey=survey)

    # The service path, on a sample (validation, ballot-free insert, audit).
    sample = 300
    start = time.perf_counter()
    for i in range(sample):
        services.response_submit(survey=survey, answers={
            q1.pk: i % 2, q2.pk: [i % 4], q3.pk: 1 + i % 5, q4.pk: {"0": i % 3}, q5.pk: "好"})
    per_second = sample / (time.perf_counter() - start)

    rng = random.Random(7)
    start = time.perf_counter()
    made = sample
    while made < responses:
        n = min(BATCH, responses - made)
        batch = SurveyResponse.objects.bulk_create(
            [SurveyResponse(survey=survey, submitted_at=now) for _ in range(n)])
        answers = []
        for response in batch:
            bus = rng.random() < 0.6
            answers.append(Answer(response=response, question=q1, option=0 if bus else 1))
            if bus:
                answers.extend(Answer(response=response, question=q2, option=o)
                               for o in rng.sample(range(4), rng.randint(1, 2)))
            answers.append(Answer(response=response, question=q3, option=rng.randint(1, 5)))
            answers.extend(Answer(response=response, question=q4, row=r, option=rng.randint(0, 2))
                           for r in range(3))
            if rng.random() < 0.2:
                answers.append(Answer(response=response, question=q5, text="建议内容"))
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        made += n
    load_s = time.perf_counter() - start
    answer_rows = Answer.objects.filter(question__survey=survey).count()

    results_s, results = _timed(lambda: selectors.survey_results(survey))
    Survey.objects.filter(pk=survey.pk).update(closes_at=now - dt.timedelta(minutes=1))
    survey.refresh_from_db()
    services.survey_results_publish(actor=editor, survey=survey,
                                    question_ids=[q1.pk, q2.pk, q3.pk, q4.pk])
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    url = f"/{agency.slug}/participation/surveys/{survey.number}/results/"
    assert client.get(url).status_code == 200
    page_s, _ = _timed(lambda: client.get(url))
    csv_s, csv_bytes = _timed(lambda: exports.as_csv(survey), repeat=1)
    xlsx_s, xlsx_bytes = _timed(lambda: exports.as_xlsx(survey), repeat=1)

    starts = now + dt.timedelta(days=30)
    open_day = services.open_day_create(actor=editor, agency=agency, theme="基准开放日",
                                        starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                        place="基准", capacity=registrations // 2)
    services.open_day_publish(actor=editor, open_day=open_day)
    start = time.perf_counter()
    for i in range(registrations):
        services.registration_create(open_day=open_day, name=f"人{i}", phone=f"139{i:08d}")
    reg_per_s = registrations / (time.perf_counter() - start)

    first = results[0]  # type: ignore[index]
    print(f"machine: {machine()}")
    print(f"responses: {responses:,} ({answer_rows:,} answer rows); bulk load {load_s:.1f} s")
    print(f"service path (validate + store + audit): {per_second:,.0f} responses/s "
          f"on {sample} responses")
    print(f"survey results (5 questions, GROUP BY in the database): {results_s:.3f} s "
          f"(question 1 answered by {first.answered:,})")
    print(f"public results page (4 charts + tables): {page_s:.3f} s")
    print(f"CSV export: {csv_s:.1f} s ({len(csv_bytes) / 1e6:.1f} MB); "  # type: ignore[arg-type]
          f"Excel export: {xlsx_s:.1f} s ({len(xlsx_bytes) / 1e6:.1f} MB)")  # type: ignore[arg-type]
    print(f"open-day registrations (row lock, waitlist past {registrations // 2}): "
          f"{reg_per_s:,.0f}/s on {registrations}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--registrations", type=int, default=400)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    created = False
    with tempfile.TemporaryDirectory(prefix="gk-participation-bench-") as data_dir:
        if args.database_url:
            created = pg_create(args.database_url)
        try:
            setup_django(data_dir, args.database_url)
            run(args.responses, args.registrations)
        finally:
            if args.database_url and created:
                from django.db import connections

                connections.close_all()
                pg_drop(args.database_url)


if __name__ == "__main__":
    main()
