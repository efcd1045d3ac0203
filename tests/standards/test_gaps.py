"""Links resolve to what fulfils an item; the gaps computed from them (20 working days by
the shared clock), and the registry that lets later apps add link kinds."""

import datetime as dt

import pytest

from gongkai.directory import services as directory
from gongkai.standards import links, services
from gongkai.standards.gaps import GapComputer
from gongkai.standards.links import LinkedItem, LinkKind, Resolution


def gaps(item):
    item.refresh_from_db()
    return GapComputer().state(item).gaps


@pytest.mark.django_db
def test_item_without_links_is_a_gap(item):
    assert gaps(item) == ["no_links"]


@pytest.mark.django_db
def test_records_by_topic_published_in_time_fill_the_item(item, editor, publish):
    services.link_add(actor=editor, item=item, kind="catalogue_query", target="topic=lawyers")
    assert gaps(item) == ["empty"]
    # Formed Thursday 2020-04-23: 20 working days end on 2020-05-22 (after 劳动节).
    publish(formed_on=dt.date(2020, 4, 23), on=dt.date(2020, 5, 25),
            topic=_topic("lawyers"), title="晚了一天的许可决定")
    assert gaps(item) == ["late"]
    publish(formed_on=dt.date(2020, 4, 23), on=dt.date(2020, 5, 22),
            topic=_topic("lawyers"), title="按时的许可决定")
    state = GapComputer().state(item)
    assert state.gaps == []
    assert (state.links[0].timely, state.links[0].late) == (1, 1)
    assert [e.title for e in state.links[0].resolution.items][0] == "晚了一天的许可决定"


@pytest.mark.django_db
def test_item_limit_of_its_own(item, editor, publish):
    services.link_add(actor=editor, item=item, kind="catalogue_query", target="topic=lawyers")
    publish(formed_on=dt.date(2020, 4, 23), on=dt.date(2020, 5, 25), topic=_topic("lawyers"))
    assert gaps(item) == ["late"]
    item.limit_days = 30
    item.save()
    assert gaps(item) == []


@pytest.mark.django_db
def test_one_record_link_breaks_when_the_record_is_withdrawn(item, editor, reviewer, publish):
    from gongkai.catalogue.services import record_withdraw

    record = publish(formed_on=dt.date(2024, 3, 1), on=dt.date(2024, 3, 4))
    services.link_add(actor=editor, item=item, kind="catalogue_record", target=str(record.pk))
    assert gaps(item) == []
    record_withdraw(actor=reviewer, record=record, reason="已失效")
    assert gaps(item) == ["broken", "empty"]


@pytest.mark.django_db
def test_directory_and_url_links_are_undated_but_fill(item, editor, agency):
    services.link_add(actor=editor, item=item, kind="directory", target="law_firm")
    assert gaps(item) == ["empty"]
    directory.entity_create(actor=editor, agency=agency, data={
        "kind": "law_firm", "name": "上海申江律师事务所", "licence_number": "31310000425097688X"})
    assert gaps(item) == []
    other = services.item_save(actor=editor, agency=agency, data={
        "serial": 2, "level1": "公共法律服务", "content": "法律服务名录", "subject": "市司法局"})
    services.link_add(actor=editor, item=other, kind="url",
                      target=f"/{agency.slug}/directory/")
    assert gaps(other) == []


@pytest.mark.django_db
def test_link_validation(item, editor, agency):
    for kind, target in (("url", "https://example.org/"), ("url", "/no/such/page/"),
                         ("directory", "astrologer"), ("catalogue_query", "colour=red"),
                         ("catalogue_record", "abc"), ("nonsense", "x")):
        with pytest.raises(services.ItemInvalid):
            services.link_add(actor=editor, item=item, kind=kind, target=target)
    assert not item.links.exists()


@pytest.mark.django_db
def test_a_later_app_registers_its_own_kind(item, editor):
    seen = []

    def resolve(agency, target, limit):
        seen.append(target)
        return Resolution(items=[LinkedItem("许可决定书", "/x/", dt.date(2024, 1, 2),
                                            dt.date(2024, 1, 3))], total=1)

    kind = LinkKind("enforcement_decision", "执法决定", "决定编号", lambda a, t: None, resolve)
    links.register_link_kind(kind)
    try:
        services.link_add(actor=editor, item=item, kind="enforcement_decision", target="D-1")
        assert gaps(item) == [] and seen == ["D-1"]
    finally:
        links._REGISTERED.pop("enforcement_decision")
    # The app is gone: its links are flagged, not a crash.
    assert gaps(item) == ["broken", "empty"]


@pytest.mark.django_db
def test_links_shared_by_many_items_resolve_once(agency, editor, publish,
                                                 django_assert_max_num_queries):
    publish(formed_on=dt.date(2024, 3, 1), on=dt.date(2024, 3, 4), topic=_topic("lawyers"))
    items = []
    for n in range(1, 21):
        made = services.item_save(actor=editor, agency=agency, data={
            "serial": n, "level1": "律师管理", "content": "许可", "subject": "市司法局"})
        services.link_add(actor=editor, item=made, kind="catalogue_query",
                          target="topic=lawyers")
        items.append(made)
    from gongkai.standards.selectors import item_list

    computer = GapComputer()
    computer.clock.calendar  # noqa: B018 (load the calendar snapshot outside the count)
    with django_assert_max_num_queries(8):
        states = computer.states(item_list(agency_ids=[agency.pk]))
    assert len(states) == 20 and all(not s.gaps for s in states)


def _topic(code):
    from gongkai.catalogue.services import topic_get_or_create

    return topic_get_or_create(code=code, name={"lawyers": "律师管理"}.get(code, code))


@pytest.mark.django_db
def test_batch_resolution_answers_like_one_by_one(agency, editor, publish):
    from gongkai.catalogue.services import genre_get_or_create

    announcement = genre_get_or_create(code="announcement", name="公告")
    publish(formed_on=dt.date(2024, 3, 1), on=dt.date(2024, 3, 4), topic=_topic("lawyers"),
            title="甲")
    publish(formed_on=dt.date(2024, 3, 5), on=dt.date(2024, 3, 6), topic=_topic("lawyers"),
            genre=announcement, title="乙")
    publish(formed_on=dt.date(2024, 3, 5), on=dt.date(2024, 3, 7), topic=_topic("notaries"),
            genre=announcement, title="丙")
    kind = links.link_kind("catalogue_query")
    targets = ["topic=lawyers", "genre=announcement", "topic=lawyers&genre=announcement",
               "topic=notaries&genre=notice", "q=乙", "topic=nothing"]
    batch = kind.resolve_many(agency, targets, 50)
    for target in targets:
        single = kind.resolve(agency, target, 50)
        assert batch[target] == single, target
    assert [i.title for i in batch["genre=announcement"].items] == ["丙", "乙"]
    assert batch["topic=lawyers"].total == 2


LINK_KINDS = [LinkKind("guide", "办事指南", "指南编号", lambda a, t: None,
                       lambda a, t, n: Resolution(items=[LinkedItem("指南", "/g/")], total=1))]


@pytest.mark.django_db
def test_an_app_declares_its_kinds_on_its_appconfig(item, editor, monkeypatch):
    from django.apps import apps

    config = apps.get_app_config("directory")
    monkeypatch.setattr(config, "standard_link_kinds",
                        "tests.standards.test_gaps:LINK_KINDS", raising=False)
    assert links.link_kind("guide").label == "办事指南"
    services.link_add(actor=editor, item=item, kind="guide", target="G-1")
    assert gaps(item) == []
