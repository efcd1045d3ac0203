"""The hostile-input corpus (issue 8, part 3): strings, file names and files an attacker or a
broken client sends. Data only; tests/security/test_hostile_input.py and
tests/browser/test_hostile_render.py throw it at the forms and endpoints.

Each entry is ``(category, label, value)``; the label names the case in test ids and
failure messages. XSS payloads all set ``window.__xss`` (or call ``alert``) when they run,
so the browser test can tell a live script from inert text.
"""

from __future__ import annotations

import io
import zipfile

XSS = [
    ("xss", "script-tag", "<script>window.__xss=1</script>"),
    ("xss", "script-tag-upper", "<SCRIPT SRC=data:,window.__xss=1></SCRIPT>"),
    ("xss", "img-onerror", '<img src=x onerror="window.__xss=1">'),
    ("xss", "svg-onload", "<svg/onload=window.__xss=1>"),
    ("xss", "svg-script", "<svg><script>window.__xss=1</script></svg>"),
    ("xss", "attr-breakout", '"><script>window.__xss=1</script>'),
    ("xss", "attr-breakout-single", "'><img src=x onerror=window.__xss=1>"),
    ("xss", "event-handler-attr", '" autofocus onfocus="window.__xss=1'),
    ("xss", "javascript-url", "javascript:window.__xss=1"),
    ("xss", "javascript-url-obfuscated", "jav&#x09;ascript:window.__xss=1"),
    ("xss", "entity-encoded", "&lt;script&gt;window.__xss=1&lt;/script&gt;"),
    ("xss", "numeric-entities", "&#60;img src=x onerror=window.__xss=1&#62;"),
    ("xss", "iframe-srcdoc", '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>'),
    ("xss", "textarea-breakout", "</textarea><script>window.__xss=1</script>"),
    ("xss", "title-breakout", "</title><script>window.__xss=1</script>"),
    ("xss", "style-breakout", "</style><script>window.__xss=1</script>"),
    ("xss", "markdown-link", "[点我](javascript:window.__xss=1)"),
    ("xss", "data-url", "data:text/html,<script>window.__xss=1</script>"),
    ("xss", "details-ontoggle", "<details open ontoggle=window.__xss=1>"),
    ("xss", "chinese-wrapped", "关于<script>window.__xss=1</script>的通知"),
]

TEMPLATE = [
    ("template", "django-var", "{{ request.META }}{{ settings.SECRET_KEY }}"),
    ("template", "django-tag", "{% load static %}{% debug %}"),
    ("template", "django-comment", "{# x #}{% csrf_token %}"),
    ("template", "format-string", "{0.__class__}%s%n{applicant_name}"),
    ("template", "jinja-ssti", "{{7*7}}${7*7}#{7*7}"),
]

SQL = [
    ("sql", "or-1-1", "' OR 1=1 --"),
    ("sql", "double-quote", '"'),
    ("sql", "union", "1' UNION SELECT username, password FROM core_user --"),
    ("sql", "stacked", "x'; DROP TABLE core_agency; --"),
    ("fts", "star", "*"),
    ("fts", "near", "NEAR(公开 信息"),
    ("fts", "colon-column", "title:公开"),
    ("fts", "caret", "^公开"),
    ("fts", "unbalanced-quote", '"公开 信息'),
    ("fts", "operators", "公开 AND OR NOT -信息 +申请 ~ |"),
    ("fts", "parens", "((((公开)"),
    ("fts", "tsquery", "公开 & !信息 | <-> :*"),
    ("sql", "like-wildcards", "%_%\\"),
]

TRAVERSAL = [
    ("traversal", "dotdot", "../../etc/passwd"),
    ("traversal", "dotdot-encoded", "..%2f..%2fetc%2fpasswd"),
    ("traversal", "dotdot-backslash", "..\\..\\windows\\win.ini"),
    ("traversal", "absolute", "/etc/passwd"),
    ("traversal", "nul-in-name", "report.pdf\x00.exe"),
    ("traversal", "double-encoded", "%252e%252e%252fetc%252fpasswd"),
]

# Field-length attacks: 10k, 100k and 1M characters (the 1M one is used on a few fields
# only, it costs a second per request).
LONG = [
    ("long", "10k", "长" * 10_000),
    ("long", "100k", "A" * 100_000),
]
HUGE_TEXT = ("long", "1M", "x" * 1_000_000)

CONTROL = [
    ("control", "nul", "公开\x00信息"),
    ("control", "c0-controls", "a\x01\x02\x07\x08\x0b\x0c\x1b[31mb"),
    ("control", "crlf-header-injection", "x\r\nSet-Cookie: pwned=1\r\n"),
    ("control", "zero-width", "公\u200b开\u200c信\u200d息\ufeff"),
    ("control", "rtl-override", "申请\u202eexe.pdf"),
    ("control", "bidi-isolate", "\u2066admin\u2069\u2067x\u2069"),
    ("control", "lone-surrogate-escape", "\\ud800"),
    ("control", "only-whitespace", " \u3000\t\n "),
]

STRINGS = XSS + TEMPLATE + SQL + TRAVERSAL + LONG + CONTROL
"""Every string payload, in a fixed order (tests take deterministic subsets of it)."""

FILE_NAMES = [
    ("filename", "xss", '"><img src=x onerror=window.__xss=1>.pdf'),
    ("filename", "script", "<script>window.__xss=1</script>.pdf"),
    ("filename", "traversal", "../../../../etc/passwd.pdf"),
    ("filename", "absolute", "/etc/cron.d/x.pdf"),
    ("filename", "backslash", "..\\..\\boot.ini.pdf"),
    ("filename", "rtl", "invoice\u202efdp.exe"),
    ("filename", "zero-width", "公\u200b开.pdf"),
    ("filename", "long", "长" * 300 + ".pdf"),
    ("filename", "control", "a\x07b\r\nc.pdf"),
    ("filename", "dots", "...."),
    ("filename", "empty-stem", ".pdf"),
]

# Raw bodies that are not valid UTF-8 (a GBK-encoded form, stray continuation bytes).
INVALID_BYTES = [
    ("bytes", "gbk", "政府信息公开申请".encode("gbk")),
    ("bytes", "invalid-utf8", b"\xff\xfe\xfd\x80\x81abc"),
    ("bytes", "overlong-slash", b"\xc0\xaf..\xc0\xafetc"),
    ("bytes", "truncated-utf8", "公开".encode()[:-1]),
]

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages"
             b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def zip_bomb(inflated_mb: int = 200) -> bytes:
    """A zip of a few hundred kilobytes whose one member inflates to ``inflated_mb`` MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("records.csv", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(chunk)
    return buffer.getvalue()

