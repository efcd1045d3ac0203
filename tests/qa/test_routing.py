"""Routing a question to the laws of its subject, and the vocabulary it is driven by."""

import json

import pytest

from gongkai.qa import routing

TITLES = ["中华人民共和国律师法", "中华人民共和国行政复议法", "中华人民共和国行政复议法实施条例",
          "中华人民共和国法律援助法", "中华人民共和国政府信息公开条例"]


def test_vocabulary_file_has_the_documented_shape():
    data = json.loads(routing.VOCABULARY_FILE.read_text("utf-8"))
    keys = [d["key"] for d in data["domains"]]
    assert len(keys) == len(set(keys)) >= 10
    for domain in data["domains"]:
        assert domain["label"] and domain["laws"], domain["key"]
        assert all(isinstance(w, str) and w and n > 0 for w, n in domain["words"].items())
    assert all(k and v.split() for k, v in data["expansions"].items())
    vocabulary = routing.load_vocabulary()
    assert len(vocabulary.all_laws()) == len(set(vocabulary.all_laws()))


@pytest.mark.parametrize(("question", "domain"), [
    ("家里穷请不起律师怎么办", "legal_aid"),
    ("公证处能帮忙保管遗嘱吗", "notarisation"),
    ("调解不成怎么办", "mediation"),
    ("判了缓刑要去哪报到", "corrections"),
    ("对罚款不服能复议吗", "reconsideration"),
    ("许可证能转让给别人吗", "licensing"),
    ("申请政府信息公开收费吗", "disclosure"),
    ("能要求平台删除我的个人信息吗", "personal_info"),
])
def test_citizens_words_route_to_the_domain(question, domain):
    assert routing.route(question, law_titles=[], synonyms=[]).domains[0] == domain


def test_a_question_about_two_subjects_goes_to_both_laws():
    found = routing.route("没钱请律师，复议能申请法律援助吗", law_titles=[], synonyms=[])
    assert {"legal_aid", "reconsideration"} <= set(found.domains)
    assert {"中华人民共和国法律援助法", "中华人民共和国行政复议法"} <= set(found.laws)


def test_nothing_routes_nowhere():
    found = routing.route("今天天气怎么样", law_titles=TITLES, synonyms=[])
    assert (found.domains, found.laws, found.named) == ([], {}, ())


def test_a_named_law_is_routed_to_and_the_longest_name_wins():
    found = routing.route("行政复议法实施条例第几条讲期限", law_titles=TITLES, synonyms=[])
    assert found.named == ("中华人民共和国行政复议法实施条例",)
    assert found.laws["中华人民共和国行政复议法实施条例"] > 1
    assert routing.route("律师法怎么规定的", law_titles=TITLES, synonyms=[]).named == (
        "中华人民共和国律师法",)


def test_search_synonyms_widen_the_question():
    assert routing.route("法援怎么弄", law_titles=[], synonyms=[]).domains == []
    found = routing.route("法援怎么弄", law_titles=[], synonyms=[["法援", "法律援助"]])
    assert found.domains == ["legal_aid"] and "法律援助" in found.added


@pytest.mark.django_db  # the segmenter loads the staff-edited dictionary once
def test_expansions_add_the_statutes_words_weighted_below_the_question():
    found = routing.route("办公证要交钱吗", law_titles=[], synonyms=[])
    assert {"费用", "收费"} <= set(found.added)
    terms = routing.query_terms("办公证要交钱吗", found.added, found.matched)
    # 公证 comes from the vocabulary match: the segmenter cuts 办公 / 证.
    assert terms["公证"] == 1.0 and terms["费用"] == routing.EXPANSION_WEIGHT
    assert "吗" not in terms and "要" not in terms


def test_a_word_inside_a_longer_one_counts_once():
    words = (("法律援助", 6.0), ("援助", 4.0))
    assert routing._matches("申请法律援助", words) == [("法律援助", 6.0)]
    assert routing._matches("法律援助和司法援助", words) == [("法律援助", 6.0), ("援助", 4.0)]


@pytest.fixture
def law_folder(tmp_path):
    import shutil

    from gongkai.laws.demo import FIXTURES

    shutil.copytree(FIXTURES, tmp_path / "laws")
    return tmp_path / "laws"


@pytest.mark.django_db
def test_rank_uses_the_version_in_force_and_notices_a_reimport(law_folder):
    from gongkai.laws.models import Law
    from gongkai.laws.services import laws_import

    laws_import(law_folder, index_async=False)
    question = "行政复议要在多长时间内申请"
    found = routing.route(question, law_titles=routing.titles_in_force(), synonyms=[])
    best = routing.rank(question, found)[0].article
    in_force = Law.objects.get(title="中华人民共和国行政复议法", in_force=True)
    assert (best.law_id, best.number) == (in_force.pk, "第二十条")  # 第九条 in 2017
    # A changed file replaces its articles: the cached index is rebuilt, not served stale.
    path = next(law_folder.rglob("行政复议法(2023-09-01).md"))
    path.write_text(path.read_text("utf-8").replace(
        "第二十九条 ", "第二十九条 申请行政复议不需要缴纳押金。"), "utf-8")
    laws_import(law_folder, index_async=False)
    question = "行政复议要交押金吗"
    again = routing.rank(question, routing.route(question, law_titles=[], synonyms=[]))
    assert again[0].article.number == "第二十九条"
