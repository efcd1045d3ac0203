"""Public Q&A pages under /<agency>/qa/: ask a question (a plain GET form, no script),
the answer quoted with its source, alternatives, search results when the answer is not
confident, “did this help?” feedback; and the agency's published FAQs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.core.access import public_view
from gongkai.core.intake import is_limited, rate_limited_response
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.qa import selectors, services
from gongkai.qa.answering import answer_question
from gongkai.qa.forms import AskForm, FeedbackForm
from gongkai.qa.models import AskedQuestion


def _agency_or_404(request, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency
    return agency


@public_view
@require_safe
def ask(request, agency: str):
    found = _agency_or_404(request, agency)
    form = AskForm(request.GET or None)
    result = asked = None
    if form.is_bound and form.is_valid() and "q" in request.GET:
        result = answer_question(form.cleaned_data["q"], agency=found)
        # The queue counts questions, not requests: one address asking in a loop would
        # flood it, so logging (not answering) is rate-limited.
        flooding = is_limited(request, "qa.ask_log")
        # ``fb`` marks the return from the feedback form: the same question, not a new one.
        if result.question and not request.GET.get("fb") and not flooding:
            asked = services.question_record(agency=found, result=result)
    return render(request, "qa/public/ask.html", {
        "agency": found, "nav_current": "legal", "form": form, "result": result,
        "asked": asked, "faqs": selectors.faq_list_public(found)[:10] if result is None else [],
    })


@public_view
@require_POST
def feedback(request, agency: str):
    found = _agency_or_404(request, agency)
    form = FeedbackForm(request.POST)
    back = reverse("qa:ask", kwargs={"agency": found.slug})
    if is_limited(request, "qa.feedback"):
        return rate_limited_response(request, agency=found, back_url=back,
                                     back_label=_("返回智能问答"))
    if not form.is_valid():
        messages.error(request, _("反馈未能提交，请重试。"))
        return redirect(back)
    asked = AskedQuestion.objects.filter(pk=form.cleaned_data["question"], agency=found).first()
    if asked is None:
        raise Http404("no such question")
    services.feedback_record(asked=asked, helpful=form.cleaned_data["helpful"])
    messages.success(request, _("感谢您的反馈！") if form.cleaned_data["helpful"]
                     else _("感谢您的反馈，我们会完善这个问题的答案。"))
    return redirect(f"{back}?{urlencode({'q': asked.text, 'fb': 1})}")


@public_view
@require_safe
def faq_list(request, agency: str):
    found = _agency_or_404(request, agency)
    return render(request, "qa/public/faq_list.html", {
        "agency": found, "nav_current": "legal", "faqs": selectors.faq_list_public(found),
    })


@public_view
@require_safe
def faq(request, agency: str, pk: int):
    found = _agency_or_404(request, agency)
    got = selectors.faq_get_public(found, pk)
    if got is None:
        raise Http404("no such FAQ")
    return render(request, "qa/public/faq.html", {
        "agency": found, "nav_current": "legal", "faq": got,
        "sources": selectors.sources_resolved(got, found.slug),
    })
