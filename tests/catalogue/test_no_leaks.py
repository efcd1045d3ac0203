"""Only public records reach the public, on every channel.

One agency holds a record in every state a record can be in (draft, in review, returned,
scheduled, published 依申请公开, published 不予公开, withdrawn) and two public ones, each with
an attachment; one public record has a correction in progress (a new working title and a
new attachment, not yet reviewed); another agency has a public record of its own. Every
public channel is then read, and only the public records' published versions may appear:
the catalogue page and its search, record, version and attachment URLs, the index-number
redirect, RSS and Atom feeds, sitemap.xml, data.csv and data.json.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.models import Attachment, DisclosureAttribute, Record, Validity
from gongkai.catalogue.services import (
    record_approve,
    record_attach,
    record_create,
    record_link,
    record_return,
    record_submit,
    record_update,
    record_withdraw,
)
from tests.factories import record_fields

PUBLIC = "泄露检查·公开件"
PUBLIC_CORRECTED = "泄露检查·更正前标题"
PENDING_TITLE = "泄露检查·未审更正标题"
OTHER_AGENCY = "泄露检查·他局公开件"
WITHDRAWAL_REASON = "内容有误,已另行发布"
FUTURE = dt.datetime(2099, 1, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class Item:
    record: Record
    attachment: Attachment
    title: str


@dataclass
class World:
    agency: object
    other_agency: object
    public: list[Item] = field(default_factory=list)
    hidden: dict[str, Item] = field(default_factory=dict)
    pending_attachment: Attachment | None = None
    other: Item | None = None


def _make(agency, title: str, serial: int, **overrides) -> Item:
    fields = record_fields(title=title, summary=f"{title}概述", body=f"{title}正文",
                           document_number=f"沪司泄〔2020〕{serial}号", **overrides)
    record = record_create(actor=None, agency=agency, **fields)
    attachment = record_attach(actor=None, record=record, filename=f"{title}附件.txt",
                               data=f"{title}附件内容\n".encode())
    return Item(record, attachment, title)


def _publish(item: Item, **approve) -> Item:
    record_submit(actor=None, record=item.record)
    item.record = record_approve(actor=None, record=item.record, **approve)
    return item


@pytest.fixture
def world(agency, other_agency) -> World:
    w = World(agency, other_agency)
    not_public = {"withholding_reason": "涉及第三方合法权益(条例第十五条)"}

    w.hidden["draft"] = _make(agency, "泄露检查·草稿件", 1)
    item = _make(agency, "泄露检查·待审件", 2)
    record_submit(actor=None, record=item.record)
    w.hidden["in_review"] = item
    item = _make(agency, "泄露检查·退回件", 3)
    record_submit(actor=None, record=item.record)
    record_return(actor=None, record=item.record, comment="请补充依据")
    w.hidden["returned"] = item
    w.hidden["scheduled"] = _publish(_make(agency, "泄露检查·定时件", 4), publish_at=FUTURE)
    w.hidden["on_request"] = _publish(_make(
        agency, "泄露检查·依申请件", 5, disclosure_attribute=DisclosureAttribute.ON_REQUEST,
        **not_public))
    w.hidden["withheld"] = _publish(_make(
        agency, "泄露检查·不予公开件", 6, disclosure_attribute=DisclosureAttribute.WITHHELD,
        withholding_basis="《政府信息公开条例》第十四条", **not_public))
    item = _publish(_make(agency, "泄露检查·撤回件", 7))
    record_withdraw(actor=None, record=item.record, reason=WITHDRAWAL_REASON)
    w.hidden["withdrawn"] = item
    item = _publish(_make(agency, "泄露检查·依申请后撤回件", 8,
                          disclosure_attribute=DisclosureAttribute.ON_REQUEST, **not_public))
    record_withdraw(actor=None, record=item.record, reason="不再需要")
    w.hidden["withdrawn_never_public"] = item

    # The public record points at the draft (as its replacement and as a related record):
    # neither pointer may show the draft.
    public = _make(agency, PUBLIC, 9, validity=Validity.REPEALED,
                   validity_changed_on=dt.date(2020, 5, 1),
                   replaced_by=w.hidden["draft"].record)
    record_link(actor=None, source=public.record, target=w.hidden["draft"].record)
    record_link(actor=None, source=w.hidden["in_review"].record, target=public.record)
    w.public.append(_publish(public))

    # A public record with a correction in progress: the public keeps seeing version 1.
    corrected = _publish(_make(agency, PUBLIC_CORRECTED, 10))
    record_update(actor=None, record=corrected.record, title=PENDING_TITLE,
                  summary=f"{PENDING_TITLE}概述", body=f"{PENDING_TITLE}正文")
    w.pending_attachment = record_attach(actor=None, record=corrected.record,
                                         filename=f"{PENDING_TITLE}附件.txt",
                                         data="未审附件\n".encode())
    w.public.append(corrected)

    w.other = _publish(_make(other_agency, OTHER_AGENCY, 11))
    for item in [*w.public, *w.hidden.values(), w.other]:
        item.record.refresh_from_db()
    return w


def url(name, agency, **kwargs):
    return reverse(f"catalogue:{name}", kwargs={"agency": agency.slug, **kwargs})


def attachment_url(agency, attachment: Attachment) -> str:
    return url("attachment", agency, pk=attachment.pk, filename=attachment.original_name)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def read_all(client, agency) -> dict[str, str]:
    """Every public channel of ``agency`` that lists records, as text."""
    gets = {
        "index": (url("index", agency), {}),
        "index-general": (url("index", agency), {"topic": "general"}),
        "index-this-year": (url("index", agency), {"year": str(timezone.localdate().year)}),
        "rss": (url("feed_rss", agency), {}),
        "atom": (url("feed_atom", agency), {}),
        "topic-rss": (url("topic_feed_rss", agency, topic="general"), {}),
        "topic-atom": (url("topic_feed_atom", agency, topic="general"), {}),
        "csv": (url("data_csv", agency), {}),
        "json": (url("data_json", agency), {}),
        "sitemap": (reverse("portal:sitemap"), {}),
        "sitemap-records": (reverse("portal:sitemap_section", kwargs={"section": "records"}), {}),
    }
    out = {}
    for name, (path, params) in gets.items():
        response = client.get(path, params)
        assert response.status_code == 200, name
        out[name] = body(response)
    return out


def leaked_words(item: Item) -> list[str]:
    return [item.title, item.attachment.original_name, item.record.document_number]


@pytest.mark.django_db
def test_listing_channels_show_only_public_records(client, world):
    channels = read_all(client, world.agency)
    listing = {k: v for k, v in channels.items() if not k.startswith("sitemap")}
    for name, text in listing.items():
        for item in world.public:
            assert item.title in text, f"public record missing from {name}"
        for state, item in world.hidden.items():
            for word in leaked_words(item):
                assert word not in text, f"{state} record leaked into {name}: {word}"
        assert PENDING_TITLE not in text, f"unreviewed correction leaked into {name}"
        assert OTHER_AGENCY not in text, f"other agency's record leaked into {name}"
    for name in ("sitemap", "sitemap-records"):
        text = channels[name]
        for item in world.public + [world.other]:
            assert url("record", item.record.agency, pk=item.record.pk) + "</loc>" in text
        for state, item in world.hidden.items():
            assert url("record", world.agency, pk=item.record.pk) + "</loc>" not in text, state


@pytest.mark.django_db
def test_search_finds_no_hidden_record_by_title_or_number(client, world):
    for state, item in world.hidden.items():
        queries = [item.title, item.record.document_number,
                   item.record.document_number.replace("〔", "[").replace("〕", "]")]
        if item.record.index_number:
            queries.append(item.record.index_number)
        for q in queries:
            # The query itself is echoed (search box, JSON header): look at the results.
            page = body(client.get(url("index", world.agency), {"q": q}))
            results = page.split('id="h-results"')[1]
            assert "共 0 条" in results and item.title not in results, (state, q)
            assert item.title not in body(client.get(url("data_csv", world.agency), {"q": q}))
            data = json.loads(body(client.get(url("data_json", world.agency), {"q": q})))
            assert data["records"] == [], (state, q)
    found = body(client.get(url("index", world.agency), {"q": "沪司泄[2020]9号"}))
    assert PUBLIC in found.split('id="h-results"')[1] and "共 1 条" in found


@pytest.mark.django_db
def test_hidden_records_have_no_page_version_attachment_or_index_redirect(client, world):
    for state, item in world.hidden.items():
        pk = item.record.pk
        expected = 410 if state == "withdrawn" else 404
        for path in (url("record", world.agency, pk=pk),
                     url("version", world.agency, pk=pk, number=1)):
            response = client.get(path)
            assert response.status_code == expected, (state, path)
            assert item.title not in body(response), (state, path)
        assert client.get(attachment_url(world.agency, item.attachment)).status_code == 404, state
        if item.record.index_number:
            assert client.get(url("by_index", world.agency,
                                  index_number=item.record.index_number)).status_code == 404, state
    for item in world.public:
        assert client.get(url("record", world.agency, pk=item.record.pk)).status_code == 200
        assert client.get(attachment_url(world.agency, item.attachment)).status_code == 200
        assert client.get(url("by_index", world.agency,
                              index_number=item.record.index_number)).status_code == 302


@pytest.mark.django_db
def test_withdrawn_record_says_so_with_the_reason_and_nothing_else(client, world):
    item = world.hidden["withdrawn"]
    response = client.get(url("record", world.agency, pk=item.record.pk))
    html = body(response)
    assert response.status_code == 410
    assert "<h1>该信息已撤回</h1>" in html and WITHDRAWAL_REASON in html
    for word in (*leaked_words(item), f"{item.title}正文", f"{item.title}概述",
                 item.record.index_number):
        assert word not in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_public_record_page_shows_no_hidden_neighbour(client, world):
    public = world.public[0]
    html = body(client.get(url("record", world.agency, pk=public.record.pk)))
    assert f"<h1>{PUBLIC}</h1>" in html
    assert "废止" in html  # the validity is shown, the non-public replacement is not
    for item in world.hidden.values():
        assert item.title not in html
        assert url("record", world.agency, pk=item.record.pk) + '"' not in html


@pytest.mark.django_db
def test_correction_in_progress_stays_invisible(client, world):
    corrected = world.public[1]
    assert corrected.record.title == PENDING_TITLE  # the working copy has changed
    html = body(client.get(url("record", world.agency, pk=corrected.record.pk)))
    assert f"<h1>{PUBLIC_CORRECTED}</h1>" in html
    for word in (PENDING_TITLE, f"{PENDING_TITLE}正文", f"{PENDING_TITLE}概述",
                 world.pending_attachment.original_name):
        assert word not in html
    assert corrected.attachment.original_name in html
    assert client.get(attachment_url(world.agency, world.pending_attachment)).status_code == 404
    assert client.get(attachment_url(world.agency, corrected.attachment)).status_code == 200


@pytest.mark.django_db
def test_another_agencys_record_is_not_reachable_under_this_agency(client, world):
    other = world.other
    assert client.get(url("record", world.agency, pk=other.record.pk)).status_code == 404
    assert client.get(url("version", world.agency, pk=other.record.pk, number=1)).status_code == 404
    assert client.get(attachment_url(world.agency, other.attachment)).status_code == 404
    assert client.get(url("by_index", world.agency,
                          index_number=other.record.index_number)).status_code == 404
    # ... while it is public under its own agency, so the checks above mean something.
    assert client.get(url("record", world.other_agency, pk=other.record.pk)).status_code == 200
    assert client.get(attachment_url(world.other_agency, other.attachment)).status_code == 200
    own = read_all(client, world.other_agency)
    for name, text in own.items():
        if not name.startswith("sitemap"):
            assert OTHER_AGENCY in text and PUBLIC not in text, name


@pytest.mark.django_db
def test_hidden_attachment_files_are_not_served_from_media(client, world):
    for state, item in world.hidden.items():
        response = client.get(item.attachment.file.url)
        assert response.status_code == 404, (state, item.attachment.file.url)
