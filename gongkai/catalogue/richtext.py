"""A record's formatted body: the one place that decides which markup a body may carry.

Editors format a body (headings, lists, tables, emphasis, links) in the record editor's
rich-text editor (django-prose-editor, ADR 0032). What it posts is untrusted HTML: it is
cleaned here with nh3 against a short allow-list before it is stored, and cleaned again
when it is shown, so a row written around the service (an old import, a database edit)
cannot put script on a public page either. The plain text of the body (``Record.body``)
is always kept beside it and derived from it: search, the sensitive-information scan,
Q&A and every other reader of the text keep reading text.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

#: What a government document needs and the editor offers; nothing that can run, load or
#: restyle the page (no img, iframe, style, class or on* attributes).
TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "strong", "em", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
})
ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Content removed with its tag, not kept as text.
DROPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object"})

#: The editor's output always opens with a block element; typed text hardly ever does
#: (``a<b`` in a sentence is text).
_MARKUP = re.compile(r"\A\s*<(p|h[2-4]|ul|ol|table|blockquote|hr)[\s/>]", re.I)
_BLOCK_END = re.compile(r"</(p|h[2-4]|li|tr|blockquote|table|ul|ol)\s*>|<br\s*/?>|<hr\s*/?>",
                        re.I)
_CELL_END = re.compile(r"</t[hd]\s*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def is_markup(value: str) -> bool:
    """Whether a posted body is HTML (from the editor) rather than plain text (typed in the
    bare textarea when the editor's script did not run)."""
    return bool(_MARKUP.match(value or ""))


def clean(value: str) -> str:
    """The allowed markup of ``value``; empty when nothing but markup is left."""
    cleaned = nh3.clean(value or "", tags=set(TAGS), attributes=ATTRIBUTES,
                        url_schemes=set(URL_SCHEMES), clean_content_tags=set(DROPPED),
                        link_rel="noopener noreferrer").strip()
    return cleaned if text_of(cleaned) else ""


def text_of(value: str) -> str:
    """The body's text, one paragraph (list item, table row) a line, as the plain-text body
    every other reader uses."""
    text = _BLOCK_END.sub("\n", value or "")
    text = _CELL_END.sub("\t", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [line.strip() for line in text.replace("\xa0", " ").splitlines()]
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def as_html(body: str, body_html: str = "") -> SafeString:
    """What a page (or the PDF) shows: the formatted body when there is one, else the text's
    paragraphs."""
    if body_html:
        return mark_safe(clean(body_html))  # noqa: S308 (cleaned against the allow-list above)
    return mark_safe(linebreaks(body, autoescape=True))  # noqa: S308 (escaped by linebreaks)

