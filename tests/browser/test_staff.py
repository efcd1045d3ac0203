"""Staff sign-in and sign-out through the real forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import LoginPage, WorkspacePage
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_editor_signs_in_sees_role_and_signs_out(page, editor, agency):
    login = LoginPage(page)
    login.open("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login/\?next=/staff/$"))
    expect(login.heading).to_have_text("工作人员登录")

    workspace = login.sign_in("editor1", PASSWORD)

    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(workspace.heading).to_have_text("工作台")
    expect(workspace.roles_table.locator("tbody tr")).to_have_count(1)
    expect(workspace.roles_table.locator("tbody tr")).to_contain_text(["信息编辑"])
    expect(workspace.roles_table).to_contain_text(agency.name)
    expect(page.get_by_test_id("staff-user")).to_contain_text(str(editor))  # display name
    expect(page.get_by_test_id("staff-user")).to_contain_text("信息编辑")
    expect(page.get_by_test_id("elder-toggle")).to_have_count(0)  # staff chrome, not public

    workspace.log_out()

    expect(workspace.logout_button).to_have_count(0)
    WorkspacePage(page).open()
    expect(page).to_have_url(re.compile(r"/staff/login/\?next=/staff/$"))
    expect(login.submit).to_be_visible()


def test_wrong_password_stays_on_login_with_an_error(page, editor):
    login = LoginPage(page)
    login.open()
    login.sign_in("editor1", "not-the-password")

    expect(page).to_have_url(re.compile(r"/staff/login/$"))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(login.username).to_have_value("editor1")
    expect(login.password).to_have_value("")
