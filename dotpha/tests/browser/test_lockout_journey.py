"""Issue 11 #5 in the browser: five wrong passwords lock this machine out of one account, the lockout page
says so in Vietnamese, and the organizer unlocks it from the Quản lý menu."""

import re

import pytest
from playwright.sync_api import expect

from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_five_wrong_passwords_lock_the_machine_and_the_organizer_unlocks(world, live_server, browser, shoot):
    attacker = browser.new_page()
    for _ in range(4):
        login(attacker, live_server, " ｇｉａｍｄｏｃ", "doan-bua-123")
        expect(attacker.get_by_role("alert")).to_contain_text("mật khẩu chính xác")
    login(attacker, live_server, "giamdoc\t", "doan-bua-123")
    expect(attacker.get_by_role("heading", name="Tài khoản tạm khóa")).to_be_visible()
    expect(
        attacker.get_by_text(re.compile("tạm thời không đăng nhập được tài khoản này trong 30 phút"))
    ).to_be_visible()
    shoot(attacker, "lockout-01-locked")

    organizer = browser.new_page()
    login(organizer, live_server, "tochuc")
    organizer.get_by_role("button", name="Quản lý").click()
    organizer.get_by_role("link", name="Tài khoản bị khóa").click()
    # one row per locked (account, address): the organizer unlocks the address the owner uses
    row = organizer.get_by_role("row", name=re.compile("giamdoc"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nguyễn Văn Hùng")
    expect(row).to_contain_text("127.0.0.1")
    shoot(organizer, "lockout-02-list")
    row.get_by_role("button", name="Mở khóa").click()
    expect(organizer.get_by_text("Đã mở khóa tài khoản “giamdoc” cho địa chỉ 127.0.0.1")).to_be_visible()
    expect(organizer.locator("#unlocks")).to_contain_text("tochuc")
    shoot(organizer, "lockout-03-unlocked")

    login(attacker, live_server, "giamdoc")
    expect(attacker.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
