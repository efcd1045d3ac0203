import datetime as dt

import pytest
import time_machine

from gongkai.catalogue.services import record_approve, record_create, record_submit
from gongkai.core.models import Role
from gongkai.standards import services
from tests.factories import record_fields, staff


@pytest.fixture
def reviewer(agency):
    return staff(Role.REVIEWER, agency, "reviewer1")


@pytest.fixture
def publish(editor, reviewer, agency):
    """Publish a record formed on ``formed_on`` on the day ``on`` (clock travelled)."""

    def make(*, formed_on: dt.date, on: dt.date, **over):
        with time_machine.travel(dt.datetime(on.year, on.month, on.day, 2, tzinfo=dt.UTC),
                                 tick=False):
            record = record_create(actor=editor, agency=agency, **record_fields(
                formed_on=formed_on, document_number="", **over))
            record_submit(actor=editor, record=record)
            return record_approve(actor=reviewer, record=record)

    return make


ITEM = {"serial": 1, "level1": "律师管理", "level2": "律师执业许可",
        "content": "许可决定:申请人、许可事项、决定日期", "basis": "《律师法》",
        "time_limit": "信息形成或变更之日起20个工作日内", "subject": "市司法局",
        "channels": ["政府网站", "精准推送"], "audience": "public", "manner": "proactive",
        "levels": ["市级"]}


@pytest.fixture
def item(agency, editor):
    return services.item_save(actor=editor, agency=agency, data=ITEM)
