"""English is complete (issue 15): every interface string in the source has an English
translation in the committed catalogue, and the compiled catalogue is the one that is
served; the key public pages, rendered in English, show no Han characters but the allowed
ones (the agency's name, and content that stays in the language it was written in, marked
``lang="zh-CN"``), which catches text that bypasses the translation machinery."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

#: (URL name, whether it takes the agency slug, query string): the pages a visitor from
#: abroad reaches first, the front page of every public app among them. A new app adds its
#: front page here.
KEY_PUBLIC_PAGES: tuple[tuple[str, bool, str], ...] = (
    ("portal:home", False, ""),
    ("portal:agency_home", True, ""),
    ("portal:agency_profile", True, ""),
    ("portal:agency_list", False, ""),
    ("portal:accessibility", False, ""),
    ("catalogue:index", True, ""),
    ("applications:index", True, ""),
    ("applications:apply", True, ""),
    ("applications:status", True, ""),
    ("search:index", True, "q=budget"),
    ("qa:ask", True, ""),
    ("qa:faq_list", True, ""),
    ("laws:index", True, ""),
    ("reports:index", True, ""),
    ("transparency:index", False, ""),
    ("signing:verify", False, ""),
    ("interpretations:index", True, ""),
    ("consultations:index", True, ""),
    ("consultations:decisions", True, ""),
    ("interaction:index", True, ""),
    ("interaction:write", True, ""),
    ("interaction:status", True, ""),
    ("participation:index", True, ""),
    ("services:index", True, ""),
    ("services:powers", True, ""),
    ("directory:index", True, ""),
    ("enforcement:index", True, ""),
    ("enforcement:decisions", True, ""),
    ("inspections:index", True, ""),
    ("standards:index", True, ""),
    ("proposals:index", True, ""),
    ("workplans:index", True, ""),
    ("opinion:index", True, ""),
    ("leadership:index", True, ""),
    ("social_evaluation:index", True, ""),
    ("subscriptions:new", True, ""),
)

#: Chinese that stays in English pages: proper names used as examples of what to type
#: (a document number's issuer), beside the agency's own names added per test world
ALLOWED = {"沪司办〔2020〕6号"}

HAN = re.compile(r"[\u3400-\u9fff]+")
_CHINESE_ELEMENT = re.compile(r'<(\w+)[^>]*\blang="zh-CN"[^>]*>.*?</\1>', re.S)
_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_SPOKEN_ATTRS = re.compile(r'\b(?:aria-label|placeholder|alt|title)="([^"]*)"')


def visible_han(html: str, allowed: set[str]) -> list[str]:
    """The Han runs a reader sees or hears, once content marked as Chinese and the allowed
    names are taken out."""
    body = _INVISIBLE.sub(" ", html.split("<body", 1)[-1])
    body = _CHINESE_ELEMENT.sub(" ", body)
    spoken = " ".join(_SPOKEN_ATTRS.findall(body))
    text = re.sub(r"<[^>]+>", " ", body) + " " + spoken
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    text += " " + (title.group(1) if title else "")
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, " ")
    return HAN.findall(text)


@pytest.mark.django_db
def test_key_public_pages_are_english(client, agency):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # the agency's own particulars are content, shown as written
    allowed = ALLOWED | {agency.name, agency.short_name, agency.address, agency.site_sponsor}
    untranslated = {}
    for name, per_agency, query in KEY_PUBLIC_PAGES:
        url = reverse(name, kwargs={"agency": agency.slug} if per_agency else None)
        response = client.get(f"{url}?{query}" if query else url)
        assert response.status_code == 200, url
        assert 'lang="en"' in response.content.decode()[:300]
        found = visible_han(response.content.decode(), allowed)
        if found:
            untranslated[url] = found
    assert not untranslated, (
        f"Chinese interface text on key public pages in English: {untranslated}. Translate it "
        "in gongkai/locale/en/LC_MESSAGES/django.po (then msgfmt), or mark content that stays "
        'Chinese with lang="zh-CN".')


@pytest.mark.django_db
def test_english_only_when_chosen(client, agency):
    """A browser asking for English still gets Chinese until the visitor picks English."""
    url = reverse("portal:agency_home", kwargs={"agency": agency.slug})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert 'lang="zh-CN"' in page.content.decode()[:300]
    assert page["Content-Language"] == "zh-hans"
    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.get(url)
    assert 'lang="en"' in page.content.decode()[:300] and page["Content-Language"] == "en"


CATALOGUE = Path(__file__).resolve().parents[2] / "gongkai" / "locale" / "en" / "LC_MESSAGES"


def test_every_interface_string_has_an_english_translation(tmp_path):
    """Extract the strings from a copy of the source exactly as the documented refresh does
    (``makemessages``, DEVELOPERS.md) and merge them into the committed catalogue: any
    string new in the source, any left empty and any fuzzy guess of msgmerge fails."""
    source = CATALOGUE.parents[2]
    copy = tmp_path / "gongkai"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(
        "__pycache__", "*.mo", "static", "migrations", "fixtures"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # without settings, makemessages writes to ./locale, the copy's catalogue
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
                   cwd=copy, env=env, check=True, capture_output=True)
    merged = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in merged if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, (
        f"{len(missing)} interface string(s) without English: {missing[:20]}. Refresh the "
        "catalogue (DEVELOPERS.md, 'refresh the English catalogue') and translate them.")


def test_the_compiled_catalogue_is_the_committed_one():
    """The .mo is what Django serves; a .po edited without compilemessages changes nothing."""
    committed = polib.pofile(str(CATALOGUE / "django.po"))
    with open(CATALOGUE / "django.mo", "rb") as mo:
        served = gettext.GNUTranslations(mo)
    stale = []
    for entry in committed:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            ok = served.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1]
        elif entry.msgctxt:
            ok = served.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            ok = served.gettext(entry.msgid) == entry.msgstr
        if not ok:
            stale.append(entry.msgid)
    assert not stale, f"django.mo is older than django.po for {stale[:10]}: run compilemessages"
