"""Subscriptions in a real browser without JavaScript, with axe: subscribe by e-mail,
follow the confirmation link from the mail, receive the alert for a record published
afterwards, and unsubscribe with one click on the link in that mail."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from gongkai.catalogue.services import publish_external
from gongkai.jobs.models import JobRun
from gongkai.subscriptions import services
from tests.browser.test_accessibility import assert_accessible
from tests.factories import record_fields

pytestmark = pytest.mark.browser


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.django_db(transaction=True)
def test_subscribe_confirm_receive_and_unsubscribe_in_one_click(new_context, agency, editor,
                                                                settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    axe = Axe()
    page = new_context(java_script_enabled=False).new_page()
    checker = new_context().new_page()  # axe needs script; the pages themselves do not
    page.goto(f"/{agency.slug}/subscriptions/")
    checker.goto(f"/{agency.slug}/subscriptions/")
    assert_accessible(axe, checker)
    page.get_by_label("电子邮箱").fill("reader@example.org")
    page.get_by_role("group", name="推送频率").get_by_label("即时").check()
    page.get_by_role("button", name="订阅").click()
    expect(page.get_by_role("heading", name="请查收确认邮件")).to_be_visible()
    assert "reader@example.org" not in page.content()

    confirmation = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert len(confirmation) == 1
    confirm = _path(re.search(r"http\S+/confirm/\S+/", confirmation[0].body).group(0))
    page.goto(confirm)
    expect(page.get_by_role("heading", name="订阅已确认")).to_be_visible()
    checker.goto(confirm)
    assert_accessible(axe, checker)

    record = publish_external(actor=editor, agency=agency, source="test", fields=record_fields())
    for run in JobRun.objects.filter(name="subscriptions.match"):
        services.event_match(**run.kwargs)
    alerts = [m for m in mail.outbox if m.to == ["reader@example.org"]][1:]
    assert len(alerts) == 1 and record.title in alerts[0].body
    unsubscribe = re.search(r"退订[^\n]*：(\S+)", alerts[0].body).group(1)
    page.goto(_path(unsubscribe))
    expect(page.get_by_test_id("unsubscribed")).to_have_text("您已成功退订")
    checker.goto(_path(unsubscribe))  # the link used again: harmless
    expect(checker.get_by_test_id("unsubscribed")).to_have_text("该订阅此前已经退订")
    assert_accessible(axe, checker)


@pytest.mark.django_db(transaction=True)
def test_follow_a_consultation_from_its_page_without_javascript(new_context, agency, settings):
    from gongkai.subscriptions.models import Subscription
    from tests.consultations.factories import open_consultation

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    c = open_consultation(agency, days=20)
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/{agency.slug}/consultations/{c.pk}/")
    page.get_by_role("link", name="订阅此次征求意见的进展").click()
    expect(page.get_by_test_id("following")).to_contain_text(c.title)
    checker = new_context().new_page()
    checker.goto(page.url)
    assert_accessible(Axe(), checker)
    page.get_by_label("电子邮箱").fill("follower@example.org")
    page.get_by_role("button", name="订阅").click()
    expect(page.get_by_role("heading", name="请查收确认邮件")).to_be_visible()
    sub = Subscription.objects.get(email="follower@example.org")
    assert sub.summary == f"征求意见：《{c.title}》"
    assert [m.to for m in mail.outbox] == [["follower@example.org"]]
