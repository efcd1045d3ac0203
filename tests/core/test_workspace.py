"""The staff workspace's "today": counts of what waits for the person, overdue first, each a
link to its queue; people see only their own agencies' counts (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import services as applications
from gongkai.applications.identity import resident_id_check_char
from gongkai.core.models import Role
from tests.factories import staff


def _register(officer, agency, received_on):
    return applications.register(
        actor=officer, agency=agency, channel="in_person", received_on=received_on,
        applicant_type="natural_person", applicant_name="工作台测试", id_type="resident_id",
        id_number=ID17 + resident_id_check_char(ID17), phone="13800000000", email="",
        address="", description="请公开工作台测试信息", delivery_form="electronic",
        receipt_method="collection").application


ID17 = "31010419800101123"


@pytest.mark.django_db
def test_today_counts_overdue_first_and_links_to_the_queue(client, agency, other_agency):
    officer = staff(Role.DISCLOSURE_OFFICER, agency, "ws-officer")
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0), tick=False):
        _register(officer, agency, dt.date(2026, 1, 5))  # 20 working days have passed
        _register(officer, agency, dt.date(2026, 3, 2))
        _register(staff(Role.DISCLOSURE_OFFICER, other_agency, "ws-other"), other_agency,
                  dt.date(2026, 1, 5))
        client.force_login(officer)
        body = client.get(reverse("staff:workspace")).content.decode()
    today = body.split('data-testid="workspace-today"')[1].split("</section>")[0]
    items = today.split('<li class="tally')[1:]
    assert items[0].startswith(" tally-urgent") and "已逾期" in items[0]
    assert '<span class="tally-count">1</span>' in items[0]  # not agency B's case
    assert "?queue=overdue" in items[0]
    new = next(i for i in items if "新收待分办" in i)
    assert '<span class="tally-count">2</span>' in new


@pytest.mark.django_db
def test_today_says_so_when_nothing_waits(client, agency):
    client.force_login(staff(Role.EDITOR, agency, "ws-editor"))
    body = client.get(reverse("staff:workspace")).content.decode()
    assert "目前没有等待您处理的事项" in body


@pytest.mark.django_db
def test_today_counts_the_new_channels(client, agency):
    """The mailbox queues and the solicitation ideas waiting for an answer."""
    from django.utils import timezone

    from gongkai.interaction import services as interaction
    from gongkai.participation import services as participation
    from tests.interaction.conftest import fields

    admin = staff(Role.AGENCY_ADMIN, agency, "ws-admin")
    interaction.message_submit(agency=agency, **fields())
    now = timezone.now()
    call = participation.solicitation_create(
        actor=admin, agency=agency, title="工作台测试征集", description="欢迎建言献策。",
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=5))
    call = participation.solicitation_publish(actor=admin, solicitation=call)
    for n in range(2):
        participation.idea_submit(solicitation=call, title=f"建议{n}", text="建议在河边建公园。")
    client.force_login(admin)
    body = client.get(reverse("staff:workspace")).content.decode()
    today = body.split('data-testid="workspace-today"')[1].split("</section>")[0]
    assert "互动交流：新来信" in today and "/staff/interaction/?queue=new" in today
    ideas = today.split("网络征集：待答复的意见")[0].rsplit("<li", 1)[1]
    assert '<span class="tally-count">2</span>' in ideas
