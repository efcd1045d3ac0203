"""JSON API of Q&A: ``GET /api/v1/qa?q=…`` answers a question (public, nothing personal;
the question is not logged here: the staff queue is fed by the portal page)."""

from django.http import Http404
from ninja import Field, Router, Schema

from gongkai.api.errors import responses
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_default, agency_resolve
from gongkai.qa.answering import answer_question
from gongkai.qa.selectors import faq_basis

router = Router(tags=["qa"])


class QaBasisOut(Schema):
    law: str = Field(description="法律法规标题")
    article: str = Field(description="条号,如 第三十一条")
    url: str = Field(description="现行有效版本中该条的链接;法律法规库中没有时为空")


class SourceOut(Schema):
    kind: str = Field(description="law_article、faq 或 record")
    title: str = Field(description="法律法规标题、常见问题或政府信息标题")
    article: str | None = Field(None, description="条号,如 第三十三条(仅法律条文)")
    url: str
    basis: list[QaBasisOut] = Field(default_factory=list,
                                    description="常见问题的法律依据(仅常见问题)")


class AnswerOut(Schema):
    text: str
    score: float
    source: SourceOut


class QaOut(Schema):
    question: str
    answers: list[AnswerOut]
    confident: bool
    message: str = ""


@router.get("/qa", response={200: QaOut, **responses(404)}, auth=None, summary="智能问答")
@public_view
def qa(request, q: str = "", agency: str = "", limit: int = 5):
    """The best answers to ``q`` from the agency's FAQs and records and the law library,
    best first; ``confident`` is false when the best is not good enough to show as the
    answer. ``agency`` is a slug or organisation code (default: the platform's default agency)."""
    found = agency_resolve(agency) if agency else agency_default()
    if agency and found is None:
        raise Http404("no such agency")
    result = answer_question(q or "", agency=found, limit=min(max(1, limit), 10))
    slug = found.slug if found else ""
    basis = faq_basis([int(a.key) for a in result.answers
                       if a.source.kind == "faq" and a.key.isdigit()], slug) if slug else {}
    return {
        "question": result.question, "confident": result.confident, "message": result.message,
        "answers": [{"text": a.text, "score": a.score,
                     "source": {"kind": a.source.kind, "title": a.source.title,
                                "article": a.source.article, "url": a.source.url,
                                "basis": basis.get(int(a.key), [])
                                if a.source.kind == "faq" and a.key.isdigit() else []}}
                    for a in result.answers],
    }
