"""Survey responses as CSV and Excel, one row per response, one column per answer field.

Tidy with conditional questions: a question the person was not shown is blank (not 0, not
"no"); a multiple-choice question shown gets 1/0 per option, blank when not shown. Cells
Excel would run as a formula get a leading apostrophe (CSV injection)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.utils import timezone

from gongkai.participation.models import Answer, Question, QuestionKind, Survey
from gongkai.participation.services import visible_questions

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell Excel would run as a formula gets a leading apostrophe (CSV injection)."""
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


def _answers_by_response(survey: Survey, question_ids: list[int]) -> Iterator[tuple[int, list[tuple]]]:
    """(response id, its answer tuples) in response order, streamed from one query."""
    answers = Answer.objects.filter(question_id__in=question_ids).order_by(
        "response_id", "id").values_list("response_id", "question_id", "row", "option", "text")
    yield from ((rid, list(group)) for rid, group in
                groupby(answers.iterator(chunk_size=5000), key=itemgetter(0)))


def rows(survey: Survey) -> Iterator[list[Any]]:
    """The header, then one list per response: two streamed queries (responses, answers)
    merged in response order, no model instances."""
    questions = list(survey.questions.all())
    yield _columns(survey, questions)
    responses = survey.responses.order_by("id").values_list(
        "id", "submitted_at", "name", "phone", "email").iterator(chunk_size=5000)
    answer_groups = _answers_by_response(survey, [q.pk for q in questions])
    pending = next(answer_groups, None)
    for rid, submitted_at, name, phone, email in responses:
        while pending is not None and pending[0] < rid:
            pending = next(answer_groups, None)
        mine = pending[1] if pending is not None and pending[0] == rid else []
        by_q: dict[int, list[tuple]] = defaultdict(list)
        for _rid, qid, row, option, text in mine:
            by_q[qid].append((row, option, text))
        chosen = {qid: {o for r, o, _t in items if r is None and o is not None}
                  for qid, items in by_q.items()}
        shown = visible_questions(questions, chosen)
        line: list[Any] = [rid, timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M:%S")]
        if not survey.anonymous:
            line += [name, phone, email]
        for q in questions:
            items = by_q.get(q.pk, [])
            visible = q.pk in shown
            if q.kind == QuestionKind.MULTIPLE:
                picked = {o for _r, o, _t in items}
                line += [(1 if i in picked else 0) if visible else "" for i in range(len(q.options))]
            elif q.kind == QuestionKind.MATRIX:
                cells = {r: o for r, o, _t in items}
                line += [q.options[cells[r]] if r in cells else "" for r in range(len(q.rows))]
            elif q.kind == QuestionKind.SINGLE:
                line.append(q.options[items[0][1]] if items else "")
            elif q.kind == QuestionKind.SCALE:
                line.append(items[0][1] if items else "")
            else:
                line.append(items[0][2] if items else "")
        yield [safe_cell(v) for v in line]


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
