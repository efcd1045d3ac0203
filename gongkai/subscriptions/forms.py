from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue.models import Genre, Topic
from gongkai.core.intake import HoneypotFormMixin
from gongkai.subscriptions.matching import split_keywords
from gongkai.subscriptions.models import Audience, Frequency, Via


class SubscribeForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(label=_("电子邮箱"), max_length=254,
                             help_text=_("我们会先发一封确认邮件，确认后才开始推送。"))
    this_agency = forms.BooleanField(label=_("只订阅本机构发布的信息"), required=False,
                                     initial=True)
    topics = forms.ModelMultipleChoiceField(label=_("主题分类"), required=False,
                                            queryset=Topic.objects.all(),
                                            widget=forms.CheckboxSelectMultiple)
    genres = forms.ModelMultipleChoiceField(label=_("体裁分类"), required=False,
                                            queryset=Genre.objects.all(),
                                            widget=forms.CheckboxSelectMultiple)
    keywords = forms.CharField(label=_("关键词"), required=False, max_length=200,
                               help_text=_("多个关键词用逗号或空格分隔，标题或主题词含其中之一即推送。"))
    audiences = forms.ModelMultipleChoiceField(label=_("我属于以下服务对象（接收惠企利民政策推送）"),
                                               required=False, queryset=Audience.objects.all(),
                                               widget=forms.CheckboxSelectMultiple)
    frequency = forms.ChoiceField(label=_("推送频率"), choices=Frequency.choices,
                                  initial=Frequency.DAILY, widget=forms.RadioSelect)
    via = forms.ChoiceField(label=_("接收方式"), choices=Via.choices, initial=Via.EMAIL,
                            widget=forms.RadioSelect)
    webhook_url = forms.URLField(label=_("网络推送接收地址（仅限机构）"), required=False,
                                 assume_scheme="https", max_length=500)

    #: Following one object (a consultation …) asks only for address, frequency and channel.
    FOLLOWING_DROPS = ("this_agency", "topics", "genres", "keywords", "audiences")

    def __init__(self, *args, signed_in: bool = False, following: bool = False,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if following:
            for name in self.FOLLOWING_DROPS:
                del self.fields[name]
        if not signed_in:
            choices = [c for c in Via.choices if c[0] != Via.INBOX]
            self.fields["via"].choices = choices  # type: ignore[attr-defined]

    def clean_keywords(self) -> list[str]:
        return split_keywords(self.cleaned_data.get("keywords", ""))[:10]

    def clean(self):
        data = super().clean()
        if data.get("via") == Via.WEBHOOK and not data.get("webhook_url"):
            self.add_error("webhook_url", _("选择网络推送时请填写接收地址。"))
        return data


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("推送频率"), choices=Frequency.choices)


class PushForm(forms.Form):
    audience = forms.ModelChoiceField(label=_("服务对象"), queryset=Audience.objects.all())
    title = forms.CharField(label=_("标题"), max_length=200)
    url = forms.CharField(label=_("信息或服务指南的链接"), max_length=500,
                          help_text=_("本站页面地址，如 /sfj/disclosure/records/12/"))
    message = forms.CharField(label=_("推送说明"), required=False, widget=forms.Textarea,
                              max_length=2000)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.startswith("/") or url.startswith("//"):
            raise forms.ValidationError(_("请填写本站页面地址（以 / 开头）。"))
        return url


class AudienceForm(forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=40)
    name = forms.CharField(label=_("名称"), max_length=60)
