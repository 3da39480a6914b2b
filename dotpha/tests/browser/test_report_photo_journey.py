"""A periodic monitoring report sent from a phone with a photo (issue 19, part 2), at 390 px in Debian's
chromium: the camera's photo goes with the report, which then shows its time, place and distance."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from dotpha.monitoring.models import MonitoringReport, ReportFile
from dotpha.tests.browser.conftest import loaded_width, login
from dotpha.tests.browser.test_visit_phone_journey import PHONE, photo_file, tan_lap  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_sent_from_the_phone_with_a_photo(tan_lap, live_server, browser, shoot):  # noqa: F811
    period = tan_lap.half_year
    taken = f"{period.covers_from:%Y:%m:%d} 09:30:00"
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    login(page, live_server, "canbo")
    page.goto(f"{live_server.url}/monitoring/assignments/{tan_lap.tan_lap.pk}/reports/{period.pk}/")
    page.get_by_label("Kết quả theo dõi").fill("Xã hoàn thành chuyển đổi số cấp xã.")
    page.get_by_label("Ảnh, tệp minh chứng").set_input_files(
        [photo_file("hoi-truong.jpg", latitude=20.8130, longitude=105.3380, taken=taken)]
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text(f"Đã gửi “{period.name}”.")).to_be_visible()

    page.goto(f"{live_server.url}/monitoring/assignments/{tan_lap.tan_lap.pk}/reports/{period.pk}/")
    photo = page.locator('[data-visit-file="hoi-truong.jpg"]')
    expect(photo.locator("[data-taken]")).to_have_text(f"Chụp lúc 09:30 {period.covers_from:%d/%m/%Y}")
    expect(photo.locator("[data-place]")).to_have_text(
        "Vị trí 20.81300, 105.33800 · cách trung tâm xã 0,1 km"
    )
    expect(photo.locator("[data-flag]")).to_have_count(0)
    assert loaded_width(photo.locator("img")) == 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
    shoot(page, "report-phone-01-photo")
    report = MonitoringReport.objects.get()
    stored = ReportFile.objects.get(report=report)
    assert (stored.latitude, stored.longitude) == (Decimal("20.813000"), Decimal("105.338000"))
