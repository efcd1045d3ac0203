"""The subscriptions demo: subscriptions of every frequency, digests over past days and a
sector push with a click; a second run adds nothing (timed and printed, not asserted)."""

import time

import pytest
from django.core import mail

from gongkai.catalogue.services import publish_external
from gongkai.core.demo import load_demo
from gongkai.core.models import Agency
from gongkai.subscriptions.demo import AGENCY_CODE, load_subscriptions_demo
from gongkai.subscriptions.models import AudiencePush, PushReceipt
from tests.factories import record_fields

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_digests_and_a_push(capsys, django_capture_on_commit_callbacks):
    load_demo()
    agency = Agency.objects.get(organisation_code=AGENCY_CODE)
    editor = agency.memberships.filter(role="editor").first().user
    for n in range(3):
        publish_external(actor=editor, agency=agency, source="test",
                         fields=record_fields(title=f"关于律师执业管理的通知（第{n}号）"))
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        counts = load_subscriptions_demo()
    took = time.perf_counter() - started
    assert counts == {"subscriptions": 5, "events": 3, "pushes": 1}
    assert load_subscriptions_demo() == {"subscriptions": 0}
    with capsys.disabled():
        print(f"\nsubscriptions demo: {took:.1f} s")
    subjects = [m.subject for m in mail.outbox]
    assert any("订阅摘要" in s for s in subjects) and any(s.startswith("新信息") for s in subjects)
    push = AudiencePush.objects.get()
    assert push.sent == 1 and PushReceipt.objects.filter(clicked_at__isnull=False).count() == 1
