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
