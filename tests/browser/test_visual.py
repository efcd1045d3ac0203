"""Visual regression of the key public pages (issue 15): each page at 320, 390 and 1,366 px,
in standard, elder (长辈版) and English mode, compared with the screenshots kept in
``tests/browser/screenshots/`` (reviewed by a person when they were taken).

The world is built at a fixed instant, so dates and index numbers are the same on every
run. A page differs when its size changes or more than ``TOLERANCE`` of its pixels change
visibly; the new screenshot and a difference image are written next to the run's data
(``GONGKAI_DATA_DIR``/visual/) for a person to look at. After an intended change, take new
screenshots with ``GONGKAI_UPDATE_SCREENSHOTS=1`` (that run fails on purpose, naming the
files written: review them, commit them, run again).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from PIL import Image, ImageChops

from tests.browser.test_catalogue_pages import _publish, taxonomy  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.visual]

BASELINE = Path(__file__).parent / "screenshots"
#: the first screens a reader sees (three viewport heights), not the whole page
SCREENS = 3
WIDTHS = {"320": (320, 640), "390": (390, 844), "1366": (1366, 768)}
MODES = ("standard", "elder", "english")
PAGES = {
    "home": "/",
    "agency-home": "/{agency}/",
    "catalogue": "/{agency}/disclosure/",
    "record": "/{agency}/disclosure/records/{record}/",
    "qa": "/{agency}/qa/",
    "apply": "/{agency}/applications/apply/",
}
#: a pixel "changed" when its grey level moved more than this (font hinting, antialiasing)
LEVEL = 48
#: share of changed pixels a page may have and still count as the same
TOLERANCE = 0.002
FIXED = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def fixed_clock():
    with time_machine.travel(FIXED, tick=False):
        yield


def _shoot(page, url: str, viewport: tuple[int, int]) -> Image.Image:
    page.goto(url)
    page.evaluate("document.fonts.ready")
    width, height = viewport
    full = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": width, "height": min(full, height * SCREENS)}
    return Image.open(io.BytesIO(page.screenshot(full_page=True, clip=clip))).convert("RGB")


def _changed_share(expected: Image.Image, actual: Image.Image) -> float:
    grey = ImageChops.difference(expected, actual).convert("L")
    changed = sum(grey.point(lambda v: 255 if v > LEVEL else 0).histogram()[255:])
    return changed / (grey.width * grey.height)


def _context(new_context, live_server, mode: str, viewport: tuple[int, int]):
    width, height = viewport
    context = new_context(elder=mode == "elder", viewport={"width": width, "height": height},
                          device_scale_factor=1)
    if mode == "english":
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en",
                              "domain": urlsplit(live_server.url).hostname, "path": "/"}])
    return context


@pytest.mark.django_db(transaction=True)
def test_key_pages_look_as_reviewed(new_context, live_server, fixed_clock, portal_agency,
                                    taxonomy, tmp_path):  # noqa: F811
    record = _publish(portal_agency,
                      body="局机关各处室：\n\n经局领导同意，现将工作要点印发给你们，请认真贯彻落实。")
    for n in range(3):
        _publish(portal_agency, title=f"关于做好第{n + 1}批公证机构年度考核工作的通知",
                 document_number=f"沪司发〔2026〕{n + 1}号", formed_on=dt.date(2026, 3, 2))
    update = os.environ.get("GONGKAI_UPDATE_SCREENSHOTS") == "1"
    out = Path(os.environ.get("GONGKAI_DATA_DIR", tmp_path)) / "visual"
    written, differ = [], []
    for mode in MODES:
        for width, viewport in WIDTHS.items():
            context = _context(new_context, live_server, mode, viewport)
            page = context.new_page()
            for name, path in PAGES.items():
                shot = _shoot(page, path.format(agency=portal_agency.slug, record=record.pk),
                              viewport)
                file = f"{name}-{mode}-{width}.webp"
                if update:
                    BASELINE.mkdir(exist_ok=True)
                    shot.save(BASELINE / file, lossless=True, quality=100, method=6)
                    written.append(file)
                    continue
                problem = _compare(BASELINE / file, shot)
                if problem:
                    out.mkdir(parents=True, exist_ok=True)
                    shot.save(out / file.replace(".webp", ".png"))
                    differ.append(f"{file}: {problem}")
            context.close()
    if update:
        pytest.fail(f"wrote {len(written)} screenshots to {BASELINE}: review them, commit them "
                    "and run again without GONGKAI_UPDATE_SCREENSHOTS")
    assert not differ, (f"pages look different from the reviewed screenshots (new ones in {out}):"
                        "\n" + "\n".join(differ))


def _compare(reviewed: Path, shot: Image.Image) -> str:
    """Why ``shot`` is not the reviewed screenshot, or "" when it is."""
    if not reviewed.exists():
        return "no reviewed screenshot: take it with GONGKAI_UPDATE_SCREENSHOTS=1"
    expected = Image.open(reviewed).convert("RGB")
    if expected.size != shot.size:
        return f"size {shot.size}, reviewed {expected.size}"
    share = _changed_share(expected, shot)
    return f"{share:.2%} of pixels changed" if share > TOLERANCE else ""
