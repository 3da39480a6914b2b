import re

import pytest
from playwright.sync_api import expect

from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_makes_a_token_calls_the_api_reads_the_docs_and_revokes_it(world, live_server, page, shoot):
    csp_violations: list[str] = []
    page.on(
        "console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None
    )

    # given the commune committee, logged in
    login(page, live_server, "xa")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()

    # when they make a token from their own menu
    page.get_by_role("button", name="Lê Văn Sơn").click()
    page.get_by_role("link", name="Mã truy cập API").click()
    expect(page.get_by_role("heading", name="Mã truy cập API")).to_be_visible()
    page.get_by_label("Tên gợi nhớ").fill("Một cửa điện tử xã")
    page.get_by_label("Hết hạn ngày").fill("31/12/2030")
    page.get_by_role("button", name="Tạo mã").click()
    expect(page.get_by_text("chép ngay, mã sẽ không hiện lại")).to_be_visible()
    raw = page.locator("#new-token").inner_text().strip()
    assert raw.startswith("dp_")
    shoot(page, "api-01-token-created")

    # then another system calling with it sees the commune and nothing of the province
    api = page.context.request
    response = api.get(f"{live_server.url}/api/v1/units", headers={"Authorization": f"Bearer {raw}"})
    assert response.status == 200
    names = {unit["name"] for unit in response.json()["items"]}
    assert "Xã Tân Lập" in names and "Sở Nội vụ" not in names

    # the interactive documentation loads from our own server, under our CSP
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("Đột phá API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/units", exact=True).first).to_be_visible()
    shoot(page, "api-02-docs")
    assert csp_violations == []

    # revoking the token shuts the door at once
    page.goto(f"{live_server.url}/api-tokens/")
    expect(page.get_by_role("cell", name="Một cửa điện tử xã")).to_be_visible()
    expect(page.get_by_role("cell", name="31/12/2030")).to_be_visible()
    page.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi mã “Một cửa điện tử xã”")).to_be_visible()
    shoot(page, "api-03-token-revoked")
    anonymous = page.context.browser.new_context().request  # type: ignore[union-attr]
    gone = anonymous.get(f"{live_server.url}/api/v1/units", headers={"Authorization": f"Bearer {raw}"})
    assert gone.status == 401
    assert gone.json()["code"] == "unauthenticated"
