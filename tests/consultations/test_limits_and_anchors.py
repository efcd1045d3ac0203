import datetime as dt

from gongkai.consultations import anchors, grouping, limits
from tests.consultations.factories import DRAFT_TEXT


def test_every_kind_with_a_rule_cites_it():
    for kind in limits.ConsultationKind:
        limit = limits.minimum_period(kind)
        if kind == limits.ConsultationKind.OTHER:
            assert limit is None
        else:
            assert limit.citation and limit.amount > 0


def test_thirty_days_for_a_major_decision_counted_from_the_day_after_opening(db):
    assert limits.minimum_closes_on("major_decision", dt.date(2026, 3, 2)) == dt.date(2026, 4, 1)
    assert limits.minimum_closes_on("rule", dt.date(2026, 3, 2)) == dt.date(2026, 4, 1)


def test_seven_working_days_for_a_normative_document_skip_the_national_day_holiday(db):
    # Opened Monday 28 September 2026: 29, 30 Sep are working days, 1-7 Oct the holiday
    # (the calendar's data), then 8, 9 (Fri) … the 7th working day.
    due = limits.minimum_closes_on("normative", dt.date(2026, 9, 28))
    assert due > dt.date(2026, 10, 7)
    assert limits.minimum_closes_on("normative", dt.date(2026, 3, 2)) == dt.date(2026, 3, 11)


def test_policy_measure_minimum_comes_from_settings(db, settings):
    settings.GONGKAI_CONSULTATION_POLICY_MEASURE_WORKING_DAYS = 3
    assert limits.minimum_closes_on("policy_measure", dt.date(2026, 3, 2)) == dt.date(2026, 3, 5)


def test_anchors_articles_and_paragraphs():
    found = anchors.parse(DRAFT_TEXT)
    keys = [a["key"] for a in found]
    assert keys == ["a1", "a2", "a2p2", "a3"]
    assert anchors.find(found, "a2p2")["label"] == "第二条第二款"
    assert anchors.find(found, "a3")["label"] == "第三条"


def test_anchors_without_articles_are_paragraphs():
    found = anchors.parse("一、总体要求\n\n二、主要任务\n")
    assert [(a["key"], a["label"]) for a in found] == [("p1", "第1段"), ("p2", "第2段")]


def test_chinese_numbers():
    assert [anchors.chinese_number(n) for n in (1, 10, 12, 20, 35, 100, 105, 110)] == [
        "一", "十", "十二", "二十", "三十五", "一百", "一百零五", "一百一十"]


def test_diff_marks_added_and_removed_lines():
    result = anchors.diff("第一条 甲。\n第二条 乙。", "第一条 甲。\n第二条 丙。")
    assert ("removed", "第二条 乙。") in result and ("added", "第二条 丙。") in result
    assert ("same", "第一条 甲。") in result


def test_near_duplicates_group_and_distinct_comments_do_not():
    base = "我们坚决反对在本小区附近设立垃圾中转站,请重新选址,保护居民健康和生活环境。"
    items = [(1, base), (2, base + "!"), (3, base.replace("坚决", "强烈")),
             (4, "建议第三条增加公开办理时限,并明确投诉处理结果的反馈方式。"),
             (5, "我们坚决支持在本小区附近设立公园,请尽快实施,改善居民健康和生活环境。"),
             (6, "同意"), (7, "同意")]
    assert grouping.cluster(items) == {1: [1, 2, 3]}
