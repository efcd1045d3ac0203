import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.catalogue.files import AttachmentRejected
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.services import selectors, services, workflow
from gongkai.services.flow import flow_svg
from gongkai.services.limits import guide_limits
from gongkai.services.models import GuideStatus, MaterialFile, ServiceGuide
from tests.factories import staff
from tests.services.factories import COMPLETE, LEGAL_AID, PDF, complete_item, law, library


@pytest.fixture
def laws(db):
    return library()


def test_the_transition_table():
    assert workflow.next_state(GuideStatus.DRAFT, workflow.SUBMIT) == GuideStatus.IN_REVIEW
    assert workflow.next_state(GuideStatus.IN_REVIEW, workflow.APPROVE) == GuideStatus.PUBLISHED
    assert workflow.next_state(GuideStatus.IN_REVIEW, workflow.RETURN) == GuideStatus.DRAFT
    with pytest.raises(workflow.GuideTransitionError) as err:
        workflow.next_state(GuideStatus.DRAFT, workflow.APPROVE)
    assert "草稿" in err.value.message and "审核通过并发布" in err.value.message


def test_an_incomplete_guide_cannot_be_submitted(agency, laws):
    item = services.item_create(actor=None, agency=agency, code="A", name="事项")
    guide = item.guides.get()
    with pytest.raises(workflow.GuideIncomplete) as err:
        services.guide_submit(actor=None, guide=guide)
    assert err.value.missing == ["申请条件", "申请材料", "办理流程", "法定办结时限", "承诺办结时限",
                                 "收费标准", "办理地点或网上办理地址", "办理时间", "咨询电话", "法律依据"]
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT


def test_review_publish_redraft_and_supersede(agency, laws):
    editor = staff(Role.EDITOR, agency)
    reviewer = staff(Role.REVIEWER, agency)
    item = complete_item(agency, publish=False)
    guide = item.guides.get()
    with pytest.raises(PermissionDeniedError):
        services.guide_submit(actor=reviewer, guide=guide)
    services.guide_submit(actor=editor, guide=guide)
    with pytest.raises(PermissionDeniedError):
        services.guide_approve(actor=editor, guide=guide)
    with pytest.raises(ValidationError):
        services.guide_return(actor=reviewer, guide=guide, comment="")
    services.guide_return(actor=reviewer, guide=guide, comment="请补充常见问题")
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT and guide.review_comment == "请补充常见问题"
    services.guide_submit(actor=editor, guide=guide)
    with pytest.raises(workflow.GuideTransitionError):
        services.guide_update(actor=editor, guide=guide, fees="x")
    services.guide_approve(actor=reviewer, guide=guide)
    assert selectors.published_guide(item).pk == guide.pk
    draft = services.guide_redraft(actor=editor, item=item)
    assert draft.number == 2 and draft.materials.count() == 2
    assert MaterialFile.objects.filter(material__guide=draft).count() == 1
    with pytest.raises(workflow.GuideTransitionError):
        services.guide_redraft(actor=editor, item=item)
    services.guide_update(actor=editor, guide=draft, fees="不收取任何费用", change_note="措辞")
    # The public still sees version 1 until version 2 is approved.
    assert selectors.published_guide(item).fees == "不收费"
    services.guide_submit(actor=editor, guide=draft)
    services.guide_approve(actor=reviewer, guide=draft)
    statuses = dict(ServiceGuide.objects.filter(item=item).values_list("number", "status"))
    assert statuses == {1: GuideStatus.SUPERSEDED, 2: GuideStatus.PUBLISHED}
    assert selectors.published_guide(item).fees == "不收取任何费用"


def test_guide_fields_are_checked(agency, laws):
    item = services.item_create(actor=None, agency=agency, code="A", name="事项")
    guide = item.guides.get()
    with pytest.raises(ValidationError) as err:
        services.guide_update(actor=None, guide=guide, statutory_days=5, promised_days=7,
                              basis=[{"law": "无此法", "article": "第一条"}])
    assert set(err.value.message_dict) == {"promised_days", "basis"}
    with pytest.raises(ValidationError):
        services.item_create(actor=None, agency=agency, code="A", name="重复")


def test_uploads_are_checked_by_their_bytes(agency, laws):
    item = complete_item(agency, publish=False, with_file=False)
    material = item.guides.get().materials.first()
    with pytest.raises(AttachmentRejected) as err:
        services.material_attach(actor=None, material=material, kind="blank",
                                 filename="申请表.pdf", data=b"MZ\x90\x00evil")
    assert err.value.code == "executable"
    with pytest.raises(AttachmentRejected) as err:
        services.material_attach(actor=None, material=material, kind="blank",
                                 filename="申请表.docx", data=PDF)
    assert err.value.code == "mismatch"
    stored = services.material_attach(actor=None, material=material, kind="sample",
                                      filename="样例.pdf", data=PDF)
    assert stored.content_type == "application/pdf" and stored.size == len(PDF)


@time_machine.travel(dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC), tick=False)
def test_time_limits_count_working_days_on_the_shared_clock(agency, laws):
    """Filed Monday 28 September 2026: 5 working days run past the National Day week."""
    from gongkai.workdays.clock import Clock, Limit, Unit

    item = complete_item(agency)
    guide = selectors.published_guide(item)
    limits = {limit.kind: limit for limit in guide_limits(guide, today=dt.date(2026, 9, 28))}
    assert limits["promised"].working_days == 5
    expected = Clock().deadline(Limit(5, Unit.WORKING_DAYS, "x"), dt.date(2026, 9, 28)).due_on
    assert limits["promised"].due_if_filed_on == expected
    assert expected > dt.date(2026, 10, 3)  # weekends (and holidays, if scheduled) skipped
    assert limits["statutory"].citation == COMPLETE["time_limit_basis"]


def test_staff_warning_when_the_basis_changed_since(agency, laws):
    item = complete_item(agency)
    guide = selectors.published_guide(item)
    assert selectors.basis_changed_since(guide) == []
    laws["aid"].in_force = False
    laws["aid"].save()
    law(LEGAL_AID, "2027-01-01", {"第四十三条": "修改后"})
    [warning] = selectors.basis_changed_since(guide)
    assert warning.flag == "amended"


def test_flow_svg_escapes_and_numbers_the_steps():
    svg = flow_svg(["提交<申请>", "审查"], title="流程 & 图")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "&lt;申请&gt;" in svg and "<申请>" not in svg and "流程 &amp; 图" in svg
    assert svg.count("<rect") == 2 and svg.count("<polygon") == 1
    assert "style=" not in svg
