"""The catalogue end to end in a real browser, as staff and public would use it:
draft → scan hit → review (redact) → publish → public page → correction → history."""

import re

import pytest
from playwright.sync_api import expect

from gongkai.catalogue.models import Record
from gongkai.core.models import Role
from tests.browser.test_catalogue_pages import taxonomy  # noqa: F401  (fixture)
from tests.factories import staff

pytestmark = pytest.mark.browser

TITLE = "关于调整本市法律援助经济困难标准的通知"
CORRECTED = "关于调整本市法律援助经济困难标准的通知(更正)"


class RecordEditor:
    """The staff record pages, as an editor or reviewer sees them."""

    def __init__(self, page):
        self.page = page

    def create(self, *, title: str, body: str, document_number: str, formed_on: str) -> int:
        self.page.goto("/staff/catalogue/records/new/")
        self.page.get_by_label("标题").fill(title)
        self.page.get_by_label("正文", exact=True).fill(body)
        self.page.get_by_label("文件编号").fill(document_number)
        self.page.get_by_label("产生日期").fill(formed_on)
        self.page.get_by_label("主题分类").select_option(label="法律援助")
        self.page.get_by_label("体裁分类").select_option(label="通知")
        self.page.get_by_role("button", name=re.compile("保存|创建")).click()
        expect(self.page).to_have_url(re.compile(r"/staff/catalogue/records/\d+/$"))
        return int(re.search(r"/records/(\d+)/", self.page.url).group(1))

    def open(self, pk: int):
        self.page.goto(f"/staff/catalogue/records/{pk}/")

    def submit(self):
        self.page.get_by_role("button", name=re.compile("提交(更正)?审查")).click()

    def findings(self):
        return self.page.locator("table").filter(has_text="手机号码")

    def redact_first_finding(self):
        self.page.get_by_role("button", name="遮盖此处").first.click()

    def approve(self):
        self.page.get_by_role("button", name="批准发布").click()

    def edit_title(self, title: str):
        self.page.get_by_label("标题").fill(title)
        self.page.get_by_role("button", name="保存修改").click()


@pytest.mark.django_db(transaction=True)
def test_draft_review_publish_correct_and_history(new_context, portal_agency, taxonomy):  # noqa: F811
    editor = staff(Role.EDITOR, portal_agency, "flow-editor")
    reviewer = staff(Role.REVIEWER, portal_agency, "flow-reviewer")

    # The editor drafts a record whose text has a personal mobile number, and submits it.
    as_editor = RecordEditor(new_context(user=editor).new_page())
    pk = as_editor.create(title=TITLE, document_number="沪司规[2024]2号", formed_on="2024-03-01",
                          body="请联系经办人王某,手机13812345678。标准自2024年4月1日起施行。")
    as_editor.submit()
    expect(as_editor.page.get_by_text("待审查").first).to_be_visible()

    # The reviewer sees the scan hit in context, redacts it and publishes.
    as_reviewer = RecordEditor(new_context(user=reviewer).new_page())
    as_reviewer.page.goto("/staff/catalogue/review/")
    as_reviewer.page.get_by_role("link", name=TITLE).click()
    expect(as_reviewer.findings()).to_contain_text("138****5678")
    as_reviewer.redact_first_finding()
    expect(as_reviewer.page.locator("body")).not_to_contain_text("13812345678")
    as_reviewer.approve()
    record = Record.objects.get(pk=pk)
    assert record.is_public and record.index_number == "002420455M/2024-00001"

    # The public finds it by its document number typed with other brackets.
    public = new_context().new_page()
    public.goto("/sfj/disclosure/")
    public.get_by_label(re.compile("文件编号|标题|检索|搜索")).first.fill("沪司规(2024)2号")
    public.get_by_role("button", name=re.compile("检索|搜索|查询")).first.click()
    public.get_by_role("link", name=TITLE).click()
    expect(public.locator("main")).to_contain_text("002420455M/2024-00001")
    expect(public.locator("main")).to_contain_text("沪司规〔2024〕2号")
    expect(public.locator("main")).to_contain_text("■■■■■■■■■■■")
    expect(public.locator("main")).not_to_contain_text("13812345678")
    record_url = public.url

    # The editor corrects the title; the public still sees version 1 until review.
    as_editor.open(pk)
    as_editor.edit_title(CORRECTED)
    as_editor.submit()
    public.goto(record_url)
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    as_reviewer.open(pk)
    as_reviewer.approve()

    # Now the public sees version 2, and version 1 stays in the history.
    public.goto(record_url)
    expect(public.get_by_role("heading", level=1)).to_have_text(CORRECTED)
    expect(public.locator("main")).to_contain_text("002420455M/2024-00001")
    public.get_by_role("link", name=re.compile("第\\s*1\\s*版|版本\\s*1|v1")).first.click()
    expect(public.locator("main")).to_contain_text("此为历史版本")
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)


@pytest.mark.django_db(transaction=True)
def test_the_body_is_formatted_in_the_rich_text_editor(new_context, portal_agency, taxonomy):  # noqa: F811
    """Issue 15: the record editor's body is a rich-text editor with a toolbar and keyboard
    shortcuts; what it saves is the formatting, cleaned, and the text beside it."""
    editor = staff(Role.EDITOR, portal_agency, "rich-editor")
    page = new_context(user=editor).new_page()
    page.goto("/staff/catalogue/records/new/")
    body = page.get_by_role("textbox", name="正文")
    expect(body).to_have_attribute("contenteditable", "true")
    # the toolbar speaks Chinese, like the page
    expect(page.get_by_role("button", name="加粗")).to_be_visible()
    expect(page.get_by_role("button", name="编号列表")).to_be_visible()
    body.click()
    page.keyboard.type("## 一、工作目标")
    page.keyboard.press("Enter")
    page.keyboard.type("全面推进")
    page.keyboard.press("Control+b")
    page.keyboard.type("政务公开")
    page.keyboard.press("Control+b")
    page.keyboard.press("Enter")
    page.keyboard.type("- 第一项")
    page.keyboard.press("Enter")
    page.keyboard.type("第二项")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("产生日期").fill("2024-03-01")
    page.get_by_label("主题分类").select_option(label="法律援助")
    page.get_by_label("体裁分类").select_option(label="通知")
    page.get_by_role("button", name="预览").click()
    preview = page.get_by_test_id("record-preview")
    expect(preview.locator(".record-body h2")).to_have_text("一、工作目标")
    expect(preview.locator(".record-body strong")).to_have_text("政务公开")
    # the editor comes back with what was typed, and saving keeps it
    page.get_by_role("button", name=re.compile("保存")).first.click()
    expect(page).to_have_url(re.compile(r"/staff/catalogue/records/\d+/$"))
    record = Record.objects.get(title=TITLE)
    assert "<h2>一、工作目标</h2>" in record.body_html
    assert "<strong>政务公开</strong>" in record.body_html
    assert "<li><p>第一项</p></li>" in record.body_html or "<li>第一项</li>" in record.body_html
    assert record.body.splitlines()[:2] == ["一、工作目标", "全面推进政务公开"]
