"""Hot topics by meaning (issue 20): the job stores vectors with the project's encoder, a
request groups by them (never encoding), and texts without a vector fall back to words."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.opinion import hot, vectors
from gongkai.opinion.models import TextVector
from tests.opinion.factories import SH, inbound

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=SH)
# Paraphrases that share no segmented word: grouping by words cannot see either topic.
NOISE = ["楼下烧烤店半夜噪音扰民", "晚上餐馆喧哗吵得无法休息", "深夜饭店吵闹影响睡觉"]
LAWYER = ["律师执业证遗失后如何补办", "请问律师证丢了怎么重新办理", "执业律师的证件不见了补领需要什么材料"]
OTHER = ["公园里的路灯坏了好几天没人修", "希望增加公交线路方便老人出行"]


@pytest.fixture
def texts(agency):
    for i, title in enumerate(NOISE + LAWYER + OTHER):
        inbound(agency, title, NOW - dt.timedelta(hours=i + 1))


def _titles(topics):
    return [{t.title for t in topic.items} for topic in topics]


def test_paraphrases_words_miss_are_grouped_by_stored_vectors(agency, texts, monkeypatch):
    assert not any(set(NOISE) <= found for found in _titles(hot.hot_topics([agency.pk], now=NOW)))

    figures = vectors.embed_recent(now=NOW)
    assert figures["embedded"] == 8 and TextVector.objects.count() == 8
    assert vectors.embed_recent(now=NOW)["embedded"] == 0  # unchanged texts: not again

    def refuse(*args, **kwargs):
        raise AssertionError("a request must not encode")

    monkeypatch.setattr("gongkai.qa.encoders.get_encoder", refuse)
    topics = hot.hot_topics([agency.pk], now=NOW)
    found = _titles(topics)
    assert set(NOISE) in found and set(LAWYER) in found
    assert all(topic.by_meaning for topic in topics)
    assert hot.hot_topics([agency.pk + 999], now=NOW) == []


def test_without_vectors_grouping_falls_back_to_words(agency):
    for i in range(4):
        inbound(agency, f"公证处排队时间太长第{i}次反映", NOW - dt.timedelta(hours=i + 1))
    TextVector.objects.all().delete()
    topics = hot.hot_topics([agency.pk], now=NOW)
    assert len(topics) == 1 and topics[0].size == 4 and not topics[0].by_meaning


def test_vectors_older_than_the_window_are_pruned(agency, texts):
    vectors.embed_recent(now=NOW)
    assert vectors.embed_recent(now=NOW + dt.timedelta(days=30))["pruned"] == 8
    assert not TextVector.objects.exists()
