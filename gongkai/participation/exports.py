"""Survey responses as CSV and Excel, one row per response, one column per answer field.

Tidy with conditional questions: a question the person was not shown is blank (not 0, not
"no"); a multiple-choice question shown gets 1/0 per option, blank when not shown. Cells
Excel would run as a formula get a leading apostrophe (CSV injection)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from gongkai.participation.models import Question, QuestionKind, Survey
from gongkai.participation.services import visible_questions

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _columns(survey: Survey, questions: list[Question]) -> list[str]:
    head = ["答卷编号", "提交时间"]
    if not survey.anonymous:
        head += ["姓名", "电话", "电子邮箱"]
    for q in questions:
        prefix = f"Q{q.position} {q.text}"
        if q.kind == QuestionKind.MULTIPLE:
            head += [f"{prefix}:{o}" for o in q.options]
        elif q.kind == QuestionKind.MATRIX:
            head += [f"{prefix}:{r}" for r in q.rows]
        else:
            head.append(prefix)
    return head


def rows(survey: Survey) -> Iterator[list[Any]]:
    """The header, then one list per response (answers fetched in chunks)."""
    questions = list(survey.questions.all())
    yield _columns(survey, questions)
    responses = survey.responses.order_by("id").prefetch_related("answers")
    for response in responses.iterator(chunk_size=2000):
        by_q: dict[int, list[Any]] = defaultdict(list)
        for a in response.answers.all():
            by_q[a.question_id].append(a)
        chosen = {qid: {a.option for a in answers if a.row is None and a.option is not None}
                  for qid, answers in by_q.items()}
        shown = visible_questions(questions, chosen)
        line: list[Any] = [response.pk, timezone.localtime(response.submitted_at).strftime(
            "%Y-%m-%d %H:%M:%S")]
        if not survey.anonymous:
            line += [response.name, response.phone, response.email]
        for q in questions:
            answers = by_q.get(q.pk, [])
            visible = q.pk in shown
            if q.kind == QuestionKind.MULTIPLE:
                picked = {a.option for a in answers}
                line += [(1 if i in picked else 0) if visible else "" for i in range(len(q.options))]
            elif q.kind == QuestionKind.MATRIX:
                cells = {a.row: a.option for a in answers}
                line += [q.options[cells[r]] if r in cells else "" for r in range(len(q.rows))]
            elif q.kind == QuestionKind.SINGLE:
                line.append(q.options[answers[0].option] if answers else "")
            elif q.kind == QuestionKind.SCALE:
                line.append(answers[0].option if answers else "")
            else:
                line.append(answers[0].text if answers else "")
        yield [_safe(v) for v in line]


def as_csv(survey: Survey) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in rows(survey):
        writer.writerow(line)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def as_xlsx(survey: Survey) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("答卷")
    for line in rows(survey):
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
