"""The commune committee's year-end form in the browser, on a desktop (1280 px) and on a phone (390 px):
`xa` fills the form, meets the refusal of a contradictory one (replacement asked of a cadre rated
excellent) with what it typed kept, sends it and finds it locked; `tochuc` corrects it with a reason, and
the page shows the correction beside the form as the commune sent it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.monitoring.models import CommuneFeedback
from dotpha.monitoring.tests.stage import build_stage
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scrolling(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_committee_sends_its_form_once_and_the_organizer_corrects_it(
    world, live_server, browser, shoot, width
):
    today = timezone.localdate()
    stage = build_stage(world, today.year, datetime.date(today.year, 1, 1))
    phone = {"is_mobile": True, "has_touch": True} if width < 600 else {}
    context = browser.new_context(viewport={"width": width, "height": 900}, **phone)
    page = context.new_page()

    # the committee opens its form on Đặng Thị Hạnh from its landing page
    login(page, live_server, "xa")
    page.goto(f"{live_server.url}/monitoring/")
    page.locator(".list-group-item", has_text="Đặng Thị Hạnh").get_by_role(
        "link", name="Điền phiếu nhận xét"
    ).click()
    expect(page.get_by_text("Phiếu gửi một lần và không sửa được sau khi gửi.")).to_be_visible()
    # no grade is chosen for it
    expect(page.get_by_label("Hoàn thành xuất sắc nhiệm vụ")).not_to_be_checked()
    expect(page.get_by_label("Hoàn thành tốt nhiệm vụ")).not_to_be_checked()

    # a form rating the cadre excellent and asking to replace them is refused, keeping what was typed
    page.get_by_label("Hoàn thành xuất sắc nhiệm vụ").check()
    page.get_by_label("Nhận xét", exact=True).fill("Đồng chí thường xuyên về cơ sở, nắm chắc tình hình.")
    page.get_by_label("Đề nghị thay thế cán bộ theo dõi").check()
    page.get_by_label("Lý do đề nghị thay thế").fill("Đồng chí sắp nghỉ chế độ.")
    page.get_by_role("button", name="Gửi phiếu nhận xét").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Phiếu đánh giá «Hoàn thành xuất sắc nhiệm vụ» thì không đề nghị thay thế cán bộ theo dõi"
    )
    expect(page.get_by_label("Nhận xét", exact=True)).to_have_value(
        "Đồng chí thường xuyên về cơ sở, nắm chắc tình hình."
    )
    expect(page.get_by_label("Lý do đề nghị thay thế")).to_have_value("Đồng chí sắp nghỉ chế độ.")
    assert not CommuneFeedback.objects.exists()
    no_sideways_scrolling(page, width)
    shoot(page, f"commune-form-{width}-01-refused")

    # the committee drops the replacement request, proposes a commendation and sends the form
    page.get_by_label("Đề nghị thay thế cán bộ theo dõi").uncheck()
    page.get_by_label("Lý do đề nghị thay thế").fill("")
    page.get_by_label("Đề nghị Ban Thường vụ biểu dương, khen thưởng").check()
    page.get_by_role("button", name="Gửi phiếu nhận xét").click()
    expect(page.get_by_text("Phiếu đã gửi chỉ xem, không sửa được.")).to_be_visible()
    expect(page.locator('[data-field="level"]')).to_have_text("Hoàn thành xuất sắc nhiệm vụ")
    feedback = CommuneFeedback.objects.get()
    assert (feedback.proposes_commendation, feedback.requests_replacement) == (True, False)
    shoot(page, f"commune-form-{width}-02-sent")

    # the form is locked: no edit, no resend, the form page leads back to the sent form
    assert page.get_by_role("button", name="Gửi phiếu nhận xét").count() == 0
    assert page.get_by_role("link", name="Đính chính phiếu").count() == 0
    page.goto(f"{live_server.url}/monitoring/assignments/{stage.tan_lap.pk}/feedback/{stage.year.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Phiếu nhận xét này đã gửi; phiếu đã gửi chỉ xem")
    expect(page.locator('[data-field="level"]')).to_have_text("Hoàn thành xuất sắc nhiệm vụ")
    page.goto(f"{live_server.url}/monitoring/feedback/{feedback.pk}/correct/")
    expect(page.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()
    context.clear_cookies()

    # Ban Tổ chức corrects the level to match the signed paper form, with a reason
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/monitoring/feedback/{feedback.pk}/")
    page.get_by_role("link", name="Đính chính phiếu").click()
    page.get_by_label("Hoàn thành tốt nhiệm vụ").check()
    page.get_by_label("Lý do đính chính").fill("Theo phiếu giấy số 12/ĐU: mức hoàn thành tốt.")
    page.get_by_role("button", name="Đính chính").click()

    # the page shows the corrected form, the correction (reason, before, after) and the form as sent
    expect(page.locator('[data-field="level"]')).to_have_text("Hoàn thành tốt nhiệm vụ")
    correction = page.locator("[data-correction]")
    expect(correction.locator("[data-reason]")).to_have_text("Theo phiếu giấy số 12/ĐU: mức hoàn thành tốt.")
    expect(correction.locator("[data-before]")).to_have_text("Hoàn thành xuất sắc nhiệm vụ")
    expect(correction.locator("[data-after]")).to_have_text("Hoàn thành tốt nhiệm vụ")
    expect(page.locator("[data-original]")).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    no_sideways_scrolling(page, width)
    shoot(page, f"commune-form-{width}-03-corrected")
    context.close()
