"""The pattern page (issue 15): the design system on one staff-visible page, drawn with
the real stylesheet; its colour tokens are the stylesheet's, and every class it shows
exists there."""
import re
from pathlib import Path

import pytest

from gongkai.core.models import Role
from gongkai.core.views import COLOUR_TOKENS
from tests.factories import staff

SITE_CSS = Path(__file__).resolve().parents[2] / "gongkai/portal/static/portal/css/site.css"


def test_the_colour_tokens_are_the_stylesheets():
    root = re.search(r":root\s*{(.*?)}", SITE_CSS.read_text(), re.S).group(1)
    declared = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})", root))
    assert {name: value for name, value, _use in COLOUR_TOKENS} == declared


@pytest.mark.django_db
def test_every_staff_member_sees_the_pattern_page_and_its_classes_exist(client, agency):
    assert client.get("/staff/patterns/").status_code == 302  # signed out: to the login
    client.force_login(staff(Role.EDITOR, agency, "pattern-reader"))
    page = client.get("/staff/patterns/")
    assert page.status_code == 200
    html = page.content.decode()
    css = SITE_CSS.read_text()
    shown = set(re.findall(r'class="([^"]+)"', html.split("<main", 1)[1].split("</main>")[0]))
    classes = {c for value in shown for c in value.split()}
    missing = sorted(c for c in classes if not re.search(rf"\.{re.escape(c)}\b", css))
    assert not missing, f"the pattern page shows classes the stylesheet lacks: {missing}"
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert "界面样式" in client.get("/staff/").content.decode()
