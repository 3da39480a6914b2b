"""Issue 19: a periodic monitoring report takes photos and files from the phone like a visit: the same
checks, photos re-encoded with their time and place kept as fields, far from the commune or outside the
report's period flagged. Only the assignment's monitoring cadre attaches them, when sending the report."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.models import MonitoringReport, ReportFile
from dotpha.monitoring.services import monitoring_report_submit
from dotpha.monitoring.tests.photos import SCRIPT, phone_photo, zip_bytes
from dotpha.structure.services import unit_update
from dotpha.tasks.tests.evidence_samples import pdf_bytes

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored(item: ReportFile) -> bytes:
    with item.file.open("rb") as handle:
        return handle.read()


def submit(stage, files, actor=None):
    return monitoring_report_submit(
        actor=actor or stage.cadre_user,
        assignment=stage.tan_lap,
        report_period=stage.half_year,
        content="Xã hoàn thành chuyển đổi số cấp xã.",
        files=files,
        today=stage.day(6, 20),
    )


def test_the_cadre_sends_a_report_with_a_photo_and_a_file(stage):
    photo = phone_photo(
        latitude=20.8140,
        longitude=105.3390,
        taken="2026:03:10 09:30:00",
        size=(4000, 3000),
        comment=SCRIPT,
        description=SCRIPT.decode(),
    )
    report = submit(stage, [upload("IMG_0042.JPG", photo + zip_bytes()), upload("bien-ban.pdf", pdf_bytes())])
    photo_item, pdf_item = report.files.order_by("pk")
    assert photo_item.is_photo and photo_item.original_name == "IMG_0042.jpg"
    assert photo_item.taken_at == datetime.datetime(2026, 3, 10, 2, 30, tzinfo=datetime.UTC)
    assert (photo_item.latitude, photo_item.longitude) == (Decimal("20.814000"), Decimal("105.339000"))
    kept = stored(photo_item)
    assert SCRIPT not in kept and b"PK\x03\x04" not in kept and b"Exif" not in kept
    assert kept.endswith(b"\xff\xd9")
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG" and max(image.size) == 2048 and dict(image.getexif()) == {}
    assert (photo_item.file.name or "").startswith("monitoring/reports/")
    assert not pdf_item.is_photo and stored(pdf_item) == pdf_bytes()
    assert photo_item.history.get().history_user == stage.cadre_user


@pytest.mark.parametrize("role", ["commune_committee", "organizer", "unit_manager", "nobody"])
def test_only_the_monitoring_cadre_attaches(stage, world, role):
    with pytest.raises(PermissionDeniedError):
        submit(stage, [upload("anh.jpg", phone_photo())], actor=world.users[role])
    assert not MonitoringReport.objects.exists() and not ReportFile.objects.exists()


def test_a_file_that_is_not_what_it_claims_refuses_the_report(stage):
    with pytest.raises(ApplicationError) as refused:
        submit(stage, [upload("anh.jpg", phone_photo()), upload("anh2.jpg", b"<html>" + SCRIPT)])
    assert refused.value.message == "Nội dung tệp “anh2.jpg” không đúng định dạng JPG."
    assert not MonitoringReport.objects.exists() and not ReportFile.objects.exists()


def test_at_most_the_evidence_limit_per_report(stage, settings):
    settings.DOTPHA_EVIDENCE_MAX_FILES = 1
    with pytest.raises(ApplicationError) as refused:
        submit(stage, [upload("a.jpg", phone_photo()), upload("b.jpg", phone_photo())])
    assert refused.value.message == "Mỗi báo cáo kết quả theo dõi đính kèm tối đa 1 ảnh, tệp."
    settings.DOTPHA_EVIDENCE_MAX_FILES = 10
    settings.DOTPHA_EVIDENCE_MAX_REPORT_BYTES = 1024 * 1024
    big = phone_photo(size=(3000, 3000)) + bytes(1024 * 1024)  # padding after the image
    with pytest.raises(ApplicationError) as refused:
        submit(stage, [upload("a.jpg", big)])
    assert refused.value.message.startswith(
        "Tổng dung lượng ảnh, tệp của một báo cáo kết quả theo dõi tối đa 1 MB"
    )
    assert not MonitoringReport.objects.exists()


# ---- the pages -------------------------------------------------------------------------------------


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def tan_lap(live_stage):
    unit_update(
        actor=live_stage.organizer,
        unit=live_stage.world.commune,
        latitude=Decimal("20.812500"),
        longitude=Decimal("105.337200"),
    )
    return live_stage


def report_url(stage) -> str:
    return reverse("monitoring:report_submit", args=[stage.tan_lap.pk, stage.half_year.pk])


def test_the_report_page_takes_photos_and_shows_their_place_and_flags(tan_lap, client, world):
    stage = tan_lap
    period = stage.half_year
    inside = f"{period.covers_from:%Y:%m:%d} 09:30:00"
    outside = f"{period.covers_to + datetime.timedelta(days=3):%Y:%m:%d} 09:30:00"
    client.force_login(stage.cadre_user)
    form = client.get(report_url(stage))
    assert 'enctype="multipart/form-data"' in form.text and 'accept="image/jpeg,image/png,' in form.text
    response = client.post(
        report_url(stage),
        {
            "content": "Xã hoàn thành chuyển đổi số cấp xã.",
            "attachments": [
                upload("hoi-truong.jpg", phone_photo(latitude=20.8130, longitude=105.3380, taken=inside)),
                upload("ha-noi.jpg", phone_photo(latitude=21.0285, longitude=105.8542, taken=outside)),
            ],
        },
    )
    assert response.status_code == 302
    near, far = ReportFile.objects.order_by("pk")
    # the commune committee sees the report and its photos
    client.force_login(world.users["commune_committee"])
    page = text(client.get(report_url(stage)))
    assert "Chụp lúc 09:30" in page and "Vị trí 20.81300, 105.33800" in page
    assert "Chụp xa xã (" in page
    assert f"Chụp ngày {period.covers_to + datetime.timedelta(days=3):%d/%m/%Y}, ngoài kỳ báo cáo" in page
    assert page.count('data-flag="far"') == 1 and page.count('data-flag="date"') == 1
    photo = client.get(reverse("monitoring:report_file", args=[far.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    thumb = b"".join(
        client.get(reverse("monitoring:report_file", args=[near.pk]) + "?thumb=1").streaming_content
    )
    with Image.open(io.BytesIO(thumb)) as image:
        assert max(image.size) == 320
    # another commune's committee does not
    client.force_login(stage.other_committee)
    assert client.get(reverse("monitoring:report_file", args=[near.pk])).status_code == 404


def test_the_commune_cannot_send_the_report_nor_its_photos(tan_lap, client, world):
    client.force_login(world.users["commune_committee"])
    response = client.post(
        report_url(tan_lap),
        {"content": "Báo cáo thay.", "attachments": [upload("anh.jpg", phone_photo())]},
    )
    assert response.status_code == 403
    assert not MonitoringReport.objects.exists() and not ReportFile.objects.exists()
