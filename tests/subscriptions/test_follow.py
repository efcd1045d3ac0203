"""Following one consultation (订阅此次征求意见的进展): the page's link opens a short form,
the confirmed subscriber gets each public step of that consultation once, and nobody who
did not ask for it gets it; an id that is not a public consultation is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.consultations import services as consultations
from gongkai.subscriptions import services, tokens
from gongkai.subscriptions.models import Delivery, Frequency, Subscription
from tests.consultations.factories import consultation, open_consultation
from tests.subscriptions.test_delivery import _run_match_jobs, _subscribed, _to

pytestmark = pytest.mark.django_db


def test_follow_a_consultation_from_its_page(agency, editor, django_capture_on_commit_callbacks):
    c = open_consultation(agency, days=10)
    _run_match_jobs()  # its opening, matched (nobody follows it yet) as the worker would
    page = Client().get(reverse("consultations:detail", kwargs={"agency": agency.slug, "pk": c.pk}))
    link = f"/{agency.slug}/subscriptions/?follow=consultation:{c.pk}"
    assert link in page.content.decode()
    form = Client().get(link).content.decode()
    assert c.title in form and 'name="topics"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        answer = Client().post(link, {"email": "follow@example.org", "frequency": Frequency.IMMEDIATE,
                                      "via": "email", "follow": f"consultation:{c.pk}"})
        assert answer.status_code == 302
        sub = Subscription.objects.get(email="follow@example.org")
        services.confirm(token=tokens.make("confirm", sub.pk))
        _subscribed("all@example.org", Frequency.IMMEDIATE, agency)  # all published records
    assert sub.summary == f"征求意见：《{c.title}》"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_extend(actor=editor, consultation=c,
                                          closes_on=c.closes_on + dt.timedelta(days=5),
                                          notice="应社会各界要求，延长征求意见期限。")
        _run_match_jobs()
        _run_match_jobs()  # a retried job sends nothing twice
    alerts = _to("follow@example.org")
    assert len(alerts) == 1 and "延长征求意见期限" in alerts[0].body
    assert not _to("all@example.org")
    assert Delivery.objects.filter(subscription=sub).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_extend(actor=editor, consultation=c,
                                          closes_on=c.closes_on + dt.timedelta(days=10),
                                          notice="再次延长征求意见期限。")
        _run_match_jobs()
    assert len(_to("follow@example.org")) == 2


def test_only_public_consultations_can_be_followed(agency):
    draft = consultation(agency)
    for follow in (f"consultation:{draft.pk}", "consultation:999999", "consultation:x",
                   "consultation:" + "9" * 40, "nothing:1"):
        assert Client().get(f"/{agency.slug}/subscriptions/", {"follow": follow}).status_code == 404
    assert not Subscription.objects.exists()


def test_a_follower_gets_exactly_one_alert_when_the_feedback_is_published(
        agency, editor, settings, django_capture_on_commit_callbacks):
    """The adoption report (意见采纳情况) going public is one event for the follower, even
    when the matching job runs twice; the steps before it (comments answered, the report
    drafted and reviewed) are not public and send nothing."""
    import time_machine

    from gongkai.core.models import Role
    from tests.consultations.factories import comment
    from tests.factories import DepartmentFactory, staff

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    head = staff(Role.DEPARTMENT_HEAD, agency, "head-follow")
    DepartmentFactory(agency=agency, name="办公室")
    start = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(start, tick=False):
        c = open_consultation(agency, days=10)
        sub = services.subscribe(email="fb@example.org", frequency=Frequency.IMMEDIATE,
                                 wanted=services.Wanted(others={"consultation": [str(c.pk)]}))
        services.confirm(token=tokens.make("confirm", sub.pk))
        submission = comment(c, text="建议第三条增加公开办理时限。", anchor="a3")
        consultations.comment_moderate(actor=editor, comment=submission.comment, publish=True)
        _run_match_jobs()
    with time_machine.travel(start + dt.timedelta(days=12), tick=False):
        consultations.tick()  # the period ends: 'closed' is not a public step
        _run_match_jobs()
        mail.outbox.clear()
        c.refresh_from_db()
        consultations.comments_answer_bulk(actor=editor, consultation=c, article="a3",
                                           disposition="partly", answer="部分采纳。")
        report = consultations.report_generate(actor=editor, consultation=c, summary="总体赞同。")
        report = consultations.report_review(actor=head, report=report)
        _run_match_jobs()
        assert not _to("fb@example.org")  # nothing public yet
        with django_capture_on_commit_callbacks(execute=True):
            consultations.report_publish(actor=head, report=report)
            _run_match_jobs()
            _run_match_jobs()  # a retried job sends nothing twice
    alerts = _to("fb@example.org")
    assert len(alerts) == 1 and "意见采纳情况已公布" in alerts[0].body
    assert Delivery.objects.filter(subscription=sub, event__ref__contains=":report_publish:").count() == 1


def test_follow_a_service_item_gets_each_new_guide_version_once(
        agency, django_capture_on_commit_callbacks):
    from gongkai.services import services as service_items
    from tests.services.factories import complete_item, library

    library()  # the guide's legal basis must be in the law library
    item = complete_item(agency, with_file=False)
    _run_match_jobs()  # its first guide, matched (nobody follows it yet)
    page = Client().get(reverse("services:guide", kwargs={"agency": agency.slug,
                                                          "code": item.code}))
    link = f"/{agency.slug}/subscriptions/?follow=service:{item.pk}"
    assert link in page.content.decode()
    form = Client().get(link).content.decode()
    assert item.name in form and "办事指南" in form and 'name="topics"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        answer = Client().post(link, {"email": "svc@example.org", "via": "email",
                                      "frequency": Frequency.IMMEDIATE,
                                      "follow": f"service:{item.pk}"})
        assert answer.status_code == 302
        sub = Subscription.objects.get(email="svc@example.org")
        services.confirm(token=tokens.make("confirm", sub.pk))
    assert sub.summary == f"服务事项：《{item.name}》"
    mail.outbox.clear()

    draft = service_items.guide_redraft(actor=None, item=item)
    service_items.guide_update(actor=None, guide=draft, fees="不收取任何费用",
                               change_note="明确不收费")
    service_items.guide_submit(actor=None, guide=draft)
    _run_match_jobs()
    assert not _to("svc@example.org")  # a draft and its review are not public
    with django_capture_on_commit_callbacks(execute=True):
        service_items.guide_approve(actor=None, guide=draft)
        _run_match_jobs()
        _run_match_jobs()  # a retried job sends nothing twice
    alerts = _to("svc@example.org")
    assert len(alerts) == 1 and "明确不收费" in alerts[0].body and "第 2 版" in alerts[0].body


def test_only_public_service_items_can_be_followed(agency):
    from tests.services.factories import complete_item, library

    library()
    draft_only = complete_item(agency, code="DRAFT-1", publish=False, with_file=False)
    assert Client().get(f"/{agency.slug}/subscriptions/",
                        {"follow": f"service:{draft_only.pk}"}).status_code == 404
    assert not Subscription.objects.exists()
