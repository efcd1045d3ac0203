"""The verification page in a real browser: a citizen uploads the genuine PDF, an altered
copy and a wrong digest, and every state of the page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.catalogue import services as catalogue
from tests.browser.test_accessibility import assert_accessible
from tests.factories import record_fields
from tests.signing.test_record_pdf import flip

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def signed_pdf(agency, settings, tmp_path_factory):
    from gongkai.signing.services import record_pdf_build

    settings.GONGKAI_SIGNING_DIR = tmp_path_factory.getbasetemp() / "signing-keys"
    record = catalogue.record_create(actor=None, agency=agency, **record_fields(
        title="关于公布2024年度行政规范性文件清理结果的通知"))
    record = catalogue.record_approve(actor=None, record=catalogue.record_submit(actor=None,
                                                                                record=record))
    row = record_pdf_build(version_id=record.current_version_id)
    with row.file.open("rb") as handle:
        return handle.read()


def test_verify_page_genuine_altered_and_bad_digest(new_context, axe, signed_pdf, tmp_path):
    genuine, altered = tmp_path / "通知.pdf", tmp_path / "altered.pdf"
    genuine.write_bytes(signed_pdf)
    altered.write_bytes(flip(signed_pdf))
    page = new_context().new_page()
    page.goto("/verify/")
    expect(page.get_by_role("heading", level=1)).to_have_text("文件核验")
    assert_accessible(axe, page)

    page.get_by_label("选择 PDF 或附件").set_input_files(str(genuine))
    page.get_by_role("button", name="核验文件").click()
    result = page.get_by_role("status")
    expect(result).to_contain_text("核验结果：真实有效")
    expect(result).to_contain_text("关于公布2024年度行政规范性文件清理结果的通知")
    assert_accessible(axe, page)

    page.get_by_label("选择 PDF 或附件").set_input_files(str(altered))
    page.get_by_role("button", name="核验文件").click()
    expect(page.get_by_role("status")).to_contain_text("文件已被改动")

    page.get_by_label("SHA-256 或 SM3 摘要").fill("12345")
    page.get_by_role("button", name="按摘要核验").click()
    expect(page.get_by_role("alert")).to_contain_text("64 位")
    assert_accessible(axe, page)

    page.goto("/transparency/")
    expect(page.get_by_role("heading", level=1)).to_have_text("透明日志")
    assert_accessible(axe, page)
