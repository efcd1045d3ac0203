"""The search engine over catalogue records, on whichever database the suite runs on
(SQLite FTS5 or PostgreSQL tsvector): ranking, visibility, numbers, synonyms, pinyin,
highlighting, facets, paging and the index kept current in the writing transaction."""

import datetime as dt

import pytest
from django.db import transaction

from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Attachment
from gongkai.core.models import Role
from gongkai.search import services
from gongkai.search.models import IndexState, SearchDocument, Synonym
from gongkai.search.registry import KINDS, Document, register_kind
from gongkai.search.selectors import search
from tests.factories import staff

pytestmark = pytest.mark.django_db


def titles(result):
    return [h.title for h in result.hits]


def test_a_published_record_is_found_with_its_words_marked(make_record):
    make_record("关于调整法律援助经济困难标准的通知", body="本市法律援助经济困难标准调整为每月3000元。")
    make_record("关于开展普法宣传月活动的通知", body="各区开展普法宣传。")
    result = search("法律援助 困难标准")
    assert titles(result) == ["关于调整法律援助经济困难标准的通知"]
    hit = result.hits[0]
    assert "<mark>法律援助</mark>" in hit.snippet
    assert "<mark>法律援助</mark>" in hit.title_html
    assert hit.url.endswith(f"/disclosure/records/{hit.key}/")
    assert result.total == 1


def test_better_matches_rank_first(make_record):
    make_record("关于法律援助的通知", body="法律援助法律援助法律援助,申请法律援助的条件。")
    make_record("关于普法工作的通知", body="顺带提到一次法律援助。")
    assert titles(search("法律援助"))[0] == "关于法律援助的通知"


def test_drafts_are_never_found_by_the_public(make_record):
    make_record("起草中的社区矫正工作方案", publish=False)
    assert search("社区矫正").total == 0
    assert search("社区矫正", user=None).hits == []


def test_staff_find_drafts_of_their_own_agency_only(make_record, agency, other_agency):
    make_record("起草中的社区矫正工作方案", publish=False)
    make_record("徐汇区社区矫正草稿", publish=False, on=other_agency)
    own = staff(Role.EDITOR, agency, "own-editor")
    other = staff(Role.EDITOR, other_agency, "other-editor")
    admin = staff(Role.PLATFORM_ADMIN, None, "platform")
    assert titles(search("社区矫正", user=own)) == ["起草中的社区矫正工作方案"]
    assert titles(search("社区矫正", user=other)) == ["徐汇区社区矫正草稿"]
    assert search("社区矫正", user=admin).total == 2
    assert all(not h.public for h in search("社区矫正", user=admin).hits)


def test_withdrawal_leaves_public_search_in_the_same_transaction(make_record):
    record = make_record("关于公证服务收费标准的公告", genre="notice")
    with transaction.atomic():
        catalogue.record_withdraw(actor=None, record=record, reason="已被新标准替代")
        assert search("公证服务收费").total == 0  # already, before commit
        transaction.set_rollback(True)
    assert search("公证服务收费").total == 1  # rolled back together with the withdrawal
    catalogue.record_withdraw(actor=None, record=record, reason="已被新标准替代")
    assert search("公证服务收费").total == 0


def test_a_correction_in_progress_stays_out_of_public_search(make_record):
    record = make_record("关于人民调解员培训的通知", body="培训安排在三月。")
    catalogue.record_update(actor=None, record=record, body="培训改到四月,地点在青浦。")
    assert search("青浦").total == 0
    assert search("三月").total == 1
    catalogue.record_submit(actor=None, record=record)
    catalogue.record_approve(actor=None, record=record)
    assert search("青浦").total == 1
    assert search("三月").total == 0


def test_attachment_text_is_searchable_once_published(make_record):
    record = make_record("关于司法鉴定机构名册的通知", publish=False)
    Attachment.objects.create(record=record, file="attachments/x.pdf", original_name="名册.pdf",
                              kind="pdf", content_type="application/pdf", size=1, sha256="0" * 64,
                              extracted_text="附件:司法鉴定机构名册,共计四十二家机构。")
    catalogue.record_submit(actor=None, record=record)
    catalogue.record_approve(actor=None, record=record)
    assert titles(search("四十二家")) == ["关于司法鉴定机构名册的通知"]


@pytest.mark.parametrize("typed", ["沪司办〔2020〕6号", "沪司办[2020]6号", "沪司办(2020)6号",
                                   "沪司办【2020】6号", "沪司办（2020）6", "沪司办2020 6号"])
def test_a_document_number_typed_any_common_way_ranks_its_record_first(make_record, typed):
    make_record("关于2020年第6号文件的解读", body="沪司办2020年第6号相关说明。")
    make_record("关于印发政务公开工作要点的通知", document_number="沪司办〔2020〕6号", topic="openness")
    result = search(typed)
    assert result.hits[0].title == "关于印发政务公开工作要点的通知"
    assert result.hits[0].exact


def test_an_index_number_finds_its_record_first(make_record):
    record = make_record("关于印发政务公开工作要点的通知", topic="openness")
    make_record("另一条通知")
    typed = record.index_number.lower().replace("/", " / ")
    result = search(typed)
    assert result.hits[0].key == str(record.pk)
    assert result.hits[0].exact


def test_synonyms_expand_the_query(make_record):
    make_record("关于律师执业证书年度注册的通知")
    assert titles(search("律师证")) == ["关于律师执业证书年度注册的通知"]
    make_record("关于开展法治讲座的通知", body="面向社区居民开展讲座。")
    assert search("普法讲座").relaxed  # only 讲座 matched
    Synonym.objects.create(terms="普法讲座 法治讲座")
    result = search("普法讲座")
    assert titles(result) == ["关于开展法治讲座的通知"] and not result.relaxed


@pytest.mark.parametrize("typed", ["zfxxgk", "zhengfuxinxigongkai", "zheng fu xin xi gong kai"])
def test_pinyin_and_initials_find_titles(make_record, typed):
    make_record("上海市司法局政府信息公开指南", topic="openness")
    make_record("关于法律援助的通知")
    result = search(typed)
    assert titles(result) == ["上海市司法局政府信息公开指南"]
    assert "<mark>政府信息公开</mark>" in result.hits[0].title_html


def test_html_in_documents_is_escaped_in_snippets_and_titles(make_record):
    make_record("<script>alert(1)</script>法律援助须知",
                body='<img src=x onerror="alert(2)">法律援助 & 公证')
    hit = search("法律援助").hits[0]
    for html in (hit.snippet, hit.title_html):
        assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in hit.title_html
    assert "&lt;img" in hit.snippet and "&amp;" in hit.snippet


def test_facets_count_the_matching_documents(make_record, other_agency):
    make_record("法律援助通知一", formed_on=dt.date(2023, 5, 1))
    make_record("法律援助报告二", genre="report", formed_on=dt.date(2024, 5, 1))
    make_record("法律援助公开三", topic="openness", on=other_agency)
    make_record("无关的通知")
    result = search("法律援助")
    assert result.total == 3
    assert dict((v, c) for v, _, c in result.facets["topic"]) == {"法律援助": 2, "政务公开": 1}
    assert dict((v, c) for v, _, c in result.facets["genre"]) == {"通知": 2, "报告": 1}
    assert dict((v, c) for v, _, c in result.facets["agency"]) == {"sfj": 2, "xhsfj": 1}
    assert ("record", "政府信息", 3) in result.facets["kind"]
    filtered = search("法律援助", filters={"genre": "报告"})
    assert titles(filtered) == ["法律援助报告二"]
    assert dict((v, c) for v, _, c in filtered.facets["genre"]) == {"报告": 1}


def test_agency_scope_and_filters(make_record, agency, other_agency):
    make_record("法律援助通知一")
    make_record("法律援助通知二", on=other_agency)
    assert titles(search("法律援助", agency_id=other_agency.pk)) == ["法律援助通知二"]
    assert titles(search("法律援助", filters={"agency": "sfj"})) == ["法律援助通知一"]
    assert search("法律援助", kinds=["law_article"]).total == 0


def test_sort_by_date_and_paging(make_record):
    for i in range(12):
        make_record(f"法律援助通知第{i}号", formed_on=dt.date(2020, 1, 1) + dt.timedelta(days=30 * i))
    first = search("法律援助", sort="date", page=1, page_size=5)
    second = search("法律援助", sort="date", page=2, page_size=5)
    third = search("法律援助", sort="date", page=3, page_size=5)
    assert first.total == 12 and first.pages == 3
    seen = [h.key for h in first.hits + second.hits + third.hits]
    assert len(seen) == len(set(seen)) == 12
    dates = [h.published_on for h in first.hits + second.hits + third.hits]
    assert dates == sorted(dates, reverse=True)


def test_suggestions_and_related_searches_when_nothing_matches(make_record):
    make_record("上海市司法局政府信息公开指南", topic="openness")
    result = search("正府信息公开")  # a homophone typo
    assert "政府信息公开" in result.suggestions
    nothing = search("律师")
    assert nothing.total == 0
    assert "律师事务所" in nothing.related


def test_when_no_document_has_every_word_some_are_enough(make_record):
    make_record("关于法律援助的通知")
    result = search("法律援助 火星基地")
    assert result.relaxed and result.total == 1


def test_records_published_in_bulk_are_indexed(make_record):
    from gongkai.catalogue.models import RecordVersion
    from gongkai.catalogue.publication import Published, after_publish

    record = make_record("关于仲裁委员会换届的通知")
    RecordVersion.objects.filter(pk=record.current_version_id).update(title="关于仲裁委员会换届的公告")
    assert search("公告").total == 0
    after_publish([Published(record_id=record.pk, agency_id=record.agency_id,
                             version_id=record.current_version_id, version_number=1,
                             public=False)])
    assert titles(search("公告")) == ["关于仲裁委员会换届的公告"]


def test_rebuild_reindexes_every_kind_and_drops_stale_documents(make_record):
    make_record("关于法律援助的通知")
    SearchDocument.objects.filter(kind="record").update(title_tokens="", body_tokens="")
    services.index_documents([Document(kind="record", key="999999", title="已删除的记录",
                                       body="孤儿", url="/x/")])
    assert search("法律援助").total == 0
    counts = services.rebuild(["record"])
    assert counts == {"record": 1}
    assert search("法律援助").total == 1
    assert not SearchDocument.objects.filter(kind="record", key="999999").exists()
    assert IndexState.objects.get(kind="record").documents == 1


def test_other_kinds_register_and_index_their_documents(agency):
    docs = [Document(kind="faq_test", key="1", title="如何申请法律援助?", body="向法律援助中心提出申请。",
                     url="/faq/1/", agency_id=None, facets={"category": "法律援助"},
                     extra={"answer": "见正文"}),
            Document(kind="faq_test", key="2", title="内部问答", body="法律援助内部口径。", url="/faq/2/",
                     agency_id=agency.pk, public=False)]
    register_kind("faq_test", "测试问答", lambda: iter(docs))
    try:
        assert services.index_documents(docs) == 2
        result = search("法律援助", kinds=["faq_test"])
        assert [(h.key, h.extra) for h in result.hits] == [("1", {"answer": "见正文"})]
        assert result.facets["category"] == [("法律援助", "法律援助", 1)]
        assert search("法律援助", kinds=["faq_test"], agency_id=agency.pk).total == 1  # shared docs too
        admin = staff(Role.AGENCY_ADMIN, agency, "faq-admin")
        assert search("内部口径", kinds=["faq_test"], user=admin).total == 1
        assert services.remove_documents("faq_test", ["1", "2"]) == 2
        assert search("法律援助", kinds=["faq_test"]).total == 0
    finally:
        KINDS.pop("faq_test", None)


def test_index_documents_replaces_by_kind_and_key():
    doc = Document(kind="faq_test", key="k", title="旧标题关于调解", body="", url="/a/")
    services.index_documents([doc])
    services.index_documents([Document(kind="faq_test", key="k", title="新标题关于仲裁", body="",
                                       url="/b/")])
    assert SearchDocument.objects.filter(kind="faq_test").count() == 1
    assert search("调解").total == 0
    assert [h.url for h in search("仲裁").hits] == ["/b/"]


def test_an_enqueued_rebuild_goes_first_and_the_worker_runs_it(make_record):
    from gongkai.jobs.models import JobRun, JobStatus
    from gongkai.jobs.registry import JOBS, PRIORITY_WAITING
    from gongkai.search.services import rebuild_enqueue

    make_record("关于法律援助的通知")
    SearchDocument.objects.all().delete()
    assert rebuild_enqueue() is True
    assert rebuild_enqueue() is False  # one is already waiting
    run = JobRun.objects.get(name="search.rebuild")
    assert run.priority == PRIORITY_WAITING
    result = JOBS["search.rebuild"].call(run_id=run.pk)
    assert result["record"] == 1
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
    assert search("法律援助").total == 1


def test_results_show_and_facet_the_publication_date_not_the_index_date(make_record):
    """The demo publishes through the services (发布日期 today, indexed so) and then moves
    发布日期 back to the record's history: search showed and faceted the day the demo ran
    (2026-12-02 for a record published 2018-03-19) until the worker rebuilt the index."""
    from gongkai.catalogue.models import Record
    from gongkai.search.records import reindex_records

    record = make_record("关于律师执业年度考核的通知", formed_on=dt.date(2018, 3, 12))
    Record.objects.filter(pk=record.pk).update(published_on=dt.date(2018, 3, 19))
    assert reindex_records([record.pk]) == 1
    result = search("律师")
    assert [h.published_on for h in result.hits] == [dt.date(2018, 3, 19)]
    assert [(v, c) for v, _, c in result.facets["year"]] == [("2018", 1)]
    assert titles(search("律师", filters={"year": "2018"})) == ["关于律师执业年度考核的通知"]


def test_an_unpublished_record_has_no_publication_date(make_record, platform_admin):
    make_record("法律援助工作草稿", publish=False, formed_on=dt.date(2019, 1, 1))
    hit = search("法律援助", user=platform_admin).hits[0]
    assert hit.published_on is None
    assert "year" not in search("法律援助", user=platform_admin).facets
