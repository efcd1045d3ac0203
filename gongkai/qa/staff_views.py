"""Staff pages of Q&A under /staff/qa/: the FAQs of the agencies this person edits for,
the FAQ editor, and the queue of questions without a good answer (turn one into an FAQ,
or dismiss it). Scoped like the catalogue: the coarse check in ``staff_view``, the agency
check again for the object at hand (another agency's FAQ answers 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.qa import selectors, services
from gongkai.qa.forms import FaqForm, sources_text
from gongkai.qa.models import AskedQuestion, Faq, QuestionStatus
from gongkai.qa.policies import FaqPolicy, may_edit_any
from gongkai.qa.workflow import InvalidTransition

PAGE_SIZE = 50
T = "qa/staff/"


def _agencies(user: Any) -> list[Agency]:
    ids = FaqPolicy.agencies_editable(user)
    agencies = Agency.objects.filter(is_active=True)
    return list(agencies if ids is None else agencies.filter(pk__in=ids))


def _faq_for(user: Any, pk: int) -> Faq:
    faq = selectors.faq_list_staff(FaqPolicy.agencies_editable(user)).filter(pk=pk).first()
    if faq is None:
        raise Http404
    return faq


def _question_for(user: Any, pk: int) -> AskedQuestion:
    asked = (AskedQuestion.objects.filter(pk=pk).select_related("agency").first())
    ids = FaqPolicy.agencies_editable(user)
    if asked is None or (ids is not None and asked.agency_id not in ids):
        raise Http404
    return asked


class StaffFaqForm(FaqForm):
    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django import forms

        self.agencies = {a.pk: a for a in agencies}
        if len(agencies) != 1:
            self.fields["agency"] = forms.TypedChoiceField(
                label=_("机构"), coerce=int, choices=[(a.pk, a.name) for a in agencies])
            self.order_fields(["agency"])

    def chosen_agency(self) -> Agency:
        if "agency" in self.fields:
            return self.agencies[self.cleaned_data["agency"]]
        return next(iter(self.agencies.values()))


def _apply(form: FaqForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@staff_view(may_edit_any)
def faq_list(request: HttpRequest) -> HttpResponse:
    faqs = selectors.faq_list_staff(FaqPolicy.agencies_editable(request.user))
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        faqs = faqs.filter(question__icontains=q)
    open_count = selectors.question_queue(FaqPolicy.agencies_editable(request.user)).count()
    return render(request, T + "faqs.html", {"qa_current": "faqs",
        "page": Paginator(faqs, PAGE_SIZE).get_page(request.GET.get("page")), "q": q,
        "open_count": open_count,
    })


@staff_view(may_edit_any)
@require_http_methods(["GET", "POST"])
def faq_new(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    asked = None
    if request.GET.get("question") or request.POST.get("from_question"):
        raw = request.GET.get("question") or request.POST.get("from_question") or ""
        asked = _question_for(request.user, int(raw)) if raw.isdigit() else None
    if request.method != "POST":
        initial: dict[str, Any] = {"question": asked.text[:200]} if asked else {}
        if asked and "agency" in StaffFaqForm(agencies=agencies).fields:
            initial["agency"] = asked.agency_id
        form = StaffFaqForm(agencies=agencies, initial=initial)
        return render(request, T + "faq_form.html", {"form": form, "asked": asked})
    form = StaffFaqForm(request.POST, agencies=agencies)
    if form.is_valid():
        agency = asked.agency if asked else form.chosen_agency()
        try:
            faq = services.faq_create(
                actor=request.user, agency=agency, question=form.cleaned_data["question"],
                answer=form.cleaned_data["answer"],
                alternatives=form.cleaned_data["alternatives"],
                published=form.cleaned_data["published"], sources=form.cleaned_data["sources"],
                from_question=asked if asked and asked.status == QuestionStatus.OPEN else None)
        except PermissionDeniedError:
            return render(request, "staff/forbidden.html", status=403)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("已保存常见问题。"))
            return redirect("staff:qa_faq", pk=faq.pk)
    return render(request, T + "faq_form.html", {"form": form, "asked": asked}, status=400)


@staff_view(may_edit_any)
@require_http_methods(["GET", "POST"])
def faq_edit(request: HttpRequest, pk: int) -> HttpResponse:
    faq = _faq_for(request.user, pk)
    agencies = [faq.agency]
    if request.method != "POST":
        form = StaffFaqForm(agencies=agencies, initial={
            "question": faq.question, "alternatives": faq.alternatives, "answer": faq.answer,
            "published": faq.published, "sources": sources_text(faq)})
        return render(request, T + "faq_form.html", {"form": form, "faq": faq})
    form = StaffFaqForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            services.faq_update(actor=request.user, faq=faq, question=form.cleaned_data["question"],
                                answer=form.cleaned_data["answer"],
                                alternatives=form.cleaned_data["alternatives"],
                                published=form.cleaned_data["published"],
                                sources=form.cleaned_data["sources"])
        except PermissionDeniedError:
            return render(request, "staff/forbidden.html", status=403)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("已保存常见问题。"))
            return redirect("staff:qa_faq", pk=faq.pk)
    return render(request, T + "faq_form.html", {"form": form, "faq": faq}, status=400)


@staff_view(may_edit_any)
@require_POST
def faq_delete(request: HttpRequest, pk: int) -> HttpResponse:
    faq = _faq_for(request.user, pk)
    try:
        services.faq_delete(actor=request.user, faq=faq)
    except PermissionDeniedError:
        return render(request, "staff/forbidden.html", status=403)
    messages.success(request, _("已删除常见问题。"))
    return redirect("staff:qa_faqs")


@staff_view(may_edit_any)
def question_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or QuestionStatus.OPEN
    if status not in QuestionStatus.values:
        status = QuestionStatus.OPEN
    asked = selectors.question_queue(FaqPolicy.agencies_editable(request.user), status)
    return render(request, T + "questions.html", {"qa_current": "questions",
        "page": Paginator(asked, PAGE_SIZE).get_page(request.GET.get("page")),
        "status": status, "statuses": QuestionStatus.choices,
    })


@staff_view(may_edit_any)
@require_POST
def question_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    asked = _question_for(request.user, pk)
    try:
        services.question_dismiss(actor=request.user, asked=asked)
    except PermissionDeniedError:
        return render(request, "staff/forbidden.html", status=403)
    except InvalidTransition:
        messages.error(request, _("该问题当前状态不能忽略。"))
    else:
        messages.success(request, _("已忽略该问题。"))
    return redirect("staff:qa_questions")


urlpatterns = [
    path("", faq_list, name="qa_faqs"),
    path("faqs/new/", faq_new, name="qa_faq_new"),
    path("faqs/<int:pk>/", faq_edit, name="qa_faq"),
    path("faqs/<int:pk>/delete/", faq_delete, name="qa_faq_delete"),
    path("questions/", question_list, name="qa_questions"),
    path("questions/<int:pk>/dismiss/", question_dismiss, name="qa_question_dismiss"),
]
