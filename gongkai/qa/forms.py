"""Forms of Q&A: the public question box, answer feedback and the staff FAQ editor."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from gongkai.qa.services import SourceSpec

ARTICLE_SOURCE = re.compile(
    r"^(?P<title>.+?)\s*(?P<article>第[零〇一二三四五六七八九十百千两0-9]+条(之[一二三四五六七八九十]+)?)$")


class AskForm(forms.Form):
    # Longer questions are accepted and cut by the answering code with a message, so a
    # pasted paragraph gets an answer rather than a form error.
    q = forms.CharField(label=_("您的问题"), required=False, max_length=2000)


class FeedbackForm(forms.Form):
    question = forms.IntegerField(min_value=1)
    helpful = forms.TypedChoiceField(choices=[("1", _("有帮助")), ("0", _("没有帮助"))],
                                     coerce=lambda v: v == "1")


class FaqForm(forms.Form):
    question = forms.CharField(label=_("问题"), max_length=200)
    alternatives = forms.CharField(label=_("其他问法"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("群众可能的其他说法，每行一种。"))
    answer = forms.CharField(label=_("答案"), widget=forms.Textarea(attrs={"rows": 6}))
    sources = forms.CharField(label=_("出处"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}),
        help_text=_("每行一条：法律法规标题加条号（如 中华人民共和国法律援助法 第三十一条），或网址。"))
    published = forms.BooleanField(label=_("发布"), required=False)

    def clean_sources(self) -> list[SourceSpec]:
        specs: list[SourceSpec] = []
        errors: list[str] = []
        for line in (self.cleaned_data.get("sources") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith(("http://", "https://")):
                try:
                    URLValidator()(line)
                except forms.ValidationError:
                    errors.append(f"网址无效:{line}")
                    continue
                specs.append(SourceSpec(kind="url", url=line))
                continue
            match = ARTICLE_SOURCE.match(line)
            if match is None:
                errors.append(f"无法识别:{line}(应为“法律法规标题 第…条”或网址)")
                continue
            specs.append(SourceSpec(kind="law_article", law_title=match["title"],
                                    article=match["article"]))
        if errors:
            raise forms.ValidationError(errors)
        return specs


def sources_text(faq) -> str:
    lines = []
    for source in faq.sources.all():
        if source.kind == "law_article":
            lines.append(f"{source.law_title} {source.article}")
        elif source.url:
            lines.append(source.url)
    return "\n".join(lines)
