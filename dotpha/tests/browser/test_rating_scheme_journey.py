"""The province's organisation board sets what the rating texts leave to the province (issue 16): from the
year's rating list to the scheme in force, a refused change keeps what was typed, a valid one is saved and
shown, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from dotpha.ratings.models import CriteriaGroup, CriteriaItem, RatingScheme
from dotpha.ratings.seed import seed_rating_schemes
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_the_board_changes_the_quota_and_the_checklist_of_the_scheme_in_force(
    world, live_server, browser, shoot, size
):
    narrow = size == "phone"
    # a transactional test before this one may have flushed the schemes the migrations seed
    seed_rating_schemes(RatingScheme, CriteriaGroup, CriteriaItem)
    context = browser.new_context(viewport=SIZES[size], is_mobile=narrow, has_touch=narrow)
    page = context.new_page()
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/ratings/?year=2026")
    page.get_by_role("link", name="Bộ tiêu chí xếp loại và thiết lập của tỉnh").click()
    page.get_by_role("link", name="Quy định 366-QĐ/TW và Nghị định 335/2025/NĐ-CP").click()
    expect(page.locator("#items")).to_contain_text("Phẩm chất chính trị")

    # out of order: refused, and the form keeps what was typed
    page.get_by_label("Điểm tối thiểu hoàn thành tốt").fill("95")
    page.get_by_role("button", name="Lưu thiết lập").click()
    expect(page.locator(".alert-danger").first).to_contain_text("Ngưỡng điểm phải tăng dần")
    expect(page.get_by_label("Điểm tối thiểu hoàn thành tốt")).to_have_value("95")

    page.get_by_label("Điểm tối thiểu hoàn thành tốt").fill("70")
    page.get_by_label("Tỷ lệ xuất sắc tối đa so với số hoàn thành tốt (%)").fill("25")
    lines = page.locator("#item-lines tbody tr")
    lines.nth(0).get_by_label("Điểm tối đa").fill("15")
    lines.nth(1).get_by_label("Điểm tối đa").fill("5")
    if narrow:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, f"rating-scheme-01-form-{size}")
    page.get_by_role("button", name="Lưu thiết lập").click()
    expect(page.get_by_text("Đã lưu thiết lập bộ tiêu chí xếp loại.")).to_be_visible()
    expect(page.locator("#items tr").first).to_contain_text("15")
    expect(page.locator("#scheme-history")).to_contain_text("Ban Tổ chức sửa thiết lập bộ tiêu chí xếp loại")
    scheme = RatingScheme.objects.get(code="qd366-2025/nd335-2025")
    assert scheme.excellent_quota_percent == 25
    assert [int(i.points) for i in scheme.items.all()] == [15, 5, 10]
    context.close()
