"""The inbox at scale (issue 19): each queue's page is an index walk on a partial index (a
plan that sorts or scans every message would pass the other tests and fail at 200,000),
and lists beyond the cap say so instead of counting everything."""

import pytest
from django.db import connection
from django.urls import reverse

from gongkai.interaction import selectors, services
from gongkai.interaction.models import Message, MessageStatus
from tests.interaction.conftest import fields

pytestmark = pytest.mark.django_db

def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny tables make a sequential scan cheapest; forbidding it shows whether the
            # partial index can serve the query at all (its condition is implied).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())

@pytest.mark.parametrize(("queue", "index"), [("open", "msg_open_agency_due"),
                                              ("mine", "msg_open_assignee_due"),
                                              ("overdue", "msg_open_agency_due"),
                                              ("done", "msg_done_agency_answered")])
def test_queue_pages_walk_their_partial_index(agency, officer, queue, index):
    plan = _plan(selectors.inbox(officer, queue)[:50])
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan

def test_counts_read_the_open_index_alone(agency, officer):
    if connection.vendor == "postgresql":
        queryset = selectors.visible(officer).filter(selectors.IS_OPEN)
        # On a tiny table either open index may win; what matters is that only the open
        # messages are read, through a partial index (the bench shows the plan at scale).
        plan = _plan(queryset.values("id").order_by())
        assert "msg_open_" in plan and "Seq Scan" not in plan, plan
    else:
        queryset = selectors.visible(officer).filter(selectors.IS_OPEN)
        assert "COVERING INDEX msg_open_agency_due" in _plan(queryset.values("due_on", "status",
                                                                             "assignee_id").order_by())

def test_lists_beyond_the_cap_are_bounded(agency, officer, client, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    for _ in range(5):
        message = services.message_submit(agency=agency, **fields()).message
        Message.objects.filter(pk=message.pk).update(status=MessageStatus.CLOSED,
                                                     answered_at=message.received_at)
    services.message_submit(agency=agency, **fields())
    client.force_login(officer)
    url = reverse("staff:interaction_inbox")
    done = client.get(url, {"queue": "done"}).content.decode()
    assert "3 件以上" in done and "列出前 3 件" in done and "1 / 2" in done
    last = client.get(url, {"queue": "done", "page": 9}).content.decode()
    assert "2 / 2" in last  # no page beyond the cap
    new = client.get(url, {"queue": "new"}).content.decode()
    assert "共 1 件" in new and "以上" not in new
    assert selectors.inbox_page(officer, "done", 1, counts={}).paginator.total == 4
