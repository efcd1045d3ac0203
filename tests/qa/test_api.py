import pytest

from gongkai.qa.models import AskedQuestion


def test_api_shape_and_law_article_source(client, agency, library, demo_faqs):
    response = client.get("/api/v1/qa", {"q": "政府信息公开申请一般多少个工作日内答复",
                                         "agency": agency.slug})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"question", "answers", "confident", "message"}
    assert data["question"] == "政府信息公开申请一般多少个工作日内答复"
    assert isinstance(data["confident"], bool)
    assert 1 <= len(data["answers"]) <= 5
    for answer in data["answers"]:
        assert set(answer) == {"text", "score", "source"}
        assert set(answer["source"]) == {"kind", "title", "article", "url", "basis"}
        assert answer["source"]["kind"] in {"law_article", "faq", "record"}
    laws = [a["source"] for a in data["answers"] if a["source"]["kind"] == "law_article"]
    assert {"title": "中华人民共和国政府信息公开条例", "article": "第三十三条"}.items() <= laws[0].items() \
        or any(s["article"] == "第三十三条" for s in laws)
    faqs = [a["source"] for a in data["answers"] if a["source"]["kind"] == "faq"]
    assert all(s["article"] is None for s in faqs)
    scores = [a["score"] for a in data["answers"]]
    assert scores == sorted(scores, reverse=True)
    assert not AskedQuestion.objects.exists()  # the API does not feed the staff queue


def test_api_worked_example(client, agency, library, demo_faqs):
    data = client.get("/api/v1/qa", {"q": "申请法律援助要什么条件？"}).json()
    assert data["confident"] is True
    assert data["answers"][0]["source"]["kind"] == "faq"
    assert data["answers"][0]["source"]["title"] == "申请法律援助需要符合什么条件?"
    # An FAQ answer carries its legal basis, linked to the article in the version in force.
    basis = data["answers"][0]["source"]["basis"]
    assert {"law": "中华人民共和国法律援助法", "article": "第三十一条"}.items() <= basis[0].items()
    assert basis[0]["url"].startswith(f"/{agency.slug}/laws/") and "#a" in basis[0]["url"]
    assert all(a["source"]["basis"] == [] for a in data["answers"]
               if a["source"]["kind"] != "faq")


@pytest.mark.parametrize("q", ["", "法" * 1000, '" NEAR * :', "\x00\x1f", "SELECT * FROM"])
def test_api_bad_input(client, agency, library, q):
    response = client.get("/api/v1/qa", {"q": q})
    assert response.status_code == 200
    data = response.json()
    if not q.strip("\x00\x1f "):
        assert data["answers"] == [] and data["message"] == "请输入您的问题。"


def test_api_unknown_agency(client, agency, library):
    response = client.get("/api/v1/qa", {"q": "法律援助", "agency": "nowhere"})
    assert response.status_code == 404
    assert "error" in response.json()
