"""Public pages and feeds of the log, and the record page's download link and digests."""

import hashlib

import pytest

from gongkai.catalogue import services as catalogue
from gongkai.transparency.models import LogEntry

pytestmark = pytest.mark.django_db


def test_log_page_entry_page_and_feeds(agency, publish, client):
    empty = client.get("/transparency/")
    assert empty.status_code == 200 and "还没有条目" in empty.content.decode()
    record = publish(agency)
    page = client.get("/transparency/").content.decode()
    head_root = LogEntry.objects.get(record_id=record.pk)
    assert "当前签名树头" in page and agency.name in page and "#0" in page
    entry = client.get("/transparency/entries/0/").content.decode()
    assert head_root.leaf_hash in entry and record.index_number in entry
    assert client.get("/transparency/entries/5/").status_code == 404
    atom = client.get("/transparency/heads.atom")
    assert atom.status_code == 200 and b"tree_size=1" in atom.content
    assert client.get("/transparency/heads.rss").status_code == 200


def test_record_page_links_pdf_and_shows_attachment_digests(agency, publish, editor, client):
    from tests.factories import record_fields

    data = "附件正文\n".encode() * 30
    record = catalogue.record_create(actor=editor, agency=agency, **record_fields())
    catalogue.record_attach(actor=editor, record=record, filename="附件.txt", data=data)
    record = publish(agency, record=record)
    html = client.get(f"/{agency.slug}/disclosure/records/{record.pk}/").content.decode()
    assert f"/verify/records/{record.pk}.pdf" in html
    assert hashlib.sha256(data).hexdigest() in html
    assert hashlib.new("sm3", data).hexdigest() in html
