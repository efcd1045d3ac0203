import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.qa.models import Embedding, Faq, SourceKind
from gongkai.qa.services import SourceSpec, faq_create, faq_delete, faq_update
from gongkai.search.selectors import search
from tests.factories import staff


def _faq(actor, agency, **kw):
    data = {"question": "律师证丢了怎么补办?", "answer": "向原发证机关申请补发。",
            "alternatives": "律师执业证书遗失\n律师证掉了", "published": True}
    data.update(kw)
    return faq_create(actor=actor, agency=agency, **data)


def test_create_indexes_embeds_and_audits(editor, agency):
    faq = _faq(editor, agency, sources=[SourceSpec(kind="law_article", law_title="中华人民共和国律师法",
                                                   article="第六条")])
    assert faq.phrasings() == ["律师证丢了怎么补办?", "律师执业证书遗失", "律师证掉了"]
    assert Embedding.objects.filter(kind="faq", key=str(faq.pk)).count() == 3
    assert AuditEvent.objects.filter(verb="faq.create").count() == 1
    assert faq.sources.get().kind == SourceKind.LAW_ARTICLE
    hits = search("律师执业证书遗失", kinds=["faq"]).hits
    assert [h.key for h in hits] == [str(faq.pk)]


def test_update_reembeds_and_unpublish_hides_from_public(editor, agency):
    faq = _faq(editor, agency)
    faq_update(actor=editor, faq=faq, question=faq.question, answer=faq.answer,
               alternatives="律师证遗失", published=False)
    assert Embedding.objects.filter(kind="faq", key=str(faq.pk)).count() == 2
    assert search("律师证遗失", kinds=["faq"]).hits == []
    assert [h.key for h in search("律师证遗失", kinds=["faq"], user=editor).hits] == [str(faq.pk)]


def test_delete_removes_index_and_embeddings(editor, agency):
    faq = _faq(editor, agency)
    faq_delete(actor=editor, faq=faq)
    assert not Faq.objects.exists()
    assert not Embedding.objects.filter(kind="faq").exists()
    assert search("律师证", kinds=["faq"]).hits == []


def test_validation(editor, agency):
    with pytest.raises(ValidationError) as exc:
        _faq(editor, agency, question=" ", answer="")
    assert set(exc.value.message_dict) == {"question", "answer"}
    _faq(editor, agency)
    with pytest.raises(ValidationError, match="已有相同的问题"):
        _faq(editor, agency)


def test_only_the_agencys_editors_maintain_its_faqs(agency, other_agency, editor):
    other_editor = staff(Role.EDITOR, other_agency, "xh-ed")
    reviewer = staff(Role.REVIEWER, agency, "rev")
    with pytest.raises(PermissionDeniedError):
        _faq(other_editor, agency)
    with pytest.raises(PermissionDeniedError):
        _faq(reviewer, agency)
    faq = _faq(editor, agency)
    with pytest.raises(PermissionDeniedError):
        faq_delete(actor=other_editor, faq=faq)


def test_staff_pages_are_scoped_by_agency(client, agency, other_agency, editor, public_user):
    mine = _faq(editor, agency)
    other_editor = staff(Role.EDITOR, other_agency, "xh-ed")
    theirs = _faq(other_editor, other_agency, question="徐汇区的问题")
    url = reverse("staff:qa_faqs")
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(public_user)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert mine.question in page and theirs.question not in page
    assert client.get(reverse("staff:qa_faq", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("staff:qa_faq_delete", kwargs={"pk": theirs.pk})).status_code == 404
    assert Faq.objects.filter(pk=theirs.pk).exists()


def test_staff_create_and_edit_through_the_form(client, agency, editor):
    client.force_login(editor)
    response = client.post(reverse("staff:qa_faq_new"), {
        "question": "怎样申请公证?", "answer": "向公证机构提出申请。", "alternatives": "公证怎么办",
        "sources": "中华人民共和国公证法 第二十五条\nhttps://example.org/notary", "published": "on"})
    assert response.status_code == 302
    faq = Faq.objects.get()
    assert faq.published and faq.agency == agency
    assert sorted(s.kind for s in faq.sources.all()) == ["law_article", "url"]
    bad = client.post(reverse("staff:qa_faq", kwargs={"pk": faq.pk}), {
        "question": "怎样申请公证?", "answer": "x", "sources": "随便写的出处"})
    assert bad.status_code == 400
    assert "无法识别" in bad.content.decode()


def test_public_faq_pages(client, agency, editor, library):
    faq = _faq(editor, agency, sources=[SourceSpec(kind="law_article",
                                                   law_title="中华人民共和国法律援助法",
                                                   article="第三十一条")])
    hidden = _faq(editor, agency, question="未发布的问题", published=False)
    listing = client.get(reverse("qa:faq_list", kwargs={"agency": agency.slug})).content.decode()
    assert faq.question in listing and hidden.question not in listing
    page = client.get(reverse("qa:faq", kwargs={"agency": agency.slug, "pk": faq.pk}))
    body = page.content.decode()
    assert "中华人民共和国法律援助法 第三十一条" in body
    # The citation links to the article's anchor on the law page.
    assert f'/{agency.slug}/laws/' in body and '#a' in body
    assert client.get(reverse("qa:faq", kwargs={"agency": agency.slug,
                                                 "pk": hidden.pk})).status_code == 404
