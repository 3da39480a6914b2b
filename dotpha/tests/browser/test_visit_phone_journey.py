"""A visit logged from a phone (issue 19, part 2), at 390 px in Debian's chromium: a photo with its EXIF GPS
position attached to a visit, its place and distance shown; then the visit form used without signal: it
opens from the phone's copy, the visit waits on the phone ("Chờ gửi (1)") and is sent once when the signal
comes back."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.monitoring.models import Visit, VisitFile
from dotpha.monitoring.tests.photos import phone_photo
from dotpha.monitoring.tests.stage import build_stage
from dotpha.structure.services import unit_update
from dotpha.tests.browser.conftest import loaded_width, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# a phone in Vietnam: its clock says the province's date, which the form fills in
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "timezone_id": "Asia/Ho_Chi_Minh",
}


@pytest.fixture
def tan_lap(world):
    today = timezone.localdate()
    if today.month == 1 and today.day == 1:
        pytest.skip("Phân công bắt đầu từ 01/01: hôm nay chưa có ngày nào sau đó.")
    stage = build_stage(world, today.year, datetime.date(today.year, 1, 1))
    unit_update(
        actor=stage.organizer,
        unit=world.commune,
        latitude=Decimal("20.812500"),
        longitude=Decimal("105.337200"),
    )
    return stage


def photo_file(name: str, **exif) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": phone_photo(size=(1600, 1200), **exif)}


def test_a_photo_with_its_gps_position_is_shown_on_the_visit(tan_lap, live_server, browser, shoot):
    today = timezone.localdate()
    taken = f"{today:%Y:%m:%d} 09:30:00"
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    login(page, live_server, "canbo")
    page.goto(f"{live_server.url}/monitoring/assignments/{tan_lap.tan_lap.pk}/visits/new/")
    page.get_by_label("Hình thức").select_option("working_visit")
    page.get_by_label("Nội dung", exact=True).fill("Làm việc với Đảng ủy xã về chuyển đổi số.")
    page.get_by_label("Ảnh, tệp minh chứng").set_input_files(
        [
            photo_file("hoi-truong.jpg", latitude=20.8130, longitude=105.3380, taken=taken),
            photo_file("ha-noi.jpg", latitude=21.0285, longitude=105.8542, taken=taken),
        ]
    )
    shoot(page, "visit-phone-01-form")
    page.get_by_role("button", name="Ghi lượt đi cơ sở").click()

    near = page.locator('[data-visit-file="hoi-truong.jpg"]')
    expect(near.locator("[data-taken]")).to_have_text(f"Chụp lúc 09:30 {today:%d/%m/%Y}")
    expect(near.locator("[data-place]")).to_have_text("Vị trí 20.81300, 105.33800 · cách trung tâm xã 0,1 km")
    expect(near.locator("[data-flag]")).to_have_count(0)
    expect(near.get_by_role("img", name="Ảnh hoi-truong.jpg")).to_be_visible()
    # the thumbnail was loaded from the server (a broken image has no natural width)
    assert loaded_width(near.locator("img")) == 320
    far = page.locator('[data-visit-file="ha-noi.jpg"]')
    expect(far.locator('[data-flag="far"]')).to_have_text("Chụp xa xã (59 km)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
    shoot(page, "visit-phone-02-photos")
    assert Visit.objects.count() == 1 and VisitFile.objects.filter(is_photo=True).count() == 2
    stored = VisitFile.objects.get(original_name="hoi-truong.jpg")
    assert (stored.latitude, stored.longitude) == (Decimal("20.813000"), Decimal("105.338000"))
    phone.close()


def test_the_visit_form_works_offline_and_is_sent_once_when_back_online(tan_lap, live_server, browser, shoot):
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    login(page, live_server, "canbo")
    form_url = f"{live_server.url}/monitoring/assignments/{tan_lap.tan_lap.pk}/visits/new/"
    page.goto(form_url)
    # the service worker is installed and has kept the form for offline use
    page.wait_for_function(
        "navigator.serviceWorker.ready.then(() => caches.open('dotpha-pages-v1'))"
        ".then(c => c.match(location.pathname)).then(Boolean)",
        polling=200,
    )

    # no signal: the form still opens, from the phone's copy
    phone.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Ghi lượt đi cơ sở tại Xã Tân Lập")).to_be_visible()
    assert page.evaluate("fetch('/monitoring/').then(() => 'network', () => 'none')") == "none"
    page.get_by_label("Hình thức").select_option("peoples_meeting")
    page.get_by_label("Nội dung", exact=True).fill("Dự họp tiếp xúc cử tri tại thôn Đồng Bến.")
    page.get_by_label("Ảnh, tệp minh chứng").set_input_files(
        [photo_file("thon-dong-ben.jpg", latitude=20.8110, longitude=105.3360)]
    )
    page.get_by_role("button", name="Ghi lượt đi cơ sở").click()
    expect(page.locator("#visit-queue")).to_have_text("Chờ gửi (1)")
    expect(page.locator("#visit-queue-status")).to_contain_text("lượt đi cơ sở đã lưu trên máy")
    # ready for the next visit, dated today
    expect(page.get_by_label("Nội dung", exact=True)).to_have_value("")
    expect(page.get_by_label("Ngày đi cơ sở")).to_have_value(f"{timezone.localdate():%d/%m/%Y}")
    shoot(page, "visit-phone-03-queued")
    assert Visit.objects.count() == 0

    # the signal comes back: the queued visit is sent, with its photo, and leaves the phone
    phone.set_offline(False)
    expect(page.locator("#visit-queue-status")).to_contain_text("Đã gửi 1 lượt đi cơ sở đã lưu trên máy.")
    expect(page.locator("#visit-queue")).to_be_hidden()
    shoot(page, "visit-phone-04-sent")
    visit = Visit.objects.get()
    assert visit.content == "Dự họp tiếp xúc cử tri tại thôn Đồng Bến." and visit.idempotency_key is not None
    assert visit.files.get().original_name == "thon-dong-ben.jpg"

    # later pages send nothing again; the visit shows once with its photo
    page.goto(f"{live_server.url}/monitoring/assignments/{tan_lap.tan_lap.pk}/")
    expect(page.get_by_text("Dự họp tiếp xúc cử tri tại thôn Đồng Bến.")).to_have_count(1)
    expect(page.locator('[data-visit-file="thon-dong-ben.jpg"] [data-place]')).to_contain_text(
        "Vị trí 20.81100"
    )
    page.reload()
    expect(page.locator("#visit-queue")).to_be_hidden()
    assert Visit.objects.count() == 1 and VisitFile.objects.count() == 1
    phone.close()
