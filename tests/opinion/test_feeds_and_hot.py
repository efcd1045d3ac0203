import datetime as dt
import logging

import pytest

from gongkai.opinion import feeds, hot
from gongkai.opinion.models import Feed, InboundItem
from tests.opinion.factories import SH, inbound

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>市民反映公证处排队时间过长</title><link>https://example.org/a</link>
<guid>a-1</guid><description>&lt;p&gt;周末排队三小时&lt;/p&gt;</description>
<pubDate>Wed, 02 Dec 2026 01:00:00 GMT</pubDate></item>
<item><title>律师会见难问题</title><guid>a-2</guid></item></channel></rss>""".encode()
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>x</title><entry><id>urn:1</id><title>法律援助申请流程复杂</title>
<link href="https://example.org/b"/><updated>2026-12-02T08:00:00+08:00</updated>
<summary>网友称材料太多</summary></entry></feed>""".encode()
BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
<rss><channel><item><title>&lol2;</title></item></channel></rss>"""


def test_rss_and_atom_are_parsed():
    entries = feeds.parse(RSS)
    assert [e.ref for e in entries] == ["a-1", "a-2"]
    assert entries[0].text == "周末排队三小时"
    assert entries[0].published == dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)
    (atom,) = feeds.parse(ATOM)
    assert atom.url == "https://example.org/b" and atom.title == "法律援助申请流程复杂"


@pytest.mark.parametrize("data", [b"<html><body>502</body></html>", b"\x00\xffgarbage", BOMB])
def test_garbage_and_entity_bombs_are_refused(data):
    with pytest.raises(feeds.FeedError):
        feeds.parse(data)


def test_a_bad_feed_is_logged_and_the_import_continues(agency, caplog):
    good = Feed.objects.create(agency=agency, name="好", url="https://example.org/good.xml")
    bad = Feed.objects.create(agency=agency, name="坏", url="https://example.org/bad.xml")
    atom = Feed.objects.create(agency=agency, name="atom", url="https://example.org/atom.xml")
    bodies = {good.url: RSS, bad.url: b"not xml at all", atom.url: ATOM}

    def fetcher(url):
        return bodies[url]

    now = dt.datetime(2026, 12, 2, 12, 0, tzinfo=SH)
    with caplog.at_level(logging.WARNING, logger="gongkai.opinion"):
        counts = feeds.import_feeds(fetcher=fetcher, now=now)
    assert counts == {"feeds": 3, "failed": 1, "new": 3}
    assert "skipped" in caplog.text
    bad.refresh_from_db()
    assert bad.last_error.startswith("not XML")
    assert feeds.import_feeds(fetcher=fetcher, now=now)["new"] == 0  # idempotent
    assert InboundItem.objects.filter(feed=good).count() == 2


def test_fetch_refuses_other_schemes():
    with pytest.raises(feeds.FeedError):
        feeds.fetch("file:///etc/passwd")


def test_a_rising_topic_is_found_with_its_items(agency):
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=SH)
    for i in range(6):
        inbound(agency, f"公证处排队时间太长第{i}次反映", now - dt.timedelta(hours=i + 1))
    inbound(agency, "公证处排队时间太长前天", now - dt.timedelta(days=2))
    for i, text in enumerate(["律师会见预约难", "人民调解员培训", "法律援助热线占线",
                              "社区矫正宣传活动", "普法宣传进社区"]):
        inbound(agency, text, now - dt.timedelta(days=1, hours=i))
    topics = hot.hot_topics([agency.pk], now=now, days=3, min_items=3)
    top = topics[0]
    assert top.rising and top.size == 7 and top.recent == 6
    assert {"公证处", "排队"} & set(top.keywords)
    assert all("公证处排队" in t.title for t in top.items)
    assert hot.hot_topics([agency.pk + 999], now=now) == []


def test_other_apps_plug_in_a_source(agency):
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=SH)

    def mailbox(ids, since):
        return [hot.InboundText("mailbox", str(i), "信箱：公证费用太高", "", now - dt.timedelta(hours=i))
                for i in range(4)]

    hot.register_inbound_source("test-mailbox", "测试信箱", mailbox)
    try:
        topics = hot.hot_topics([agency.pk], now=now, days=3, min_items=3)
        assert any(t.items[0].source == "mailbox" for t in topics)
    finally:
        hot._SOURCES.pop("test-mailbox")


def test_an_unreachable_feed_is_a_feed_error(settings):
    import socket

    with socket.socket() as listener:  # a port nobody listens on once closed
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
    settings.GONGKAI_OPINION_FEED_TIMEOUT = 2
    with pytest.raises(feeds.FeedError, match="fetch failed"):
        feeds.fetch(f"http://127.0.0.1:{port}/feed.xml")
