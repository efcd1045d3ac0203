"""The mailbox, hotline and consultation comments feed hot topics (issue 20): texts from
those channels are grouped with the rest, scoped to the staff member's agencies, and carry
no writer's contact."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.opinion import hot
from tests.consultations.factories import comment, open_consultation
from tests.interaction.conftest import fields


@pytest.mark.django_db
def test_messages_and_comments_form_one_topic(agency, other_agency, settings):
    from gongkai.interaction import services as interaction

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    topic_text = "小区噪音扰民长期无人处理，希望加强夜间施工噪音执法"
    for i in range(3):
        interaction.message_submit(agency=agency, **fields(
            type="complaint", subject=f"关于夜间施工噪音扰民问题的投诉{i}", text=f"{topic_text}（第{i}封）",
            name=f"写信人{i}", phone=f"1391234567{i}"))
    draft = open_consultation(agency)
    for i in range(2):
        comment(draft, text=f"夜间施工噪音执法应当写进办法，噪音扰民问题突出（意见{i}）")
    interaction.message_submit(agency=other_agency, **fields(
        type="complaint", subject="关于夜间施工噪音扰民问题的投诉", text=topic_text))

    names = {s.name for s in hot.sources()}
    assert {"interaction", "consultations", "opinion"} <= names
    now = timezone.now() + dt.timedelta(minutes=1)
    topics = hot.hot_topics([agency.pk], now=now, days=3, min_items=3)
    noise = next(t for t in topics if any("噪音" in k for k in t.keywords))
    sources = {item.source.split(".")[0] for item in noise.items}
    assert sources == {"interaction", "consultations"}
    assert len(noise.items) == 5  # not the other agency's message
    assert all("1391234567" not in item.text + item.title for item in noise.items)
    assert all(item.url.startswith("/staff/") for item in noise.items)
