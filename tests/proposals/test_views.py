"""Public pages (published replies only, no contact details, the yearly figures) and the
staff pages (queue, register, each step, refusals shown as errors)."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.core.models import Role
from gongkai.proposals import services
from gongkai.proposals.models import Proposal
from tests.factories import staff
from tests.proposals.factories import REPLY_TEXT, register

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def published(agency, officer, lead):
    proposal = register(agency, officer, subject="关于优化律师执业环境的建议")
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=D(2020, 2, 10))
    reply = services.proposal_reply(actor=officer, proposal=proposal, outcome="A",
                                    text=REPLY_TEXT, replied_on=D(2020, 4, 23))
    return services.reply_publish(actor=officer, reply=reply, today=D(2020, 5, 6))


def test_public_index_and_reply(client, agency, officer, lead, published):
    hidden = register(agency, officer, subject="尚未答复的建议")
    response = client.get(reverse("proposals:index", kwargs={"agency": agency.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "关于优化律师执业环境的建议" in body and hidden.subject not in body
    response = client.get(reverse("proposals:reply", kwargs={"agency": agency.slug,
                                                            "pk": published.pk}))
    body = response.content.decode()
    assert "A 已解决或基本解决" in body and "现答复如下" in body
    assert "13812345678" not in body and "021-53881234" not in body


def test_an_unpublished_reply_is_not_found(client, agency, officer, lead):
    proposal = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=D(2020, 2, 10))
    reply = services.proposal_reply(actor=officer, proposal=proposal, outcome="A", text="x",
                                    replied_on=D(2020, 3, 1))
    url = reverse("proposals:reply", kwargs={"agency": agency.slug, "pk": reply.pk})
    assert client.get(url).status_code == 404


def test_public_summary(client, agency, published):
    response = client.get(reverse("proposals:summary", kwargs={"agency": agency.slug,
                                                              "year": 2020}))
    assert response.status_code == 200
    assert "本年度共承办建议提案1件" in response.content.decode()
    assert client.get(reverse("proposals:summary", kwargs={"agency": agency.slug,
                                                          "year": 1999})).status_code == 404


def test_staff_register_and_steps(client, agency, officer, lead):
    client.force_login(officer)
    response = client.post(reverse("staff:proposals_new"), {
        "agency": agency.pk, "kind": "cppcc_proposal", "session": "市政协十三届三次会议",
        "number": "0456", "proposers": "赵委员", "subject": "关于公证服务的提案",
        "registered_on": "2020-01-15"})
    proposal = Proposal.objects.get(number="0456")
    assert response.status_code == 302
    url = reverse("staff:proposals_action", kwargs={"pk": proposal.pk, "action": "assign"})
    client.post(url, {"assign-lead_department": lead.pk, "assign-assigned_on": "2020-01-31"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.due_on) == ("assigned", D(2020, 4, 30))
    # A reply without its outcome code: the error is shown, nothing saved.
    url = reverse("staff:proposals_action", kwargs={"pk": proposal.pk, "action": "reply"})
    response = client.post(url, {"reply-outcome": "", "reply-text": "答复。",
                                 "reply-replied_on": "2020-03-01", "reply-publish_mode": "full"})
    assert response.status_code == 200 and "办理结果" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not proposal.replies.exists()
    client.post(url, {"reply-outcome": "B", "reply-text": "答复。",
                      "reply-replied_on": "2020-03-01", "reply-publish_mode": "full"})
    proposal.refresh_from_db()
    assert proposal.status == "replied"
    # A step the state does not allow: a message, no change.
    url = reverse("staff:proposals_action", kwargs={"pk": proposal.pk, "action": "redo"})
    response = client.post(url, {}, follow=True)
    assert "不能执行" in response.content.decode()
    page = client.get(reverse("staff:proposals_detail", kwargs={"pk": proposal.pk}))
    assert page.status_code == 200 and "公开答复" in page.content.decode()
    queue = client.get(reverse("staff:proposals_list") + "?status=all")
    assert "关于公证服务的提案" in queue.content.decode()


def test_staff_of_another_agency_get_404(client, agency, other_agency, officer):
    proposal = register(agency, officer)
    client.force_login(staff(Role.AGENCY_ADMIN, other_agency, "p-b"))
    assert client.get(reverse("staff:proposals_detail",
                              kwargs={"pk": proposal.pk})).status_code == 404


def test_queue_query_count(client, agency, officer, lead, django_assert_max_num_queries):
    for _ in range(5):
        register(agency, officer)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff:proposals_list")).status_code == 200


def test_sitemap_lists_published_answers_only(client, agency, officer, lead, published):
    hidden = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=hidden, lead_department=lead,
                             assigned_on=D(2020, 2, 10))
    unpublished = services.proposal_reply(actor=officer, proposal=hidden, outcome="A",
                                          text="x", replied_on=D(2020, 3, 1))
    body = client.get(reverse("portal:sitemap_section",
                              kwargs={"section": "proposals"})).content.decode()
    assert f"/proposals/replies/{published.pk}/" in body
    assert f"/proposals/replies/{unpublished.pk}/" not in body
    assert "/proposals/summary/2020/" in body


def test_only_approvers_see_the_extension_form(client, agency, officer, head, lead):
    proposal = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=D(2020, 2, 10))
    url = reverse("staff:proposals_detail", kwargs={"pk": proposal.pk})
    client.force_login(officer)
    assert 'data-testid="form-extend"' not in client.get(url).content.decode()
    client.force_login(head)
    assert 'data-testid="form-extend"' in client.get(url).content.decode()


def test_public_list_query_count(client, agency, officer, lead, django_assert_max_num_queries):
    for _ in range(4):
        proposal = register(agency, officer)
        services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                                 assigned_on=D(2020, 2, 10))
        reply = services.proposal_reply(actor=officer, proposal=proposal, outcome="A",
                                        text="答复。", replied_on=D(2020, 3, 2))
        services.reply_publish(actor=officer, reply=reply, today=D(2020, 3, 10))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("proposals:index", kwargs={"agency": agency.slug}))
    assert response.content.decode().count("/proposals/replies/") == 4


def test_public_list_is_paginated(client, agency):
    from tests.proposals.factories import ProposalFactory, ProposalReplyFactory

    for _ in range(23):
        ProposalReplyFactory(proposal=ProposalFactory(agency=agency), published_on=D(2020, 5, 1),
                             published_text="公开")
    url = reverse("proposals:index", kwargs={"agency": agency.slug})
    first = client.get(url).content.decode()
    assert first.count("/proposals/replies/") == 20 and "第1页，共2页" in first
    second = client.get(url, {"page": 2, "year": 2020}).content.decode()
    assert second.count("/proposals/replies/") == 3
    assert client.get(url, {"page": "x"}).status_code == 200
