"""Whatever is typed into the box, the answer is a page or a clear message, never a 500."""

import pytest

from gongkai.search.selectors import search

BAD = [
    "", "   ", '"', '""', "*", "法律*", "NEAR", "NEAR(a b)", "a NEAR/2 b", ":", "title:法律",
    "AND", "OR", "NOT", "a AND b OR (c", "(", ")", "((()))", "'", "' OR 1=1 --",
    "'; DROP TABLE search_searchdocument; --", "\\", "%", "_", "^法律", "-法律", "+法律",
    "{title body}: 法律", "法律援助\x00\x01\x1b", "\u200b\u200b", "\ufeff法律", "法律\u202e援助",
    "法律援助ABC123中文English混合русскийالعربية", "😀法律援助😀", "𠀀𠀁", "ｚｆｘｘｇｋ", "!@#$%^&*()",
    "x" * 1000, "法" * 1000, "法律 " * 300, "<script>alert(1)</script>", "&lt;", "0", "-1",
    "2020", "沪司办〔", "〔2020〕", "/", "-", "??", "法律援助?", "zfxxgk*", "AND OR NOT NEAR",
]


@pytest.mark.django_db
def test_the_engine_answers_every_bad_query(make_record):
    make_record("关于法律援助的通知", body="申请法律援助 2020 年")
    for query in BAD:
        result = search(query)
        assert result.total >= 0, query
        assert isinstance(result.message, str), query
    assert search("法律援助").total == 1  # and the engine still works afterwards


@pytest.mark.django_db
def test_empty_and_overlong_queries_explain_themselves(make_record):
    assert search("").message == "请输入检索词。"
    assert "过长" in search("法" * 1000).message
    assert search("!!!").message


@pytest.mark.django_db
def test_the_page_and_the_api_answer_every_bad_query(client, make_record, agency):
    make_record("关于法律援助的通知")
    for query in BAD:
        assert client.get("/sfj/search/", {"q": query}).status_code == 200, query
        assert client.get("/api/v1/search", {"q": query[:1000]}).status_code == 200, query


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "-3"}, {"page": "99999"},
                                    {"sort": "x"}, {"year": "abcdefg"}, {"kind": "<b>"},
                                    {"topic": "x" * 500}])
def test_the_page_ignores_bad_parameters(client, make_record, agency, params):
    make_record("关于法律援助的通知")
    response = client.get("/sfj/search/", {"q": "法律援助", **params})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "abc"}, {"page_size": "500"},
                                    {"sort": "x"}, {"q": "x" * 1001}])
def test_the_api_rejects_bad_parameters_with_a_clear_error(client, agency, params):
    response = client.get("/api/v1/search", {"q": "法律", **params})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
