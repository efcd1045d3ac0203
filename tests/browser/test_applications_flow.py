"""Disclosure applications end to end in a real browser, on fixed dates so that every due
date is known in advance (the 2020 holidays: 1–5 May off, Sunday 26 April and Saturday
9 May working; Dragon Boat 25–27 June off, Sunday 28 June working):

- an applicant applies online on Thursday 2020-04-23 → due 2020-05-22 (20 working days);
- the officer asks for a correction (04-24); the applicant supplies it on the status page
  on 04-28 → due 2020-05-28;
- a third party is consulted from 04-29 to 05-08 (4 working days do not count) → 06-03;
- the department head approves a 20-working-day extension → 2020-07-02;
- the officer previews and submits a partial-disclosure reply, the department head approves
  it (审核); the applicant opens the status
  page with the case number and code and downloads the reply letter (a signed PDF).

A second test registers a postal application signed for on Friday 2024-09-27 (entered on
2024-10-10) → due 2024-10-30 (1–7 October off, 29 September and 12 October working).
Pages on the way are checked with axe (WCAG 2.1 AA).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from gongkai.applications import jobs
from gongkai.applications.models import Application, Notice, NoticeStatus
from gongkai.core.models import Role
from tests.browser.test_accessibility import assert_accessible
from tests.factories import DepartmentFactory, staff

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def render_letters() -> None:
    """What the job worker does after each step: render (and sign) the pending letters."""
    for notice in Notice.objects.filter(status=NoticeStatus.PENDING):
        jobs.render_notice(notice.pk)


class ApplyPage:
    def __init__(self, page: Page, slug: str):
        self.page = page
        self.slug = slug

    def open(self) -> None:
        self.page.goto(f"/{self.slug}/applications/apply/")

    def fill_person(self, *, name: str, id_number: str, phone: str, email: str) -> None:
        page = self.page
        page.get_by_label("自然人").check()
        page.get_by_label("姓名或名称").fill(name)
        page.get_by_label("证件类型").select_option(label="居民身份证")
        page.get_by_label("证件号码").fill(id_number)
        page.get_by_label("联系电话").fill(phone)
        page.get_by_label("电子邮箱").fill(email)

    def describe(self, text: str) -> None:
        self.page.get_by_label("所需信息的内容描述").fill(text)
        self.page.get_by_label("电子", exact=True).check()
        self.page.get_by_label("电子邮件").check()

    def submit(self) -> tuple[str, str, str]:
        self.page.get_by_role("button", name="提交申请").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("申请已提交")
        return (self.page.get_by_test_id("case-number").inner_text(),
                self.page.get_by_test_id("access-code").inner_text(),
                self.page.get_by_test_id("due-on").inner_text())


class StatusPage:
    def __init__(self, page: Page, slug: str):
        self.page = page
        self.slug = slug

    def open(self, case_number: str, code: str) -> None:
        self.page.goto(f"/{self.slug}/applications/status/")
        self.page.get_by_label("申请编号").fill(case_number)
        self.page.get_by_label("查询码").fill(code)
        self.page.get_by_role("button", name="查询").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(case_number)

    def due_on(self) -> str:
        return self.page.get_by_test_id("due-on").inner_text()


class CasePage:
    """The staff case page, as an officer or department head sees it."""

    def __init__(self, page: Page, pk: int):
        self.page = page
        self.pk = pk

    def open(self) -> None:
        self.page.goto(f"/staff/applications/{self.pk}/")

    def section(self, heading: str):
        return self.page.locator(
            "section", has=self.page.get_by_role("heading", name=heading, exact=True))

    def due_on(self) -> str:
        return self.page.get_by_test_id("case-due-on").inner_text()

    def submit(self, section: str, button: str) -> None:
        self.section(section).get_by_role("button", name=button).click()
        expect(self.page.locator(".messages")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_online_application_to_partial_disclosure(new_context, portal_agency):
    axe = Axe()
    officer = staff(Role.DISCLOSURE_OFFICER, portal_agency, "flow-officer")
    head = staff(Role.DEPARTMENT_HEAD, portal_agency, "flow-head")
    DepartmentFactory(agency=portal_agency, name="政务公开办公室")
    slug = portal_agency.slug
    with time_machine.travel(at(dt.date(2020, 4, 23)), tick=True) as clock:
        # The applicant applies online.
        applicant = new_context().new_page()
        form = ApplyPage(applicant, slug)
        form.open()
        assert_accessible(axe, applicant)
        form.fill_person(name="浏览器测试孙八", id_number=ID_NUMBER, phone="13700001111",
                         email="sunba@example.com")
        form.describe("请公开2019年本市法律援助经费使用情况")
        case_number, code, due = form.submit()
        assert due == "2020-05-22"
        assert_accessible(axe, applicant)
        application = Application.objects.get(case_number=case_number)
        render_letters()

        # Next day the officer asks for a correction.
        clock.move_to(at(dt.date(2020, 4, 24)))
        officer_page = CasePage(new_context(user=officer).new_page(), application.pk)
        officer_page.open()
        assert officer_page.due_on() == "2020-05-22"
        assert_accessible(axe, officer_page.page)
        officer_page.section("告知补正").get_by_label("需补正的内容").fill("请写明所需信息的年度")
        officer_page.submit("告知补正", "告知补正")
        expect(officer_page.page.get_by_test_id("case-status")).to_have_text("待申请人补正")
        render_letters()
        status = StatusPage(new_context().new_page(), slug)
        status.open(case_number, code)
        expect(status.page.get_by_test_id("correction-request")).to_contain_text("年度")
        assert status.due_on() == "2020-05-22"

        # On 04-28 the applicant supplies the correction on the status page: the 20
        # working days run again from then.
        clock.move_to(at(dt.date(2020, 4, 28)))
        status = StatusPage(new_context().new_page(), slug)
        status.open(case_number, code)
        assert_accessible(axe, status.page)
        correction = status.page.get_by_role("region", name="补正申请")
        correction.get_by_label("补正后的内容描述").fill("2019年度法律援助经费使用情况")
        correction.get_by_label("查询码（再次输入以确认）").fill(code)
        correction.get_by_role("button", name="提交补正").click()
        expect(status.page.locator(".messages")).to_contain_text("已收到您的补正")
        assert status.due_on() == "2020-05-28"
        officer_page = CasePage(new_context(user=officer).new_page(), application.pk)
        officer_page.open()
        assert officer_page.due_on() == "2020-05-28"

        # A third party is consulted 04-29 … 05-08; the time does not count.
        clock.move_to(at(dt.date(2020, 4, 29)))
        officer_page = CasePage(new_context(user=officer).new_page(), application.pk)
        officer_page.open()
        consult = officer_page.section("征求意见")
        consult.get_by_label("征求对象类型").select_option(label="征求第三方意见")
        consult.get_by_label("被征求意见方").fill("浏览器测试科技有限公司")
        officer_page.submit("征求意见", "发出征求意见函")
        expect(officer_page.page.get_by_test_id("case-status")).to_have_text("征求意见中")
        clock.move_to(at(dt.date(2020, 5, 8)))
        officer_page = CasePage(new_context(user=officer).new_page(), application.pk)
        officer_page.open()
        end = officer_page.section("结束征求意见")
        end.get_by_label("收到意见之日（或期满之日）").fill("2020-05-08")
        end.get_by_label(re.compile(r"^意见\b|^意见 ")).select_option(label="不同意公开")
        officer_page.submit("结束征求意见", "结束征求意见")
        assert officer_page.due_on() == "2020-06-03"
        expect(officer_page.page.get_by_test_id("case-clock")).to_contain_text(
            "征求意见暂停4个工作日(2020-04-29至2020-05-08) → 2020-06-03")

        # The officer asks for 20 more working days; the department head approves.
        ext = officer_page.section("申请延期")
        ext.get_by_label("延长工作日数").fill("20")
        ext.get_by_label("延期理由").fill("需调取历年档案")
        officer_page.submit("申请延期", "提交延期申请")
        head_page = CasePage(new_context(user=head).new_page(), application.pk)
        head_page.open()
        head_page.section("延期审批").get_by_label("审批结果").select_option(label="批准")
        head_page.submit("延期审批", "提交审批")
        assert head_page.due_on() == "2020-07-02"
        render_letters()
        status = StatusPage(new_context().new_page(), slug)
        status.open(case_number, code)
        assert status.due_on() == "2020-07-02"
        expect(status.page.get_by_test_id("clock")).to_contain_text("经批准延期20个工作日 → 2020-07-02")
        expect(status.page.get_by_test_id("notices")).to_contain_text("延期答复告知书")
        assert_accessible(axe, status.page)

        # On 05-20 the officer previews, then sends, a partial disclosure.
        clock.move_to(at(dt.date(2020, 5, 20)))
        officer_page = CasePage(new_context(user=officer).new_page(), application.pk)
        officer_page.open()
        reply = officer_page.section("答复")
        reply.get_by_label("答复类型").select_option(value="partially_disclosed")
        reply.get_by_label("不予公开的部分").fill("附表中受援人姓名及联系方式|third_party")
        reply.get_by_label("提供的信息（文件）").set_input_files(files=[{
            "name": "2019年法律援助经费(公开部分).txt", "mimeType": "text/plain",
            "buffer": "经费总额:1000万元".encode()}])
        reply.get_by_role("button", name="预览答复书").click()
        preview = officer_page.page.frame_locator("[data-testid=reply-preview]")
        expect(preview.locator("body")).to_contain_text("第三十七条")
        expect(preview.locator("body")).to_contain_text("行政复议")
        reply = officer_page.section("答复")
        reply.get_by_label("提供的信息（文件）").set_input_files(files=[{
            "name": "2019年法律援助经费(公开部分).txt", "mimeType": "text/plain",
            "buffer": "经费总额:1000万元".encode()}])
        reply.get_by_role("button", name="答复并生成答复书").click()
        # A partial refusal goes to the department head first (审核); the clock runs on.
        expect(officer_page.page.get_by_test_id("case-status")).to_have_text("答复待审核")
        expect(officer_page.section("答复审核")).to_contain_text("不能审核本人提交的答复")
        head_page = CasePage(new_context(user=head).new_page(), application.pk)
        head_page.open()
        review = head_page.section("答复审核")
        expect(head_page.page.frame_locator("[data-testid=reply-preview]").locator("body")) \
            .to_contain_text("第三十七条")
        review.get_by_label("审核通过,发出答复书").check()
        review.get_by_label("审核意见").fill("同意部分公开。")
        assert_accessible(axe, head_page.page)
        head_page.submit("答复审核", "提交审核结论")
        expect(head_page.page.get_by_test_id("case-status")).to_have_text("已答复")
        expect(head_page.section("办理记录")).to_contain_text("同意部分公开。")
        render_letters()

        # The applicant sees the reply and downloads the letter and the information.
        status = StatusPage(new_context().new_page(), slug)
        status.open(case_number, code)
        expect(status.page.get_by_test_id("reply_type")).to_contain_text("部分公开")
        assert status.due_on() == "2020-07-02"
        assert_accessible(axe, status.page)
        with status.page.expect_download() as letter:
            status.page.get_by_role("link", name="下载答复书(PDF)").click()
        pdf = open(letter.value.path(), "rb").read()
        assert pdf.startswith(b"%PDF") and b"/ByteRange" in pdf
        with status.page.expect_download() as provided:
            status.page.get_by_role("link", name=re.compile("下载 2019年法律援助经费")).click()
        assert open(provided.value.path(), "rb").read().decode() == "经费总额:1000万元"


@pytest.mark.django_db(transaction=True)
def test_register_postal_application_back_dated(new_context, portal_agency):
    axe = Axe()
    officer = staff(Role.DISCLOSURE_OFFICER, portal_agency, "post-officer")
    with time_machine.travel(at(dt.date(2024, 10, 10)), tick=True):
        page = new_context(user=officer).new_page()
        page.goto("/staff/applications/new/")
        assert_accessible(axe, page)
        page.get_by_label("申请渠道").select_option(label="邮寄(需签收)")
        page.get_by_label("收到申请之日").fill("2024-09-27")
        page.get_by_label("自然人").check()
        page.get_by_label("姓名或名称").fill("邮寄测试周九")
        page.get_by_label("证件号码").fill(ID_NUMBER)
        page.get_by_label("联系电话").fill("13700002222")
        page.get_by_label("通信地址").fill("上海市测试路3号")
        page.get_by_label("所需信息的内容描述").fill("请提供2023年度行政复议案件统计")
        page.get_by_label("邮寄", exact=True).check()
        page.get_by_role("button", name="登记").click()
        expect(page).to_have_url(re.compile(r"/staff/applications/\d+/$"))
        expect(page.get_by_test_id("case-due-on")).to_have_text("2024-10-30")
        expect(page.get_by_test_id("case-clock")).to_contain_text("2024-09-27收到申请(邮寄)")
        expect(page.get_by_test_id("access-code")).to_have_text(re.compile(r"^[2-9A-Z]{10}$"))
        # Art. 30: a correction must be asked for by 10-12 (7 working days, a make-up
        # Saturday among them); on 10-10 the officer is warned that the window is closing.
        expect(page.get_by_test_id("correction-warning")).to_contain_text("2024-10-12")
        assert_accessible(axe, page)
        application = Application.objects.get()
        assert application.received_on == dt.date(2024, 9, 27)
        assert application.due_on == dt.date(2024, 10, 30)


PUBLIC_PATHS = ["/sfj/applications/", "/sfj/applications/apply/", "/sfj/applications/status/"]
STAFF_PATHS = ["/staff/applications/?queue=open", "/staff/applications/templates/",
               "/staff/applications/templates/reply_letter/withheld/",
               "/staff/applications/proposals/"]


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.django_db(transaction=True)
def test_application_pages_pass_axe(new_context, portal_agency, elder):
    """The pages the flows above do not open, in normal and elder mode; the form with its
    error summary too."""
    from gongkai.applications import services

    axe = Axe()
    admin = staff(Role.AGENCY_ADMIN, portal_agency, "axe-admin")
    with time_machine.travel(at(dt.date(2024, 10, 10)), tick=True):
        services.register(actor=admin, agency=portal_agency, channel="in_person",
                          received_on=dt.date(2024, 10, 8), applicant_type="natural_person",
                          applicant_name="无障碍测试", id_type="resident_id", id_number=ID_NUMBER,
                          phone="13700003333", address="上海市测试路5号",
                          description="请提供2023年度统计", receipt_method="post")
        public = new_context(elder=elder).new_page()
        for path in PUBLIC_PATHS:
            public.goto(path)
            assert_accessible(axe, public)
        public.goto("/sfj/applications/apply/")
        public.get_by_role("button", name="提交申请").click()
        expect(public.get_by_test_id("form-errors")).to_be_visible()
        assert_accessible(axe, public)
        page = new_context(elder=elder, user=admin).new_page()
        for path in STAFF_PATHS:
            page.goto(path)
            expect(page.locator("main h1")).to_be_visible()
            assert_accessible(axe, page)
