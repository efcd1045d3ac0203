"""The catalogue demo: believable content, loaded once and idempotently through the real
services; and the synthetic generator behind ``gongkai demo --records N``."""

import collections
import datetime as dt
import io
import random
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.audit.selectors import audit_chain_verify
from gongkai.catalogue import demo as catalogue_demo
from gongkai.catalogue.models import (
    Attachment,
    AttributeReview,
    Campaign,
    DisclosureAttribute,
    IndexCounter,
    LinkKind,
    Record,
    RecordEvent,
    RecordLink,
    RecordStatus,
    RecordVersion,
    ScanFinding,
    Validity,
)
from gongkai.catalogue.selectors import campaign_progress, public_record_by_index
from gongkai.catalogue.services import record_approve, record_create, record_submit
from gongkai.catalogue.taxonomy import GENRES, TOPICS
from gongkai.core.models import Agency
from gongkai.workdays.calendar import count_working_days
from tests.factories import record_fields


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module, in a transaction rolled back afterwards; each test
    runs in a savepoint inside it. Yields the load time in seconds."""
    with django_db_blocker.unblock(), transaction.atomic():
        started, cpu = time.monotonic(), time.process_time()
        call_command("demo", stdout=io.StringIO())
        elapsed = time.monotonic() - started
        print(f"\ndemo loaded in {elapsed:.1f}s ({time.process_time() - cpu:.1f}s CPU)")
        yield elapsed
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded


def serials_by_year(agency: Agency) -> dict[int, list[int]]:
    serials: dict[int, list[int]] = collections.defaultdict(list)
    prefix = agency.organisation_code + "/"
    for index in Record.objects.filter(agency=agency, index_number__isnull=False).values_list(
            "index_number", flat=True):
        assert index.startswith(prefix)
        year, serial = index.removeprefix(prefix).split("-")
        serials[int(year)].append(int(serial))
    return serials


def assert_gap_free(agency: Agency) -> dict[int, int]:
    """Every year's serials are exactly 1..n, and the counter stands at n."""
    last = {}
    for year, serials in serials_by_year(agency).items():
        assert sorted(serials) == list(range(1, len(serials) + 1)), year
        assert IndexCounter.objects.get(agency=agency, year=year).last_serial == len(serials)
        last[year] = len(serials)
    return last


def test_demo_covers_every_topic_genre_and_year(demo):
    sfj = Agency.objects.get(slug="sfj")
    everything = Record.objects.filter(agency=sfj)
    # The catalogue's own demo records; other apps' publications (adoption reports,
    # enforcement decisions…) come with genres of their own and no department.
    records = everything.filter(genre__code__in=[code for code, *_ in GENRES])
    assert records.count() >= 300
    assert set(records.values_list("topic__code", flat=True)) == {code for code, _ in TOPICS}
    assert set(records.values_list("genre__code", flat=True)) == {code for code, *_ in GENRES}
    assert {d.year for d in records.dates("formed_on", "year")} == set(range(2010, 2027))
    assert records.filter(status=RecordStatus.PUBLISHED).count() >= 0.9 * records.count()
    assert records.values("department").distinct().count() == sfj.departments.count()
    # Official documents carry a canonical issuing number of the bureau.
    numbered = records.exclude(document_number="")
    assert numbered.count() >= 150
    assert all(n.startswith("沪司") and "〔" in n for n in numbered.values_list(
        "document_number", flat=True))
    xh = Agency.objects.get(slug="xhsfj")
    assert 24 <= Record.objects.filter(agency=xh).count() <= 80
    assert Record.objects.filter(agency=xh, index_number__startswith="00242XH01A/").exists()


def test_demo_has_the_seed_notice_with_its_published_numbers(demo, client):
    record = Record.objects.get(agency__slug="sfj", title=catalogue_demo.SEED_TITLE)
    assert record.index_number == "002420455M/2020-00035"
    assert record.document_number == "沪司办〔2020〕6号"
    assert record.formed_on == record.published_on == dt.date(2020, 4, 23)
    assert timezone.localdate(record.current_version.published_at) == dt.date(2020, 4, 23)
    assert record.body.startswith("局机关各处室：")
    assert "21.完善考核评价机制" in record.body
    earlier = Record.objects.filter(agency=record.agency, formed_on__year=2020,
                                    index_number__lt=record.index_number)
    assert earlier.count() == 34
    assert not earlier.filter(formed_on__gt=record.formed_on).exists()
    assert public_record_by_index("002420455M/2020-00035") == record
    page = client.get(reverse("catalogue:record", kwargs={"agency": "sfj", "pk": record.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "002420455M/2020-00035" in html and "沪司办〔2020〕6号" in html


def test_demo_serials_are_gap_free_and_dates_historical(demo):
    for agency in Agency.objects.filter(slug__in=["sfj", "xhsfj"]):
        assert_gap_free(agency)
    # The catalogue's own demo records (other apps' demos publish on their own clocks, some
    # late on purpose: enforcement decisions published after their limit).
    first_versions = RecordVersion.objects.filter(
        number=1, record__agency__slug="sfj", record__genre__code__in=[c for c, *_ in GENRES]
    ).exclude(change_note__startswith="公开属性审查").select_related("record")
    assert first_versions.count() >= 350
    for version in first_versions:
        record = version.record
        assert timezone.localdate(version.published_at) == record.published_on
        # Regulations Art. 26: published within 20 working days of being formed.
        assert 0 <= count_working_days(record.formed_on, record.published_on) <= 20, record.title


def test_demo_search_documents_carry_the_historical_publication_dates(demo):
    """The demo moves 发布日期 back after publishing; the search index must show those
    dates, not the day the demo ran (issue 14/10)."""
    from gongkai.search.models import SearchDocument

    public = {str(pk): published_on for pk, published_on in Record.objects.filter(
        is_public=True, agency__slug="sfj").values_list("pk", "published_on")}
    indexed = dict(SearchDocument.objects.filter(kind="record", key__in=list(public))
                   .values_list("key", "published_on"))
    assert len(public) >= 350 and indexed == public


def test_demo_normative_documents_attributes_links_and_states(demo):
    sfj = Record.objects.filter(agency__slug="sfj")
    normative = sfj.filter(genre__is_normative=True, status=RecordStatus.PUBLISHED)
    assert normative.filter(validity=Validity.VALID).count() >= 10
    superseded = normative.filter(validity__in=[Validity.EXPIRED, Validity.REPEALED])
    assert superseded.count() >= 6
    for record in superseded:
        assert record.validity_changed_on and record.replaced_by_id
        assert record.replaced_by.formed_on > record.formed_on
        assert record.current_version.validity == record.validity  # re-published, version 2
        assert RecordLink.objects.filter(source=record.replaced_by, target=record,
                                         kind=LinkKind.REPLACES).exists()
    interpretations = sfj.filter(genre__code="interpretation")
    assert interpretations.count() >= 10
    for record in interpretations:
        assert RecordLink.objects.filter(target=record, kind=LinkKind.INTERPRETATION).exists()
    for attribute in (DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD):
        held = sfj.filter(disclosure_attribute=attribute)
        assert held.exists()
        assert not held.filter(is_public=True).exists()
        assert all(r.withholding_reason and "政府信息公开条例" in r.withholding_basis for r in held)
    assert sfj.filter(disclosure_attribute=DisclosureAttribute.UNDECIDED, is_official_document=True,
                      formed_on__year__lte=2015).count() >= 5
    assert Attachment.objects.filter(record__agency__slug="sfj").count() >= 4
    assert {"docx", "txt"} <= set(Attachment.objects.values_list("kind", flat=True))
    states = collections.Counter(sfj.values_list("status", flat=True))
    assert states[RecordStatus.RETURNED] == states[RecordStatus.IN_REVIEW] == 1
    assert states[RecordStatus.SCHEDULED] == 1 and states[RecordStatus.DRAFT] >= 3
    scheduled = sfj.get(status=RecordStatus.SCHEDULED)
    assert scheduled.publish_at > dt.datetime.now(dt.UTC)
    # The scan flags the one record written to be flagged, and nothing else.
    in_review = sfj.get(status=RecordStatus.IN_REVIEW)
    # (The annual report that the reports app generates quotes the statutory row labels
    # 属于国家秘密 / 三类内部事务信息, which the scan reports by design: not the catalogue's.)
    findings = ScanFinding.objects.exclude(record__genre__code="annual-report", record__created_by=None)
    assert set(findings.values_list("record_id", flat=True)) == {in_review.pk}
    assert {"mobile", "email"} <= set(in_review.findings.values_list("kind", flat=True))


def test_demo_campaign_is_half_done(demo):
    campaign = Campaign.objects.get(agency__slug="sfj")
    progress = campaign_progress(campaign)
    assert progress["converted"] >= 3 and progress["kept"] >= 2 and progress["pending"] >= 5
    for review in campaign.reviews.filter(decision="convert").select_related("record"):
        assert review.record.is_public
        assert review.record.disclosure_attribute == DisclosureAttribute.PROACTIVE
    for review in campaign.reviews.filter(decision="keep"):
        assert review.decision_reason
        assert not review.record.is_public


def test_second_demo_run_writes_nothing(demo):
    models = (Record, RecordVersion, RecordLink, RecordEvent, Attachment, AttributeReview,
              Campaign, ScanFinding, AuditEvent)
    before = [m.objects.count() for m in models]
    call_command("demo", stdout=io.StringIO())
    assert [m.objects.count() for m in models] == before
    assert audit_chain_verify().ok


def test_generator_adds_public_records_with_gap_free_serials(demo):
    sfj = Agency.objects.get(slug="sfj")
    public_before = Record.objects.filter(is_public=True).count()
    ids_before = set(Record.objects.values_list("pk", flat=True))
    events_before = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("demo", records=500, stdout=out)
    assert "synthetic +500" in out.getvalue()
    new = Record.objects.exclude(pk__in=ids_before)
    assert new.count() == 500
    assert Record.objects.filter(is_public=True).count() == public_before + 500
    assert set(new.values_list("agency_id", flat=True)) == {sfj.pk}
    assert not new.filter(current_version__isnull=True).exists()
    assert not new.exclude(status=RecordStatus.PUBLISHED).exists()
    assert new.filter(current_version__number=1, current_version__title=F("title"),
                      current_version__record_id=F("pk")).count() == 500
    for record in new:  # texts follow the record's own year, sessions included
        assert str(catalogue_demo.SENTINEL_YEAR) not in record.title + record.body
        assert record.index_number.split("/")[1].startswith(f"{record.formed_on.year}-")
        if "届" in record.title:
            fields = catalogue_demo.title_fields(record.formed_on.year, random.Random(0))
            assert f"{fields['ren']}届" in record.title or f"{fields['zx']}届" in record.title
    indexes = list(new.values_list("index_number", flat=True))
    assert None not in indexes and len(set(indexes)) == 500
    last = assert_gap_free(sfj)
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.latest("seq")
    assert event.verb == "record.bulk_generate" and event.details["count"] == 500
    assert audit_chain_verify().ok
    # A record published by a person afterwards continues the same sequence.
    record = record_create(actor=None, agency=sfj, **record_fields(
        title="生成数据之后的第一份文件", document_number="", formed_on=dt.date(2020, 6, 1)))
    record_submit(actor=None, record=record)
    record = record_approve(actor=None, record=record)
    assert record.index_number == f"002420455M/2020-{last[2020] + 1:05d}"


def test_generator_batches_each_commit_with_one_audit_event(demo):
    sfj = Agency.objects.get(slug="sfj")
    events_before = AuditEvent.objects.count()
    out = io.StringIO()
    assert catalogue_demo.generate_records(120, batch_size=50, seed=7, out=out) == 120
    events = AuditEvent.objects.filter(verb="record.bulk_generate").order_by("seq")
    assert AuditEvent.objects.count() == events_before + 3
    assert [e.details["count"] for e in events] == [50, 50, 20]
    assert "120/120" in out.getvalue()
    assert_gap_free(sfj)
    assert Record.objects.filter(keywords__endswith=catalogue_demo.SYNTHETIC_MARK).count() == 120


def test_catalogue_demo_is_refused_in_production(settings, db):
    from gongkai.core.demo import DemoRefusedError

    settings.GONGKAI_DEMO_ALLOWED = False
    with pytest.raises(DemoRefusedError):
        catalogue_demo.load_catalogue_demo()
