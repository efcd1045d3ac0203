"""Forms for members of the public who choose to register (never required)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import User


class RegistrationForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"), max_length=30, min_length=3, regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": _("用户名只能包含字母、数字、下划线、点和连字符。")},
        help_text=_("3–30个字符，字母、数字、下划线、点或连字符。"),
    )
    email = forms.EmailField(label=_("电子邮箱（选填）"), required=False)
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput,
                                help_text=_("至少10个字符，不要只用数字。"))
    password2 = forms.CharField(label=_("再次输入密码"), widget=forms.PasswordInput)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("该用户名已被使用，请换一个。"))
        return username

    def clean(self) -> dict:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            try:
                validate_password(p1, User(username=data.get("username", "")))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
