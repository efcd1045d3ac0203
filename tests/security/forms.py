"""A small HTML form reader for the hostile-input tests: finds the forms on a page and
builds a valid baseline submission from what the page itself offers (values, first
option, checked boxes), so each form is exercised as a browser would submit it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = {"text", "search", "email", "tel", "url", "textarea", "password", ""}


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    required: bool = False
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def text_fields(self) -> list[str]:
        seen: list[str] = []
        for f in self.fields:
            if f.kind in TEXT_TYPES and f.name not in seen and f.name.rsplit("-", 1)[-1] not in {
                    "csrfmiddlewaretoken", "website", "idempotency_key", "access_code",
                    "password"}:
                seen.append(f.name)
        return seen

    def file_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.kind == "file"]

    def baseline(self) -> dict[str, object]:
        """What a browser would send, with placeholder text in empty required fields."""
        data: dict[str, object] = {}
        for f in self.fields:
            if f.kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if f.kind in {"checkbox", "radio"}:
                if f.kind == "radio" and f.name not in data and (f.checked or f.required):
                    data[f.name] = f.value
                elif f.kind == "radio" and f.checked:
                    data[f.name] = f.value
                elif f.kind == "checkbox" and (f.checked or f.required):
                    data.setdefault(f.name, f.value or "on")
                continue
            if f.kind == "select":
                options = [o for o in f.options if o]
                data[f.name] = f.value or (options[0] if options else "")
                continue
            value = f.value
            if not value and f.required:
                value = {"date": dt.date.today().isoformat(), "number": "1",
                         "email": "a@example.com", "tel": "13800000000",
                         "url": "https://example.com/"}.get(f.kind, "测试内容")
            data[f.name] = value
        return data


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option_selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower(),
                              enctype=a.get("enctype", ""))
            self.forms.append(self._form)
            return
        if self._form is None or ("name" not in a and tag != "option"):
            if tag == "option" and self._select is not None:
                pass
            else:
                return
        required = "required" in a
        if tag == "input":
            self._form.fields.append(Field(a["name"], a.get("type", "text").lower(),
                                           a.get("value", ""), required, "checked" in a))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea", "", required)
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select", "", required)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self._form.fields.append(Field(a["name"], "button", a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def read_forms(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms
